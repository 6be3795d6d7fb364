using System.Globalization;
using System.Text;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace CapacityExit.Workflow.Core.Measures;

public enum ExchangeFormat
{
    Xlsx,
    Csv,
}

/// <summary>The exchange file as produced: its rows against the last export, and the file itself.</summary>
public sealed record CreditExchangeFile(string FileName, string ContentType, byte[] Content, IReadOnlyList<(CreditRow Row, CreditChange Change)> Rows, DateTimeOffset? PreviousExportAt);

/// <summary>
/// The joint-credit-punishment exchange file for the credit platform (联合惩戒; 000 §三.2, 001 §四.(八), 003 §四.(二)):
/// the enterprises of the city whose case missed its exit deadline and has not exited yet, one row each, and
/// against the city's last export what is new and what is removed (the exit was accepted, or the case withdrawn).
/// Exporting records the rows, so the next file's changes are against this one.
/// </summary>
public sealed class CreditExchangeService(CapacityExitDbContext db, MeasureAccess access, MeasureSettings settings, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Columns = ["统一社会信用代码", "企业名称", "惩戒措施", "认定依据", "认定日期", "发布单位", "变动"];

    public const string Measure = "列入未按期完成落后产能退出企业联合惩戒名单：限制土地供应、资金支持、税收优惠、行政许可、债券发行、授信、政府采购和招标投标";

    /// <summary>What the next export would hold, without recording it.</summary>
    public async Task<CreditExchangeFile> PreviewAsync(string? login, ExchangeFormat format, CancellationToken cancellationToken)
    {
        var (city, _) = await CityAsync(login, cancellationToken);
        return await BuildAsync(city, format, cancellationToken);
    }

    /// <summary>Produces the file and records its rows as the city's latest export.</summary>
    public async Task<CreditExchangeFile> ExportAsync(string? login, ExchangeFormat format, CancellationToken cancellationToken)
    {
        var (city, person) = await CityAsync(login, cancellationToken);
        var file = await BuildAsync(city, format, cancellationToken);
        db.Add(new CreditExport
        {
            CityId = city.Id, ExportedAt = time.GetUtcNow().ToUniversalTime(), ExportedBy = person.Login,
            Rows = JsonSerializer.Serialize(file.Rows.Where(r => r.Change != CreditChange.Removed).Select(r => r.Row)),
        });
        await db.SaveChangesAsync(cancellationToken);
        return file;
    }

    /// <summary>The city's enterprises listed now: open cases whose exit deadline passed unmet (CaseStanding's credit punishment).</summary>
    public async Task<IReadOnlyList<CreditRow>> ListedAsync(Jurisdiction city, CancellationToken cancellationToken)
    {
        var counties = await db.Jurisdictions.AsNoTracking().Where(j => j.ParentId == city.Id || j.Id == city.Id).Select(j => j.Id).ToListAsync(cancellationToken);
        var missed = await db.WorkflowInstances.FromSqlRaw(
                "select * from capacity_exit.workflow_instances where finished_at is null and variables ? {0}", CaseStanding.ExitDeadlineMissedVariable)
            .AsNoTracking()
            .Join(db.Cases, w => w.CaseId, c => c.Id, (w, c) => new { w.Variables, c.LegalBasis, c.Standard, c.CapacityItem!.Enterprise!.Name, c.CapacityItem.Enterprise.CreditCode, c.CapacityItem.Enterprise.CountyId })
            .Where(x => counties.Contains(x.CountyId))
            .ToListAsync(cancellationToken);
        var issuer = settings.For(city.ProfileId).CreditIssuer;
        return CreditExchange.OnePerEnterprise(missed.Select(m =>
        {
            var day = DateOnly.ParseExact(JsonSerializer.Deserialize<Dictionary<string, string>>(m.Variables)![CaseStanding.ExitDeadlineMissedVariable], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new CreditRow(m.CreditCode.Trim(), m.Name, Measure, $"{m.Standard.Zh()}不达标，未按期完成产能退出（{m.LegalBasis}）", day, issuer);
        }));
    }

    private async Task<CreditExchangeFile> BuildAsync(Jurisdiction city, ExchangeFormat format, CancellationToken cancellationToken)
    {
        var last = await db.Set<CreditExport>().AsNoTracking().Where(e => e.CityId == city.Id).OrderByDescending(e => e.ExportedAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var previous = last is null ? [] : JsonSerializer.Deserialize<List<CreditRow>>(last.Rows) ?? [];
        var rows = CreditExchange.Since(previous, await ListedAsync(city, cancellationToken));
        // Every cell through the one guard of exports: an enterprise named "=HYPERLINK(…)" opens as text on the platform's PC.
        var table = rows.Select(r => Spreadsheets.CellText.Row(new Dictionary<string, object?>
        {
            [Columns[0]] = r.Row.CreditCode, [Columns[1]] = r.Row.EnterpriseName, [Columns[2]] = r.Row.Measure, [Columns[3]] = r.Row.Basis,
            [Columns[4]] = r.Row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [Columns[5]] = r.Row.IssuingBody, [Columns[6]] = r.Change.Zh(),
        })).ToList();
        var stamp = ChinaTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        using var stream = new MemoryStream();
        if (format == ExchangeFormat.Csv)
        {
            // Excel on a Chinese office PC reads UTF-8 only with its byte-order mark.
            stream.Write(Encoding.UTF8.GetPreamble());
        }

        await stream.SaveAsAsync(table.Count == 0 ? EmptyTable() : table, printHeader: true, sheetName: "联合惩戒名单",
            excelType: format == ExchangeFormat.Csv ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: cancellationToken);
        var (extension, type) = format == ExchangeFormat.Csv ? ("csv", "text/csv; charset=utf-8") : ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new CreditExchangeFile($"联合惩戒名单-{city.NameZh}-{stamp}.{extension}", type, stream.ToArray(), rows, last?.ExportedAt);
    }

    /// <summary>An empty list still carries its header row, so the platform's import reads "no rows", not "bad file".</summary>
    private static System.Data.DataTable EmptyTable()
    {
        var table = new System.Data.DataTable();
        foreach (var column in Columns)
        {
            table.Columns.Add(column);
        }

        return table;
    }

    private async Task<(Jurisdiction City, Person Person)> CityAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        if (person.Role != Role.LeadingGroupOffice)
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只有领导小组办公室可以导出联合惩戒交换文件",
                $"{person.Login}: only the leading-group office exports the credit exchange file");
        }

        var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Id == person.JurisdictionId, cancellationToken);
        return (city, person);
    }
}
