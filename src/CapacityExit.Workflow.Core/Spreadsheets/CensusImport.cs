using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>A wrong cell of a census file: the spreadsheet's row number (headers are row 1), the column, the value, why.</summary>
public sealed record CensusProblem(int Row, string Column, string Value, string ReasonZh, string ReasonEn);

/// <summary>What an import did: the cases it opened, the rows already opened by an earlier import, or the problems (then nothing).</summary>
public sealed record CensusImportResult(IReadOnlyList<CensusProblem> Problems, IReadOnlyList<long> Opened, IReadOnlyList<(int Row, long CaseId)> AlreadyOpened)
{
    public bool Succeeded => Problems.Count == 0;

    /// <summary>Refused whole for its size (past <see cref="CensusImport.MaxUnpackedBytes"/> unpacked, or <see cref="CensusImport.MaxRows"/> rows): an upload refused, for the audit log.</summary>
    public bool OverLimit { get; init; }
}

/// <summary>
/// The census (摸排) as the counties and bureaus keep it: one row per enterprise capacity found failing a standard
/// (002 通知: 摸排结果6月27日前报送). Every row goes through <see cref="CaseOpeningService"/> — the same checks and rights
/// as 立案 on the web — inside one transaction with a savepoint per row, so every wrong row is found and reported; any
/// wrong row and nothing is written; otherwise all the cases open together, each with its workflow started. A row whose
/// case exists already (same credit code, line or equipment, standard and finding date) is not opened again.
/// </summary>
public sealed class CensusImport(CapacityExitDbContext db, TimeProvider time, WorkflowStarter starter)
{
    public const string CreditCode = "统一社会信用代码";
    public const string Name = "企业名称";
    public const string County = "县（市、区）";
    public const string Industry = "行业";
    public const string Item = "生产线或主体设备";
    public const string Amount = "产能";
    public const string Unit = "产能单位";
    public const string Standard = "标准";
    public const string FindingDate = "认定日期";
    public const string Bureau = "责任部门";
    public const string LegalBasis = "认定依据";
    public const string Facts = "案件事实（可选）";

    /// <summary>The most data rows one import takes; reading stops at the next row (<see cref="Xlsx.Read"/>).</summary>
    public const int MaxRows = 100_000;

    /// <summary>
    /// The most bytes the workbook may unpack to, all its parts together (sheets, sharedStrings.xml, styles, …), counted as
    /// they come out of the decompressor whatever the ZIP's headers declare. A full census row unpacks to well under 1 KB
    /// (about 0.6 KB written by MiniExcel with inline strings, less from Excel or WPS with shared strings), so a sheet of
    /// <see cref="MaxRows"/> short rows fits (rows of long texts reach the cap first); a "zip bomb" is refused after reading
    /// this much, in constant memory. Raised only with a measurement (docs/reliability.md, "A census upload").
    /// </summary>
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;

    public static readonly IReadOnlyList<string> Columns = [CreditCode, Name, County, Industry, Item, Amount, Unit, Standard, FindingDate, Bureau, LegalBasis, Facts];

    /// <summary>How each column is filled in (the template's second sheet).</summary>
    public static readonly IReadOnlyList<(string Column, string How)> Guide =
    [
        (CreditCode, "18位统一社会信用代码（GB 32100-2015），企业已登记的按代码找到该企业"),
        (Name, "企业全称；新企业据此登记"),
        (County, "企业所在县（市、区）或开发区的名称（如 北湖区）或行政区划代码"),
        (Industry, "钢铁、煤炭、水泥、电解铝、平板玻璃、焦化、石化化工、烟花爆竹、铅冶炼、造纸、印染、制革、化纤、化工、蓄电池、电镀、煤电"),
        (Item, "不达标的生产线或主体设备，如“2500吨/日新型干法水泥熟料生产线”"),
        (Amount, "产能数量，大于零的数字"),
        (Unit, "产能单位，如 万吨/年"),
        (Standard, "能耗、环保、质量、安全、技术"),
        (FindingDate, "认定不达标的日期，YYYY-MM-DD，不晚于今天"),
        (Bureau, "负责该标准的部门名称，如 郴州市工业和信息化局；须是本人可以立案的部门"),
        (LegalBasis, "认定所依据的标准或法规条文"),
        (Facts, "该标准的流程需要的事实，如 orderPeriod=P3M（环保、安全的整改命令期限）、demolitionDate=2026-06-30（技术类限时拆除日期）；多项以分号隔开"),
    ];

    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["creditCode"] = CreditCode, ["enterpriseName"] = Name, ["name"] = Name, ["countyCode"] = County, ["industry"] = Industry,
        ["item"] = Item, ["description"] = Item, ["amount"] = Amount, ["unit"] = Unit, ["standard"] = Standard, ["findingDate"] = FindingDate,
        ["bureauId"] = Bureau, ["responsibleBureauId"] = Bureau, ["legalBasis"] = LegalBasis, ["variables"] = Facts,
    };

    /// <summary>The template: the headers on the first sheet, how to fill each column on the second.</summary>
    public static byte[] Template() => Xlsx.WriteSheets(new Dictionary<string, IReadOnlyList<IDictionary<string, object?>>>
    {
        ["摸排"] = [Columns.ToDictionary(c => c, c => (object?)null)],
        ["填写说明"] = Guide.Select(g => (IDictionary<string, object?>)new Dictionary<string, object?> { ["列"] = g.Column, ["填写要求"] = g.How }).ToList(),
    });

    /// <summary>The problems as a sheet, for the person to download beside the page.</summary>
    public static byte[] ProblemsSheet(IReadOnlyList<CensusProblem> problems) => Xlsx.Write(problems,
    [
        new("行", p => p.Row), new("列", p => p.Column), new("填写的值", p => p.Value), new("原因", p => p.ReasonZh), new("Reason", p => p.ReasonEn),
    ], "问题");

    public async Task<CensusImportResult> ImportAsync(string? login, byte[] xlsx, CancellationToken cancellationToken)
    {
        SheetRows sheet;
        try
        {
            sheet = Xlsx.Read(xlsx, MaxRows, MaxUnpackedBytes);
        }
        catch (WorkbookTooLargeException)
        {
            return Refused(1, "", "", $"表格解压后超过{MaxUnpackedBytes / 1024 / 1024}MB的上限（一次最多导入{MaxRows}行），未导入任何数据；请分批导入",
                $"the workbook unpacks to more than {MaxUnpackedBytes / 1024 / 1024} MB, the limit (at most {MaxRows} rows at a time); nothing was imported: split it") with { OverLimit = true };
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or System.Xml.XmlException or IndexOutOfRangeException or NullReferenceException)
        {
            return Refused(1, "", "", "文件无法读取为 .xlsx 表格", $"the file cannot be read as an .xlsx sheet ({e.GetType().Name})");
        }

        var missing = Columns.Where(c => c != Facts && !sheet.Headers.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return new CensusImportResult(missing.Select(c => new CensusProblem(1, c, "", $"缺少列“{c}”（请使用下载的模板）", $"the column '{c}' is missing (use the template)")).ToList(), [], []);
        }

        var lines = sheet.Rows;
        if (lines.Count == 0)
        {
            return Refused(2, "", "", "表格中没有数据行", "the sheet has no rows");
        }

        if (sheet.Truncated || lines.Count > MaxRows)
        {
            // Reading stopped at this row: the rest of the sheet was never read, nothing is written.
            return Refused(lines[MaxRows].Row, "", "", $"一次最多导入{MaxRows}行，未导入任何数据；请分批导入", $"at most {MaxRows} rows at a time; nothing was imported: split the sheet") with { OverLimit = true };
        }

        // Everything the rules read, read once for the file: the person, bureaus, jurisdictions, the enterprises of the file's
        // credit codes and the cases opened before for them. Then every row is checked in memory, in order, as 立案 checks it.
        var facts = await OpeningFacts.LoadAsync(db, time, login, lines.Select(l => l.Cells.GetValueOrDefault(CreditCode)), cancellationToken);
        var bureaus = OpeningRules.BureausFor(facts).ToDictionary(b => b.NameZh, b => b.Id, StringComparer.Ordinal);
        var countyCodes = facts.Jurisdictions.Counties.GroupBy(c => c.NameZh).Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Code, StringComparer.Ordinal);
        var openedBefore = await OpenedBeforeAsync(facts.Enterprises.Keys, cancellationToken);

        var problems = new List<CensusProblem>();
        var plans = new List<OpeningPlan>();
        var already = new List<(int Row, OpeningCase Case)>();
        foreach (var (row, cells) in lines)
        {
            string Cell(string column) => cells.GetValueOrDefault(column, "");
            var rowProblems = new List<CensusProblem>();
            int? bureauId = bureaus.TryGetValue(Cell(Bureau), out var b) ? b : null;
            if (bureauId is null)
            {
                rowProblems.Add(new(row, Bureau, Cell(Bureau), "没有这个部门，或您不能为该部门立案（应填写部门全称）",
                    "no such bureau, or you may not open cases for it (write the bureau's full name)"));
            }

            var variables = ParseFacts(Cell(Facts), out var factsError);
            if (factsError is not null)
            {
                rowProblems.Add(new(row, Facts, Cell(Facts), factsError, "write facts as name=value; name=value"));
            }

            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems);
                continue;
            }

            var input = new CaseOpening(Cell(CreditCode), Cell(Name), Cell(Industry), countyCodes.GetValueOrDefault(Cell(County), Cell(County)),
                Cell(Item), Cell(Amount), Cell(Unit), Cell(Standard), Cell(FindingDate), Cell(LegalBasis), bureauId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), variables);
            var key = SameCase(input);
            if (key is not null && openedBefore.TryGetValue(key.Value, out var existing))
            {
                already.Add((row, existing));
                continue;
            }

            var check = OpeningRules.Check(facts, input, starter);
            switch (check.Refusal)
            {
                case DomainValidationException e:
                    problems.AddRange(e.Errors.Select(x => Problem(row, cells, x.Field, x.MessageZh, x.MessageEn)));
                    continue;
                case WorkflowRuleException e:
                    problems.Add(new(row, "", "", e.MessageZh, e.Message));
                    continue;
                case { } other:
                    throw other;
            }

            plans.Add(check.Plan!);
            if (key is not null)
            {
                // A later row of the same file for the same case finds it opened, as if written.
                openedBefore[key.Value] = new OpeningCase(check.Plan!.Case);
            }
        }

        if (problems.Count > 0)
        {
            return new CensusImportResult(problems, [], []);
        }

        // The rows as read are done with: what is written is in the plans, so the sheet's cells may go while it is written.
        sheet = null!;
        lines = null!;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await OpeningWriter.WriteAsync(starter, transaction, db, plans, facts.Now, facts.Person!.Login, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CensusImportResult([], plans.Select(p => p.Case.Id).ToList(), already.Select(a => (a.Row, a.Case.Id)).ToList());
    }

    /// <summary>A case opened before, or by an earlier row of the file (its id known once written).</summary>
    private sealed record OpeningCase(Case? Planned, long Known = 0)
    {
        public long Id => Planned?.Id ?? Known;
    }

    /// <summary>What makes a row the case opened before: the same enterprise (credit code), line or equipment, standard and finding date.</summary>
    private static (string Code, string Item, Standard Standard, DateOnly Found)? SameCase(CaseOpening input)
    {
        var code = input.CreditCode?.Trim().ToUpperInvariant();
        var item = input.Item?.Trim();
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(item) || InputText.HasControlCharacters(code) || InputText.HasControlCharacters(item)
            || !StandardNames.TryParse(input.Standard, out var standard)
            || !DateOnly.TryParseExact(input.FindingDate?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var found))
        {
            return null;
        }

        return (code, item, standard, found);
    }

    /// <summary>The cases opened before for the enterprises of these credit codes, by <see cref="SameCase"/>, in one query.</summary>
    private async Task<Dictionary<(string Code, string Item, Standard Standard, DateOnly Found), OpeningCase>> OpenedBeforeAsync(IEnumerable<string> codes,
        CancellationToken cancellationToken)
    {
        var registered = codes.ToList();
        var rows = registered.Count == 0
            ? []
            : await db.Cases.AsNoTracking().Where(c => registered.Contains(c.CapacityItem!.Enterprise!.CreditCode))
                .OrderBy(c => c.Id)
                .Select(c => new { c.CapacityItem!.Enterprise!.CreditCode, c.CapacityItem.Description, c.Standard, c.FindingDate, c.Id }).ToListAsync(cancellationToken);
        var found = new Dictionary<(string, string, Standard, DateOnly), OpeningCase>();
        foreach (var r in rows)
        {
            found.TryAdd((r.CreditCode.Trim(), r.Description, r.Standard, r.FindingDate), new OpeningCase(null, r.Id));
        }

        return found;
    }

    private static CensusProblem Problem(int row, IReadOnlyDictionary<string, string> cells, string field, string zh, string en)
    {
        var column = ColumnOfField.GetValueOrDefault(field, "");
        return new CensusProblem(row, column, column.Length > 0 ? cells.GetValueOrDefault(column, "") : "", zh, en);
    }

    private static CensusImportResult Refused(int row, string column, string value, string zh, string en) => new([new CensusProblem(row, column, value, zh, en)], [], []);

    /// <summary>"orderPeriod=P3M; demolitionDate=2026-06-30" (；, ; or new lines between), names as the definitions spell them.</summary>
    private static Dictionary<string, string>? ParseFacts(string text, out string? error)
    {
        error = null;
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split([';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
            {
                error = $"“{part}”应写作 名称=值（如 orderPeriod=P3M）";
                return null;
            }

            facts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        return facts.Count == 0 ? null : facts;
    }
}
