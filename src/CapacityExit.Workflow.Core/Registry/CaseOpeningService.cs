using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Core.Registry;

/// <summary>
/// Opening a case as a person does it on the web: the enterprise found by its credit code (or registered with it),
/// its capacity, the standard, the finding date and the responsible bureau, and the facts the standard's workflow
/// needs. Every field arrives as typed.
/// </summary>
public sealed record CaseOpening(
    string? CreditCode, string? EnterpriseName, string? Industry, string? CountyCode,
    string? Item, string? Amount, string? Unit,
    string? Standard, string? FindingDate, string? LegalBasis, string? BureauId,
    IReadOnlyDictionary<string, string>? Variables = null);

/// <summary>
/// Who may open a case, and the opening itself in one transaction: a bureau officer for their own bureau, the
/// leading-group office for a bureau in its jurisdiction (属地责任). What the rules read is read first
/// (<see cref="OpeningFacts"/>), the rules run in memory (<see cref="OpeningRules"/>, the same for one case and for a census),
/// then the enterprise, its capacity item, the case and its workflow are written together (<see cref="OpeningWriter"/>) or not at all.
/// </summary>
public sealed class CaseOpeningService(CapacityExitDbContext db, TimeProvider time, WorkflowStarter starter)
{
    public async Task<Case> OpenAsync(string? login, CaseOpening input, CancellationToken cancellationToken)
    {
        var facts = await OpeningFacts.LoadAsync(db, time, login, [input.CreditCode], cancellationToken);
        var check = OpeningRules.Check(facts, input, starter);
        if (check.Refusal is not null)
        {
            throw check.Refusal;
        }

        // A caller that opens several cases at once or records more with the opening (a verified public report) holds
        // the transaction; then a failure is the caller's to roll back.
        if (db.Database.CurrentTransaction is { } held)
        {
            await OpeningWriter.WriteAsync(starter, held, db, [check.Plan!], facts.Now, facts.Person!.Login, cancellationToken);
            return check.Plan!.Case;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await OpeningWriter.WriteAsync(starter, transaction, db, [check.Plan!], facts.Now, facts.Person!.Login, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return check.Plan!.Case;
    }

    /// <summary>The bureaus this person may open a case for (for the form's choices, the same rule as the check).</summary>
    public async Task<IReadOnlyList<Bureau>> BureausForAsync(string? login, CancellationToken cancellationToken) =>
        OpeningRules.BureausFor(await OpeningFacts.LoadAsync(db, time, login, [], cancellationToken));
}

/// <summary>
/// What the opening rules read from the database, read before any of them runs, in a few set queries however many cases
/// are opened: the person, every bureau and jurisdiction, the enterprises of the credit codes given. An opening checked
/// and found right adds the enterprise it registers, so a later opening of the same batch finds it as if written.
/// </summary>
public sealed class OpeningFacts
{
    public required string? Login { get; init; }

    public required Person? Person { get; init; }

    public required JurisdictionTree Jurisdictions { get; init; }

    public required IReadOnlyDictionary<int, Bureau> Bureaus { get; init; }

    /// <summary>By credit code (trimmed, upper case): those registered, and those an opening of this batch registers (id 0 until written).</summary>
    public required Dictionary<string, Enterprise> Enterprises { get; init; }

    public required DateOnly Today { get; init; }

    public required DateTimeOffset Now { get; init; }

    public static async Task<OpeningFacts> LoadAsync(CapacityExitDbContext db, TimeProvider time, string? login, IEnumerable<string?> creditCodes,
        CancellationToken cancellationToken)
    {
        var codes = creditCodes.Select(RegistryRules.NormalCreditCode).OfType<string>()
            .Where(c => CreditCode.Validate(c) is null).Distinct(StringComparer.Ordinal).ToList();
        var person = login is null || InputText.HasControlCharacters(login)
            ? null
            : await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken);
        var bureaus = await db.Bureaus.AsNoTracking().OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var jurisdictions = await JurisdictionTree.LoadAsync(db, cancellationToken);
        var enterprises = codes.Count == 0
            ? []
            : await db.Enterprises.AsNoTracking().Where(e => codes.Contains(e.CreditCode)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return new OpeningFacts
        {
            Login = login, Person = person, Jurisdictions = jurisdictions, Bureaus = bureaus.ToDictionary(b => b.Id),
            Enterprises = enterprises.ToDictionary(e => e.CreditCode.Trim(), StringComparer.Ordinal), Today = ChinaTime.Today(time), Now = now,
        };
    }
}

/// <summary>
/// What an opening writes once checked: the enterprise (registered by it, or found), the item, the case, and what its
/// workflow starts from. The start itself is computed again when written (the runtime is pure: the same facts and clock,
/// the same start), so a census of 100,000 checked rows does not hold 100,000 starts in memory.
/// </summary>
public sealed record OpeningPlan(Enterprise Enterprise, bool RegistersEnterprise, CapacityItem Item, Case Case, string ProfileId, IReadOnlyDictionary<string, string> Variables)
{
    public PreparedStart Start(WorkflowStarter starter, DateTimeOffset now) => starter.Prepare(Case.Standard, Case.FindingDate, ProfileId, Variables, now);
}

/// <summary>An opening checked: its plan, or why it is refused (a <see cref="DomainValidationException"/> or a <see cref="WorkflowRuleException"/>).</summary>
public sealed record OpeningCheck(OpeningPlan? Plan, Exception? Refusal);

/// <summary>
/// The rules of 立案, in memory over <see cref="OpeningFacts"/>: who may open for which bureau, the fields as typed, then the
/// registry's rules for the enterprise, the item and the case (<see cref="RegistryRules"/>), then the workflow's start.
/// One opening on the web and every row of a census go through this same check.
/// </summary>
public static class OpeningRules
{
    public static OpeningCheck Check(OpeningFacts facts, CaseOpening input, WorkflowStarter starter)
    {
        if (facts.Person is not { } person)
        {
            return Refused(DomainValidationException.Single("login", $"用户“{facts.Login}”不存在", $"no user '{facts.Login}'"));
        }

        if (person.Role is not (Role.BureauOfficer or Role.LeadingGroupOffice))
        {
            return Refused(new WorkflowRuleException("role-not-allowed", "只有职能部门经办人和领导小组办公室可以立案", "only bureau officers and the leading-group office open cases"));
        }

        var errors = new List<ValidationError>();
        foreach (var (field, value) in new[]
                 {
                     ("creditCode", input.CreditCode), ("enterpriseName", input.EnterpriseName), ("item", input.Item), ("unit", input.Unit),
                     ("legalBasis", input.LegalBasis), ("amount", input.Amount), ("findingDate", input.FindingDate),
                 })
        {
            if (InputText.Check(field, value) is { } e)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            return Refused(new DomainValidationException(errors));
        }

        var code = RegistryRules.NormalCreditCode(input.CreditCode);
        if (CreditCode.Validate(code) is { } codeError)
        {
            errors.Add(codeError with { Field = "creditCode" });
        }

        if (!decimal.TryParse(input.Amount?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Add(new("amount", $"产能“{input.Amount}”不是数字", $"capacity '{input.Amount}' is not a number"));
        }

        if (!DateOnly.TryParseExact(input.FindingDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var found))
        {
            errors.Add(new("findingDate", $"认定日期“{input.FindingDate}”应写作 YYYY-MM-DD", $"finding date '{input.FindingDate}' should read YYYY-MM-DD"));
        }

        if (!int.TryParse(input.BureauId, out var bureauId))
        {
            errors.Add(new("bureauId", "请选择责任部门", "choose the responsible bureau"));
        }
        else if (!MayOpenFor(facts, person, bureauId))
        {
            return Refused(new WorkflowRuleException("role-not-allowed", "只能为本部门（或本辖区的部门）立案", "you may open cases only for your own bureau (or, as the office, your jurisdiction's)"));
        }

        if (errors.Count > 0)
        {
            return Refused(new DomainValidationException(errors));
        }

        var registers = !facts.Enterprises.TryGetValue(code!, out var enterprise);
        if (registers)
        {
            var newEnterprise = new NewEnterprise(input.EnterpriseName, code, input.Industry, input.CountyCode);
            errors.AddRange(RegistryRules.EnterpriseControls(newEnterprise));
            enterprise = errors.Count > 0 ? null : RegistryRules.Enterprise(newEnterprise, registered: false, facts.Jurisdictions.ByCode(input.CountyCode), errors);
            if (enterprise is null)
            {
                return Refused(new DomainValidationException(errors));
            }
        }

        var item = RegistryRules.Item(new NewCapacityItem(enterprise!.Id, input.Item, amount, input.Unit), enterpriseExists: true, errors);
        if (item is null)
        {
            return Refused(new DomainValidationException(errors));
        }

        var opened = RegistryRules.Case(new NewCase(item.Id, input.Standard, found, input.LegalBasis, bureauId, input.Variables), facts.Today, enterprise.CountyId,
            facts.Bureaus.GetValueOrDefault(bureauId), facts.Jurisdictions.Upwards, facts.Jurisdictions.Profile(enterprise.CountyId), facts.Now, errors);
        if (opened is null)
        {
            return Refused(new DomainValidationException(errors));
        }

        var plan = new OpeningPlan(enterprise, registers, item, opened, facts.Jurisdictions.Profile(enterprise.CountyId)!,
            input.Variables ?? System.Collections.Immutable.ImmutableDictionary<string, string>.Empty);
        try
        {
            plan.Start(starter, facts.Now);
        }
        catch (WorkflowRuleException e)
        {
            return Refused(DomainValidationException.Single("variables", e.MessageZh, e.Message));
        }

        if (registers)
        {
            facts.Enterprises[code!] = enterprise;
        }

        return new OpeningCheck(plan, null);
    }

    /// <summary>The bureaus the person may open a case for (the leading-group offices themselves aside).</summary>
    public static IReadOnlyList<Bureau> BureausFor(OpeningFacts facts) => facts.Person is not { } person
        ? []
        : facts.Bureaus.Values.Where(b => b.Kind != BureauKind.LeadingGroupOffice && MayOpenFor(facts, person, b.Id)).OrderBy(b => b.Id)
            .Select(b => WithJurisdiction(b, facts.Jurisdictions)).ToList();

    private static Bureau WithJurisdiction(Bureau bureau, JurisdictionTree jurisdictions)
    {
        bureau.Jurisdiction ??= jurisdictions[bureau.JurisdictionId];
        return bureau;
    }

    /// <summary>A bureau officer for their own bureau; the leading-group office for a bureau in its jurisdiction (属地责任).</summary>
    private static bool MayOpenFor(OpeningFacts facts, Person person, int bureauId)
    {
        if (person.Role == Role.BureauOfficer)
        {
            return person.BureauId == bureauId;
        }

        return facts.Bureaus.GetValueOrDefault(bureauId) is { } bureau && person.Role == Role.LeadingGroupOffice
            && facts.Jurisdictions.Upwards(bureau.JurisdictionId).Contains(person.JurisdictionId);
    }

    private static OpeningCheck Refused(Exception refusal) => new(null, refusal);
}
