using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Notices;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Measures;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Measures;

/// <summary>
/// An enterprise under a price measure, as the list shows it; <see cref="WaterNoticeNumber"/> is the water supplier's own
/// notice where the application notice did not tell it.
/// </summary>
public sealed record PriceMeasureRow(PriceMeasure Measure, string Enterprise, string CreditCode, string County, string Standard, string State,
    string NoticeNumber, string? LiftNoticeNumber, string? WaterNoticeNumber = null);


/// <summary>
/// Differential and punitive prices (差别电价、惩罚性电价; 003 §三.2 and the other seeds): a case that enters a failing state
/// puts its enterprise under the measure with a numbered notice to the power supplier (and the water supplier where the
/// profile says so); rectification, exit or withdrawal lifts it with a second notice. Both are issued in the
/// transition's own transaction (<see cref="AfterAsync"/>, an <see cref="ITransitionFollowUp"/>): the move and its
/// notice commit together or not at all. <see cref="SyncAsync"/> is the catch-up a recurring job runs: it issues what
/// the cases' states call for and no transition sent (the supplier's mailbox was configured later, a case ended outside
/// the workflow). Each notice is issued once: the unique indexes on price_measures refuse a second.
/// </summary>
public sealed class PriceMeasureService(IServiceScopeFactory scopes, WorkflowRuntime runtime, MeasureSettings settings, TimeProvider time,
    Microsoft.Extensions.Configuration.IConfiguration configuration, ILogger<PriceMeasureService> logger) : ITransitionFollowUp
{
    public const string Actor = "system:price-measures";
    public const string PowerSupplier = "power-supplier";
    public const string WaterSupplier = "water-supplier";

    /// <summary>Notices issued per run and kind at most: a first run over a large registry catches up over a few runs.</summary>
    public const int BatchSize = 200;

    private bool SupplierConfigured => Configured(PowerSupplier);

    private bool Configured(string supplier) => !string.IsNullOrWhiteSpace(configuration[RecipientDirectory.ConfigurationPrefix + supplier])
        || configuration.GetSection(RecipientDirectory.ConfigurationPrefix + supplier).GetChildren().Any();

    /// <summary>
    /// In a transition's transaction: a case that entered a failing state (from a passing one, or at its start) gets
    /// its notice; a case that ended (rectified, exited, withdrawn) gets the lifting notice of its measure. Each notice
    /// is issued under a savepoint: one that cannot be issued (no mailbox) is rolled back alone and left to
    /// <see cref="SyncAsync"/>, and the transition commits all the same.
    /// </summary>
    public async Task AfterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CaseMoved> moved, CancellationToken cancellationToken)
    {
        var open = moved.Where(m => !m.Finished).ToList();
        var ended = moved.Where(m => m.Finished && m.Status is { } status && status != CaseStatus.Open).ToList();
        if ((open.Count == 0 && ended.Count == 0) || !SupplierConfigured)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        var notices = scope.ServiceProvider.GetRequiredService<NoticeService>();
        var ids = open.Concat(ended).Select(m => m.CaseId).ToList();
        var measures = await db.Set<PriceMeasure>().AsNoTracking().Where(m => ids.Contains(m.CaseId)).Select(m => new { m.Id, m.CaseId, m.LiftNoticeId })
            .ToListAsync(cancellationToken);
        var facts = await ScopeFactsAsync(db, open.Where(m => measures.All(x => x.CaseId != m.CaseId)).Select(m => m.CaseId).ToList(), cancellationToken);
        foreach (var m in open.Where(m => facts.ContainsKey(m.CaseId)))
        {
            // A case of capacity its seed names is under the measure from its finding (its opening), whatever its step.
            if (Entry(facts[m.CaseId]) is not { } entry)
            {
                continue;
            }

            var step = runtime.Catalog.Get(m.After.DefinitionId, m.After.Version).States[m.After.State];
            await UnderSavepointAsync(db, transaction, m.CaseId, () => ApplyAsync(db, notices, m.CaseId, entry, step.Title, cancellationToken), cancellationToken);
        }

        foreach (var m in ended)
        {
            var outcome = m.Status switch { CaseStatus.Compliant => CaseOutcome.Compliant, CaseStatus.Exited => CaseOutcome.Exited, _ => CaseOutcome.Withdrawn };
            foreach (var measure in measures.Where(x => x.CaseId == m.CaseId && x.LiftNoticeId is null))
            {
                await UnderSavepointAsync(db, transaction, m.CaseId, () => LiftAsync(db, notices, measure.Id, m.CaseId, Lifting.Of(outcome), cancellationToken), cancellationToken);
            }
        }
    }

    /// <summary>What decides whether a case is under a price measure: its standard, its industry and its city's profile.</summary>
    private sealed record ScopeFacts(Standard Standard, Industry Industry, string? ProfileId);

    private static async Task<Dictionary<long, ScopeFacts>> ScopeFactsAsync(CapacityExitDbContext db, IReadOnlyCollection<long> caseIds, CancellationToken cancellationToken)
    {
        if (caseIds.Count == 0)
        {
            return [];
        }

        return await (
            from c in db.Cases.AsNoTracking()
            join i in db.WorkflowInstances on c.Id equals i.CaseId
            where caseIds.Contains(c.Id)
            select new { c.Id, c.Standard, c.CapacityItem!.Enterprise!.Industry, i.ProfileId })
            .ToDictionaryAsync(r => r.Id, r => new ScopeFacts(r.Standard, r.Industry, r.ProfileId), cancellationToken);
    }

    /// <summary>The line of the case's profile that puts it under a price measure; null where its seed names no such capacity.</summary>
    private PriceScopeEntry? Entry(ScopeFacts facts) =>
        facts.ProfileId is { } profile && settings.Profiles.TryGetValue(profile, out var measures) ? measures.PriceScope.For(facts.Standard, facts.Industry) : null;

    /// <summary>Why a measure ends, as the lifting notice says it (Chinese, English).</summary>
    private sealed record Lifting(string Zh, string En)
    {
        public static Lifting Of(CaseOutcome outcome) => new(PriceMeasures.LiftedBecause(outcome),
            outcome == CaseOutcome.Compliant ? "has rectified" : outcome == CaseOutcome.Exited ? "has exited and passed acceptance" : "case was withdrawn");
    }

    private async Task UnderSavepointAsync(CapacityExitDbContext db, NpgsqlTransaction transaction, long caseId, Func<Task<bool>> work, CancellationToken cancellationToken)
    {
        const string savepoint = "price_notice";
        await transaction.SaveAsync(savepoint, cancellationToken);
        try
        {
            await work();
            await transaction.ReleaseAsync(savepoint, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not issued now (no mailbox for the supplier, a notice issued by another host first): the transition
            // still commits, and the catch-up job tries again.
            await transaction.RollbackAsync(savepoint, cancellationToken);
            db.ChangeTracker.Clear(); // what was added before the failure is gone with the savepoint
            logger.LogWarning("Price notice for case {CaseId} not issued with its transition: {Reason}", caseId, e.Message);
        }
    }

    /// <summary>
    /// The catch-up: issues every notice the cases call for and no transition issued (the supplier's mailbox configured
    /// since, a case ended outside the workflow, a case opened before its seed's scope was applied), and corrects by a
    /// numbered notice every measure still running on a case its seed does not name (issued under the earlier rule, which
    /// put every carded case under a measure). Returns how many were applied and how many lifted (corrections included).
    /// </summary>
    public async Task<(int Applied, int Lifted)> SyncAsync(CancellationToken cancellationToken)
    {
        if (!SupplierConfigured)
        {
            // The power supplier is outside the registry: with no mailbox configured there is nobody to send to.
            logger.LogWarning("No price notices issued: configure {Key} (the power supplier's mailbox)", RecipientDirectory.ConfigurationPrefix + PowerSupplier);
            return (0, 0);
        }

        List<(long CaseId, string DefinitionId, int Version, string State, ScopeFacts Facts)> open;
        List<(long Id, long CaseId, CaseStatus Status)> ended;
        List<(long Id, long CaseId, ScopeFacts Facts)> running;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
            open = (await (
                from w in db.WorkflowInstances.AsNoTracking()
                join c in db.Cases on w.CaseId equals c.Id
                where w.FinishedAt == null && !db.Set<PriceMeasure>().Any(m => m.CaseId == c.Id)
                orderby c.Id
                select new { c.Id, w.DefinitionId, w.Version, w.State, c.Standard, c.CapacityItem!.Enterprise!.Industry, w.ProfileId }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.DefinitionId, r.Version, r.State, new ScopeFacts(r.Standard, r.Industry, r.ProfileId))).ToList();
            ended = (await (
                from m in db.Set<PriceMeasure>().AsNoTracking()
                join c in db.Cases on m.CaseId equals c.Id
                where m.LiftNoticeId == null && c.Status != CaseStatus.Open
                orderby m.Id
                select new { m.Id, m.CaseId, c.Status }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.CaseId, r.Status)).ToList();
            running = (await (
                from m in db.Set<PriceMeasure>().AsNoTracking()
                join c in db.Cases on m.CaseId equals c.Id
                join w in db.WorkflowInstances on c.Id equals w.CaseId
                where m.LiftNoticeId == null && c.Status == CaseStatus.Open
                orderby m.Id
                select new { m.Id, m.CaseId, c.Standard, c.CapacityItem!.Enterprise!.Industry, w.ProfileId }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.CaseId, new ScopeFacts(r.Standard, r.Industry, r.ProfileId))).ToList();
        }

        var applied = 0;
        foreach (var c in open)
        {
            if (applied >= BatchSize)
            {
                break; // the rest next run: one run never holds the job for long
            }

            if (Entry(c.Facts) is not { } entry)
            {
                continue;
            }

            var title = runtime.Catalog.Get(c.DefinitionId, c.Version).States[c.State].Title;
            applied += await TryAsync(c.CaseId, (db, notices) => ApplyAsync(db, notices, c.CaseId, entry, title, cancellationToken), cancellationToken);
        }

        var lifted = 0;
        foreach (var m in ended)
        {
            var outcome = m.Status switch { CaseStatus.Compliant => CaseOutcome.Compliant, CaseStatus.Exited => CaseOutcome.Exited, _ => CaseOutcome.Withdrawn };
            lifted += await TryAsync(m.CaseId, (db, notices) => LiftAsync(db, notices, m.Id, m.CaseId, Lifting.Of(outcome), cancellationToken), cancellationToken);
        }

        foreach (var m in running.Where(r => Entry(r.Facts) is null).Take(BatchSize))
        {
            // Issued under the earlier rule for capacity the seed does not name: a numbered notice corrects it, naming the
            // earlier one; the measure's row stays, lifted, with the reason.
            var why = new Lifting(PriceMeasures.CorrectedBecause(m.Facts.Standard, m.Facts.Industry),
                $"is not capacity the local plan puts under differential prices ({m.Facts.Standard.Id()}); the earlier notice is corrected");
            lifted += await TryAsync(m.CaseId, (db, notices) => LiftAsync(db, notices, m.Id, m.CaseId, why, cancellationToken), cancellationToken);
        }

        return (applied, lifted);
    }

    /// <summary>
    /// The correction for measures issued while their profile did not tell the water supplier (water-supplier: false
    /// before every seed's water pricing was read into the profiles: 000 §四.4, 001 §四.(三), 002 §三.(三), 004 §五.(三).2):
    /// each measure still in force on a case its seed names gets a numbered notice to the water supplier that names the
    /// earlier notice and corrects it, in one transaction with its mail and the case's history line, and records it on the
    /// measure (<see cref="PriceMeasure.WaterNoticeId"/>), so a second run sends nothing. The earlier notice stays.
    /// Run at start-up and by the price job; returns how many were told.
    /// </summary>
    public async Task<int> TellWaterSupplierAsync(CancellationToken cancellationToken)
    {
        if (!Configured(WaterSupplier))
        {
            logger.LogWarning("No water-supplier notices issued: configure {Key} (the water supplier's mailbox)", RecipientDirectory.ConfigurationPrefix + WaterSupplier);
            return 0;
        }

        List<(long Id, long CaseId, ScopeFacts Facts)> untold;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
            untold = (await (
                from m in db.Set<PriceMeasure>().AsNoTracking()
                join c in db.Cases on m.CaseId equals c.Id
                join w in db.WorkflowInstances on c.Id equals w.CaseId
                where m.LiftNoticeId == null && m.WaterNoticeId == null && c.Status == CaseStatus.Open
                orderby m.Id
                select new { m.Id, m.CaseId, c.Standard, c.CapacityItem!.Enterprise!.Industry, w.ProfileId }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.CaseId, new ScopeFacts(r.Standard, r.Industry, r.ProfileId))).ToList();
        }

        var told = 0;
        foreach (var m in untold.Where(r => Entry(r.Facts) is not null && settings.Profiles[r.Facts.ProfileId!].WaterSupplier).Take(BatchSize))
        {
            // A measure whose seed no longer names the case is lifted by SyncAsync instead.
            var entry = Entry(m.Facts)!;
            told += await TryAsync(m.CaseId, (db, notices) => TellWaterAsync(db, notices, m.Id, m.CaseId, entry, cancellationToken), cancellationToken);
        }

        return told;
    }

    /// <summary>The enterprises under a price measure in the person's jurisdiction (lifted ones too, when asked).</summary>
    public static async Task<IReadOnlyList<PriceMeasureRow>> ListAsync(CapacityExitDbContext db, MeasureAccess access, WorkflowRuntime runtime, string? login,
        bool includeLifted, CancellationToken cancellationToken)
    {
        var person = await access.PersonAsync(login, cancellationToken);
        var visible = (await access.VisibleAsync(person, cancellationToken)).ToList();
        var rows = await (
            from m in db.Set<PriceMeasure>().AsNoTracking()
            join c in db.Cases on m.CaseId equals c.Id
            join w in db.WorkflowInstances on c.Id equals w.CaseId
            join n in db.Set<IssuedNotice>() on m.NoticeId equals n.Id
            where visible.Contains(c.CapacityItem!.Enterprise!.CountyId) && (includeLifted || m.LiftNoticeId == null)
            orderby m.Since, m.Id
            select new
            {
                Measure = m, c.CapacityItem!.Enterprise!.Name, c.CapacityItem!.Enterprise!.CreditCode, County = c.CapacityItem!.Enterprise!.County!.NameZh,
                c.Standard, w.DefinitionId, w.Version, w.State, n.DocumentNumber,
                Lift = db.Set<IssuedNotice>().Where(x => x.Id == m.LiftNoticeId).Select(x => x.DocumentNumber).FirstOrDefault(),
                Water = db.Set<IssuedNotice>().Where(x => x.Id == m.WaterNoticeId && x.Id != m.NoticeId).Select(x => x.DocumentNumber).FirstOrDefault(),
            }).ToListAsync(cancellationToken);
        return rows.Select(r => new PriceMeasureRow(r.Measure, r.Name, r.CreditCode, r.County, r.Standard.Zh(),
            runtime.Catalog.TryGet(r.DefinitionId, r.Version, out var d) && d.States.TryGetValue(r.State, out var s) ? s.Title : r.State,
            r.DocumentNumber, r.Lift, r.Water)).ToList();
    }

    private async Task<int> TryAsync(long caseId, Func<CapacityExitDbContext, NoticeService, Task<bool>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CapacityExitDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (!await work(db, scope.ServiceProvider.GetRequiredService<NoticeService>()))
            {
                return 0;
            }

            await transaction.CommitAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another host issued this notice first: ours rolls back with its number.
            return 0;
        }
        catch (InvalidOperationException e)
        {
            // No mailbox for the power supplier, and the like: nothing is issued; the next run tries again.
            logger.LogWarning("Price notice for case {CaseId} not issued: {Reason}", caseId, e.Message);
            return 0;
        }
    }

    private async Task<bool> ApplyAsync(CapacityExitDbContext db, NoticeService notices, long caseId, PriceScopeEntry entry, string stateTitle, CancellationToken cancellationToken)
    {
        var kind = entry.Kind;
        var (profile, enterprise, _) = await FactsAsync(db, caseId, cancellationToken);
        var today = ChinaTime.Today(time);
        var facts = new Dictionary<string, string>
        {
            ["measure"] = kind.Zh(), ["measure_en"] = kind.En(), ["since"] = MailModel.Zh(today), ["water"] = profile.WaterSupplier ? "true" : "false",
        };
        var notice = await notices.IssueAsync(Request(MessageKinds.PriceMeasure, caseId, enterprise, $"执行{kind.Zh()}", profile, facts), cancellationToken);
        db.Add(new PriceMeasure
        {
            CaseId = caseId, Kind = kind.ToString(), Since = today, Reason = $"{stateTitle}（{kind.Zh()}；{entry.Source}）", NoticeId = notice.Id,
            WaterNoticeId = profile.WaterSupplier ? notice.Id : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<bool> TellWaterAsync(CapacityExitDbContext db, NoticeService notices, long measureId, long caseId, PriceScopeEntry entry, CancellationToken cancellationToken)
    {
        var measure = await db.Set<PriceMeasure>().FromSqlInterpolated($"select * from capacity_exit.price_measures where id = {measureId} for update")
            .SingleAsync(cancellationToken);
        var (profile, enterprise, _) = await FactsAsync(db, caseId, cancellationToken);
        if (measure.LiftNoticeId is not null || measure.WaterNoticeId is not null || !profile.WaterSupplier)
        {
            return false; // told, lifted or not the profile's rule since the list was read
        }

        var kind = Enum.Parse<PriceMeasureKind>(measure.Kind);
        var applied = await db.Set<IssuedNotice>().Where(n => n.Id == measure.NoticeId).Select(n => n.DocumentNumber).SingleAsync(cancellationToken);
        var facts = new Dictionary<string, string>
        {
            ["measure"] = kind.Zh(), ["measure_en"] = kind.En(), ["since"] = MailModel.Zh(measure.Since), ["applied_by"] = applied,
            ["water"] = "true", ["water_only"] = "true",
        };
        var reason = $"{applied}未告知供水企业，予以更正：执行超定额用水累进加价（{entry.Source}）";
        var notice = await notices.IssueAsync(new NoticeRequest(MessageKinds.PriceMeasure, caseId, null, enterprise, WaterSupplier, reason, Actor)
        {
            Issuer = profile.PriceIssuer,
            Facts = facts,
        }, cancellationToken);
        measure.WaterNoticeId = notice.Id;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Water-supplier notice {Number} issued for price measure {MeasureId} (case {CaseId})", notice.DocumentNumber, measureId, caseId);
        return true;
    }

    private async Task<bool> LiftAsync(CapacityExitDbContext db, NoticeService notices, long measureId, long caseId, Lifting lifting, CancellationToken cancellationToken)
    {
        var measure = await db.Set<PriceMeasure>().FromSqlInterpolated($"select * from capacity_exit.price_measures where id = {measureId} for update")
            .SingleAsync(cancellationToken);
        if (measure.LiftNoticeId is not null)
        {
            return false;
        }

        var (profile, enterprise, _) = await FactsAsync(db, caseId, cancellationToken);
        var kind = Enum.Parse<PriceMeasureKind>(measure.Kind);
        var why = lifting.Zh;
        var applied = await db.Set<IssuedNotice>().Where(n => n.Id == measure.NoticeId).Select(n => n.DocumentNumber).SingleAsync(cancellationToken);
        var facts = new Dictionary<string, string>
        {
            ["measure"] = kind.Zh(), ["measure_en"] = kind.En(), ["since"] = MailModel.Zh(measure.Since), ["applied_by"] = applied,
            ["lift_reason"] = why, ["lift_reason_en"] = lifting.En,
            ["water"] = profile.WaterSupplier ? "true" : "false",
        };
        var notice = await notices.IssueAsync(Request(MessageKinds.PriceMeasureLifted, caseId, enterprise, $"解除{kind.Zh()}", profile, facts), cancellationToken);
        measure.LiftedOn = ChinaTime.Today(time);
        measure.LiftReason = why;
        measure.LiftNoticeId = notice.Id;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static NoticeRequest Request(string kind, long caseId, string enterprise, string reason, ProfileMeasures profile, Dictionary<string, string> facts) =>
        new(kind, caseId, null, enterprise, PowerSupplier, reason, Actor)
        {
            Issuer = profile.PriceIssuer,
            AlsoTo = profile.WaterSupplier ? [WaterSupplier] : [],
            Facts = facts,
        };

    private async Task<(ProfileMeasures Profile, string Enterprise, int CountyId)> FactsAsync(CapacityExitDbContext db, long caseId, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.CapacityItem!.Enterprise!.Name, x.CapacityItem.Enterprise.CountyId }).SingleAsync(cancellationToken);
        return (settings.For(await JurisdictionChain.ProfileAsync(db, c.CountyId, cancellationToken)), c.Name, c.CountyId);
    }
}
