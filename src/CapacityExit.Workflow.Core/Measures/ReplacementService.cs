using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Core.Measures;

/// <summary>A replacement plan as submitted (form, CLI, API).</summary>
public sealed record PlanInput(string? ProjectName, string? Applicant, string? CountyCode, string? Industry, decimal NewCapacity, string? Unit,
    IReadOnlyList<LedgerDraw> Draws, string? DocumentRef);

/// <summary>One exited capacity item as the ledger shows it.</summary>
public sealed record LedgerRow(int CapacityItemId, string Enterprise, string County, Industry Industry, string Description, string Unit,
    decimal Amount, decimal Drawn, DateOnly ExitAcceptedOn, IReadOnlyList<long> PlanIds)
{
    public decimal Free => Amount - Drawn;
}

public sealed record PlanView(ReplacementPlan Plan, string County, IReadOnlyList<(ReplacementDraw Draw, string Label)> Draws);

/// <summary>
/// The capacity-replacement ledger and its plans (产能置换, 000 §二 and §三.1; 004 §五.(四) and §六.(二)). A plan is
/// accepted only whole: every draw, the plan and its lines commit together, or, refused, nothing is written.
/// </summary>
public sealed class ReplacementService(CapacityExitDbContext db, MeasureAccess access, AnnualTargets targets, MeasureSettings settings, TimeProvider time)
{
    public const string ConstraintName = "ck_replacement_ledger_within_amount";

    public async Task<ReplacementPlan> PlanAsync(string? login, PlanInput input, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var errors = new List<ValidationError>();
        foreach (var (field, text, max) in new[] { ("projectName", input.ProjectName, 200), ("applicant", input.Applicant, 200), ("county", input.CountyCode, 12), ("unit", input.Unit, 30) })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Length > max || InputText.HasControlCharacters(text))
            {
                errors.Add(new(field, $"不能为空，不超过{max}字，且不含控制字符", $"must be given, at most {max} characters, without control characters"));
            }
        }

        if (input.DocumentRef is { } doc && (doc.Length > 100 || InputText.HasControlCharacters(doc)))
        {
            errors.Add(new("documentRef", "文号不超过100字，且不含控制字符", "at most 100 characters, without control characters"));
        }

        if (!IndustryNames.TryParse(input.Industry, out var industry))
        {
            errors.Add(new("industry", $"“{input.Industry}”不是行业名称（如 钢铁、水泥）", $"'{input.Industry}' is not an industry (e.g. 钢铁, 水泥)"));
        }

        Throw(errors);
        var county = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == input.CountyCode, cancellationToken);
        if (county is null || county.Level is not (JurisdictionLevel.CountyDistrict or JurisdictionLevel.DevelopmentZone))
        {
            throw DomainValidationException.Single("county", $"没有代码为{input.CountyCode}的县（市、区）或开发区", $"no county, district or zone with code {input.CountyCode}");
        }

        await access.EnsureCanRecordPlanAsync(person, county, cancellationToken);
        await EnsureNotBarredAsync(county, cancellationToken);
        var profile = settings.For(await JurisdictionChain.ProfileAsync(db, county.Id, cancellationToken));
        var request = new ReplacementRequest(industry, input.Unit!.Trim(), input.NewCapacity, profile.RatioFor(industry), input.Draws);
        var ledger = await EntriesAsync(input.Draws.Select(d => d.CapacityItemId).ToList(), county.ParentId!.Value, cancellationToken);
        Throw(CapacityReplacement.Check(request, ledger));

        var now = time.GetUtcNow().ToUniversalTime();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var draw in input.Draws)
        {
            try
            {
                if (!await DrawAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), draw, now, cancellationToken))
                {
                    throw new WorkflowRuleException("exit-not-accepted", $"{ledger[draw.CapacityItemId].Label}尚未通过退出验收（先淘汰、后审批）",
                        $"{ledger[draw.CapacityItemId].Label}: its exit is not accepted (eliminate first, then approve)");
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName == ConstraintName)
            {
                // Another plan drew the same capacity after this one was checked: the database refuses the overdraw.
                throw new WorkflowRuleException("capacity-already-drawn",
                    $"{ledger[draw.CapacityItemId].Label}已被其他置换方案同时使用，剩余产能不足，本方案未受理（已用于置换的产能不得重复使用）",
                    $"{ledger[draw.CapacityItemId].Label} was drawn by another plan at the same time and has too little left; this plan is not accepted");
            }
        }

        var plan = new ReplacementPlan
        {
            ProjectName = input.ProjectName!.Trim(), Applicant = input.Applicant!.Trim(), CountyId = county.Id, Industry = industry, Unit = request.Unit,
            NewCapacity = request.NewCapacity, Ratio = request.Ratio, Required = CapacityReplacement.Required(request.NewCapacity, request.Ratio),
            Drawn = input.Draws.Sum(d => d.Amount), DocumentRef = string.IsNullOrWhiteSpace(input.DocumentRef) ? null : input.DocumentRef.Trim(),
            RecordedBy = person.Login, RecordedAt = now,
            Draws = input.Draws.Select(d => new ReplacementDraw { CapacityItemId = d.CapacityItemId, Amount = d.Amount }).ToList(),
        };
        db.Add(plan);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return plan;
    }

    /// <summary>
    /// Draws <paramref name="draw"/> from the ledger in the caller's transaction: the item's row appears with its first
    /// draw, only if a case of it ended exited (先淘汰、后审批, in the same statement), and the check constraint refuses
    /// drawing past its amount. A concurrent draw on the same item waits for this one and then re-reads the total.
    /// Returns false when the item has no accepted exit.
    /// </summary>
    public static async Task<bool> DrawAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerDraw draw, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            insert into capacity_exit.replacement_ledger (capacity_item_id, amount, drawn, updated_at)
            select ci.id, ci.amount, @drawn, @now from capacity_exit.capacity_items ci
            where ci.id = @item and exists (select 1 from capacity_exit.cases c where c.capacity_item_id = ci.id and c.status = 'Exited')
            on conflict (capacity_item_id) do update set drawn = replacement_ledger.drawn + excluded.drawn, updated_at = excluded.updated_at
            """, connection, transaction);
        command.Parameters.AddWithValue("item", draw.CapacityItemId);
        command.Parameters.AddWithValue("drawn", draw.Amount);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// 项目限批 (004 §六.(二)): a county whose annual exit target's last day has passed unmet has new projects barred until
    /// its cases have exited the target's capacity.
    /// </summary>
    public async Task EnsureNotBarredAsync(Jurisdiction county, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        var progress = await targets.ProgressAsync(Enumerable.Range(today.Year - 3, 4).ToList(), county.ParentId, cancellationToken);
        var barring = ProjectBan.BarringTarget(progress.Where(p => p.Target.JurisdictionId == county.Id)
            .Select(p => new TargetStanding(p.Target.Description, p.Target.Year, p.Target.Amount, p.Target.Unit, p.Target.DueOn, p.ExitedToDate)), today);
        if (barring is not null)
        {
            var n = CapacityReplacement.Number;
            throw new WorkflowRuleException("project-ban",
                $"{county.NameZh}未完成{barring.Year}年度淘汰落后产能目标任务“{barring.Description}”（目标{n(barring.Amount)}{barring.Unit}，期限{barring.DueOn:yyyy年M月d日}，已退出{n(barring.ExitedToDate)}{barring.Unit}），实行项目限批，完成前不受理新建项目产能置换方案（004 §六.(二)）",
                $"{county.NameEn ?? county.NameZh} missed its {barring.Year} exit target '{barring.Description}' ({n(barring.Amount)} {barring.Unit} by {barring.DueOn:yyyy-MM-dd}, {n(barring.ExitedToDate)} exited): new projects are barred until it is met");
        }
    }

    /// <summary>The ledger of the person's jurisdiction: every capacity item whose case ended exited, once, with what is free.</summary>
    public async Task<IReadOnlyList<LedgerRow>> LedgerAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var visible = (await access.VisibleAsync(person, cancellationToken)).ToList();
        return await RowsAsync(db.CapacityItems.Where(i => visible.Contains(i.Enterprise!.CountyId)), cancellationToken);
    }

    /// <summary>The ledger as an .xlsx workbook (产能置换台账), one row per exited item, in Chinese.</summary>
    public async Task<byte[]> LedgerWorkbookAsync(string? login, CancellationToken cancellationToken)
    {
        var n = CapacityReplacement.Number;
        var rows = (await LedgerAsync(login, cancellationToken)).Select(r => new Dictionary<string, object?>
        {
            ["台账编号"] = r.CapacityItemId, ["企业"] = r.Enterprise, ["县（市、区）"] = r.County, ["行业"] = r.Industry.Zh(), ["生产线（设备）"] = r.Description,
            ["计量单位"] = r.Unit, ["退出产能"] = n(r.Amount), ["已用于置换"] = n(r.Drawn), ["尚可置换"] = n(r.Free),
            ["退出验收日期"] = r.ExitAcceptedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["置换方案"] = string.Join("、", r.PlanIds.Select(id => $"第{id}号")),
        }).ToList();
        using var stream = new MemoryStream();
        if (rows.Count == 0)
        {
            rows.Add(new Dictionary<string, object?> { ["台账编号"] = "（暂无已退出产能）" });
        }

        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows.Select(Spreadsheets.CellText.Row).ToList(), sheetName: "产能置换台账", excelType: MiniExcelLibs.ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    public async Task<IReadOnlyList<PlanView>> PlansAsync(string? login, long? planId, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var visible = (await access.VisibleAsync(person, cancellationToken)).ToList();
        var plans = await db.Set<ReplacementPlan>().AsNoTracking().Include(p => p.Draws)
            .Where(p => visible.Contains(p.CountyId) && (planId == null || p.Id == planId)).OrderByDescending(p => p.Id).ToListAsync(cancellationToken);
        var countyIds = plans.Select(p => p.CountyId).Distinct().ToList();
        var counties = await db.Jurisdictions.AsNoTracking().Where(j => countyIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.NameZh, cancellationToken);
        var itemIds = plans.SelectMany(p => p.Draws).Select(d => d.CapacityItemId).Distinct().ToList();
        var labels = await db.CapacityItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, Label = i.Enterprise!.Name + " " + i.Description })
            .ToDictionaryAsync(i => i.Id, i => i.Label, cancellationToken);
        return plans.Select(p => new PlanView(p, counties[p.CountyId], p.Draws.OrderBy(d => d.Id).Select(d => (d, labels[d.CapacityItemId])).ToList())).ToList();
    }

    /// <summary>The counties the person may record plans for (their city's, if they may record plans at all), for a form's choice.</summary>
    public async Task<IReadOnlyList<Jurisdiction>> CountiesAsync(string? login, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var mayRecord = person.Role == Role.LeadingGroupOffice ||
            (person.Role == Role.BureauOfficer && await db.Bureaus.AnyAsync(b => b.Id == person.BureauId && b.Kind == BureauKind.Development, cancellationToken));
        if (!mayRecord)
        {
            return [];
        }

        return await db.Jurisdictions.AsNoTracking()
            .Where(j => j.ParentId == person.JurisdictionId && (j.Level == JurisdictionLevel.CountyDistrict || j.Level == JurisdictionLevel.DevelopmentZone))
            .OrderBy(j => j.Code).ToListAsync(cancellationToken);
    }

    private async Task<Dictionary<int, LedgerEntry>> EntriesAsync(IReadOnlyCollection<int> itemIds, int cityId, CancellationToken cancellationToken)
    {
        var rows = await db.CapacityItems.AsNoTracking().Where(i => itemIds.Contains(i.Id) && i.Enterprise!.County!.ParentId == cityId)
            .Select(i => new
            {
                i.Id, i.Enterprise!.Industry, i.Unit, i.Amount, i.Description, Enterprise = i.Enterprise.Name,
                Drawn = db.Set<ReplacementLedgerEntry>().Where(l => l.CapacityItemId == i.Id).Select(l => (decimal?)l.Drawn).FirstOrDefault() ?? 0m,
                Exited = db.Cases.Any(c => c.CapacityItemId == i.Id && c.Status == CaseStatus.Exited),
            }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => new LedgerEntry(r.Id, r.Industry, r.Unit, r.Amount, r.Drawn, r.Exited, $"{r.Enterprise}{r.Description}"));
    }

    private async Task<IReadOnlyList<LedgerRow>> RowsAsync(IQueryable<CapacityItem> items, CancellationToken cancellationToken)
    {
        var rows = await (
            from i in items
            join c in db.Cases on i.Id equals c.CapacityItemId
            join w in db.WorkflowInstances on c.Id equals w.CaseId
            where c.Status == CaseStatus.Exited
            select new
            {
                i.Id, Enterprise = i.Enterprise!.Name, County = i.Enterprise.County!.NameZh, i.Enterprise.Industry, i.Description, i.Unit, i.Amount,
                Drawn = db.Set<ReplacementLedgerEntry>().Where(l => l.CapacityItemId == i.Id).Select(l => (decimal?)l.Drawn).FirstOrDefault() ?? 0m,
                w.FinishedAt,
            }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var draws = await db.Set<ReplacementDraw>().AsNoTracking().Where(d => ids.Contains(d.CapacityItemId)).ToListAsync(cancellationToken);
        // An item with two exited cases (energy and environment) is one item: listed once, from its first accepted exit.
        return rows.GroupBy(r => r.Id).Select(g => g.OrderBy(r => r.FinishedAt).First())
            .Select(r => new LedgerRow(r.Id, r.Enterprise, r.County, r.Industry, r.Description, r.Unit, r.Amount, r.Drawn,
                DayOf(r.FinishedAt), draws.Where(d => d.CapacityItemId == r.Id).Select(d => d.PlanId).Order().ToList()))
            .OrderBy(r => r.ExitAcceptedOn).ThenBy(r => r.CapacityItemId).ToList();
    }

    /// <summary>The day in Beijing of an instant (an exit's acceptance).</summary>
    public static DateOnly DayOf(DateTimeOffset? at) =>
        at is { } x ? ChinaTime.DayOf(x) : DateOnly.MinValue;

    private static void Throw(IReadOnlyList<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}
