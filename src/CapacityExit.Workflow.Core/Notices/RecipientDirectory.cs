using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Workflows;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CapacityExit.Workflow.Core.Notices;

public sealed record MailRecipient(string DisplayName, string Address);

/// <summary>Who a message goes to and who is copied; Problems say why a role found nobody (recorded, never thrown).</summary>
public sealed record ResolvedRecipients(string Role, string Title, IReadOnlyList<MailRecipient> To, IReadOnlyList<MailRecipient> Cc, IReadOnlyList<string> Problems);

/// <summary>Where a message belongs: a case (its enterprise's county, city, bureau) or a region alone.</summary>
public sealed record MailScope(long? CaseId, int RegionId, int CityId, string CityName, string? ProfileId, int? ResponsibleBureauId, string? EnterpriseName, string? EnterpriseEmail);

/// <summary>
/// Resolves a workflow role id to mailboxes for a case or region, from the registry (bureaus' mailboxes, people's
/// emails, the enterprise's contact) or, for bodies outside it (power supplier, provincial departments), from
/// configuration <c>CapacityExit:Mail:Directory:&lt;role&gt;</c> ("Name &lt;a@b&gt;; c@d"), which also backs any role
/// the registry has nobody for. Display names are the profile's role-titles.
/// </summary>
public sealed class RecipientDirectory(CapacityExitDbContext db, IConfiguration configuration, WorkflowRuntime runtime, NoticeSettings settings)
{
    public const string LeadingGroupMembers = "leading-group-members"; // 领导小组成员单位: every bureau of the city
    public const string ConfigurationPrefix = "CapacityExit:Mail:Directory:";

    public static readonly IReadOnlyList<string> KnownRoles =
    [
        WorkflowRoleIds.BureauOfficer, WorkflowRoleIds.LeadingGroupOffice, WorkflowRoleIds.Supervisor, WorkflowRoleIds.PrefectureGovernment,
        WorkflowRoleIds.CountyGovernment, WorkflowRoleIds.Enterprise, LeadingGroupMembers, "power-supplier", "water-supplier",
        "provincial-development-reform-commission", "provincial-industry-it-department",
    ];

    private static readonly Dictionary<string, string> DefaultTitles = new()
    {
        [WorkflowRoleIds.BureauOfficer] = "职能部门经办人", [WorkflowRoleIds.LeadingGroupOffice] = "淘汰落后产能工作领导小组办公室",
        [WorkflowRoleIds.Supervisor] = "有批准权的人民政府", [WorkflowRoleIds.PrefectureGovernment] = "省辖市人民政府",
        [WorkflowRoleIds.CountyGovernment] = "县（市、区）人民政府", [WorkflowRoleIds.Enterprise] = "企业",
        [LeadingGroupMembers] = "领导小组各成员单位", ["power-supplier"] = "供电企业", ["water-supplier"] = "供水企业",
        ["provincial-development-reform-commission"] = "省发展和改革委员会", ["provincial-industry-it-department"] = "省工业和信息化厅",
    };

    public async Task<MailScope> ForCaseAsync(long caseId, CancellationToken cancellationToken)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.ResponsibleBureauId, x.CapacityItem!.Enterprise!.CountyId, x.CapacityItem.Enterprise.Name, x.CapacityItem.Enterprise.ContactEmail })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new KeyNotFoundException($"case {caseId} does not exist");
        var region = await ForRegionAsync(c.CountyId, cancellationToken);
        return region with { CaseId = caseId, ResponsibleBureauId = c.ResponsibleBureauId, EnterpriseName = c.Name, EnterpriseEmail = c.ContactEmail };
    }

    public async Task<MailScope> ForRegionAsync(int jurisdictionId, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(jurisdictionId, cancellationToken);
        var city = chain.FirstOrDefault(j => j.Level == JurisdictionLevel.PrefectureCity) ?? chain[^1];
        return new MailScope(null, jurisdictionId, city.Id, city.NameZh, chain.Select(j => j.ProfileId).FirstOrDefault(p => p is not null), null, null, null);
    }

    public string Title(string? profileId, string role) =>
        profileId is not null && runtime.Catalog.Profiles.FirstOrDefault(p => p.Id == profileId)?.RoleTitles.GetValueOrDefault(role) is { } title
            ? title
            : DefaultTitles.GetValueOrDefault(role, role);

    /// <summary>
    /// The name of the body a role stands for on this case or region, as 抄送 names units (GB/T 9704-2012 §7.4.2): the
    /// city's or county's people's government, the bureau, the office; a configured mailbox's display name; the
    /// profile's role title only where the registry knows no body.
    /// </summary>
    public async Task<string> UnitNameAsync(MailScope scope, string role, CancellationToken cancellationToken)
    {
        var name = role switch
        {
            WorkflowRoleIds.Supervisor or WorkflowRoleIds.PrefectureGovernment =>
                (await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == scope.CityId, cancellationToken))?.GovernmentZh,
            WorkflowRoleIds.CountyGovernment =>
                (await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == scope.RegionId, cancellationToken))?.GovernmentZh,
            WorkflowRoleIds.LeadingGroupOffice => await db.Bureaus.AsNoTracking()
                .Where(b => b.JurisdictionId == scope.CityId && b.Kind == BureauKind.LeadingGroupOffice).Select(b => b.NameZh).FirstOrDefaultAsync(cancellationToken),
            WorkflowRoleIds.BureauOfficer when scope.ResponsibleBureauId is { } bureauId =>
                await db.Bureaus.AsNoTracking().Where(b => b.Id == bureauId).Select(b => b.NameZh).SingleOrDefaultAsync(cancellationToken),
            LeadingGroupMembers => $"{scope.CityName}淘汰落后产能工作领导小组各成员单位",
            WorkflowRoleIds.Enterprise => scope.EnterpriseName,
            _ => Configured(scope.ProfileId, role).Select(r => r.DisplayName).FirstOrDefault(),
        };
        return string.IsNullOrWhiteSpace(name) ? Title(scope.ProfileId, role) : name;
    }

    /// <summary>The recipients of one message: the role's mailboxes, and the roles notices.yaml copies for its kind.</summary>
    public async Task<ResolvedRecipients> ForMessageAsync(MailScope scope, string kind, string role, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var to = await ResolveAsync(scope, role, problems, cancellationToken);
        var cc = new List<MailRecipient>();
        foreach (var copied in settings.CopiesFor(scope.ProfileId, kind).Where(r => r != role))
        {
            cc.AddRange(await ResolveAsync(scope, copied, problems, cancellationToken));
        }

        var toDistinct = to.DistinctBy(r => r.Address.ToLowerInvariant()).ToList();
        var ccDistinct = cc.DistinctBy(r => r.Address.ToLowerInvariant())
            .Where(c => !toDistinct.Any(t => string.Equals(t.Address, c.Address, StringComparison.OrdinalIgnoreCase))).ToList();
        return new ResolvedRecipients(role, Title(scope.ProfileId, role), toDistinct, ccDistinct, problems);
    }

    /// <summary>One role's mailboxes; an unknown role or nobody found adds a problem and returns none.</summary>
    public async Task<IReadOnlyList<MailRecipient>> ResolveAsync(MailScope scope, string role, List<string> problems, CancellationToken cancellationToken)
    {
        var found = role switch
        {
            WorkflowRoleIds.BureauOfficer when scope.ResponsibleBureauId is { } bureauId => await BureauAsync(b => b.Id == bureauId, Role.BureauOfficer, cancellationToken),
            WorkflowRoleIds.LeadingGroupOffice => await BureauAsync(b => b.JurisdictionId == scope.CityId && b.Kind == BureauKind.LeadingGroupOffice, Role.LeadingGroupOffice, cancellationToken),
            LeadingGroupMembers => await db.Bureaus.AsNoTracking().Where(b => b.JurisdictionId == scope.CityId && b.Mailbox != null)
                .OrderBy(b => b.Id).Select(b => new MailRecipient(b.NameZh, b.Mailbox!)).ToListAsync(cancellationToken),
            WorkflowRoleIds.Supervisor or WorkflowRoleIds.PrefectureGovernment => await PeopleAsync(Role.Supervisor, [scope.CityId], cancellationToken),
            WorkflowRoleIds.CountyGovernment => await CountyOfficersAsync(scope.RegionId, cancellationToken),
            WorkflowRoleIds.Enterprise when scope.EnterpriseEmail is { Length: > 0 } email => [new MailRecipient(scope.EnterpriseName!, email)],
            _ => [],
        };
        if (found.Count == 0)
        {
            found = Configured(scope.ProfileId, role);
        }

        if (found.Count == 0)
        {
            problems.Add(KnownRoles.Contains(role)
                ? $"收件角色“{Title(scope.ProfileId, role)}”（{role}）在{scope.CityName}{(scope.CaseId is { } id ? $"案件 {id}" : "")}没有邮箱；请在名录中登记，或配置 {ConfigurationPrefix}{role}"
                : $"未知的收件角色 '{role}'（已知：{string.Join(", ", KnownRoles)}）");
        }

        return found;
    }

    private List<MailRecipient> Configured(string? profileId, string role)
    {
        var section = configuration.GetSection(ConfigurationPrefix + role);
        var texts = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "").ToList();
        return texts.SelectMany(t => t.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(entry => entry.IndexOf('<') is var lt and > 0 && entry.EndsWith('>')
                ? new MailRecipient(entry[..lt].Trim(), entry[(lt + 1)..^1].Trim())
                : new MailRecipient(Title(profileId, role), entry))
            .ToList();
    }

    private async Task<List<MailRecipient>> BureauAsync(System.Linq.Expressions.Expression<Func<Data.Model.Bureau, bool>> which, Role officers, CancellationToken cancellationToken)
    {
        var bureau = await db.Bureaus.AsNoTracking().Where(which).Select(b => new { b.Id, b.NameZh, b.Mailbox }).FirstOrDefaultAsync(cancellationToken);
        if (bureau is null)
        {
            return [];
        }

        var people = await db.People.AsNoTracking().Where(p => p.BureauId == bureau.Id && p.Role == officers && p.Email != null)
            .OrderBy(p => p.Id).Select(p => new MailRecipient(p.DisplayName, p.Email!)).ToListAsync(cancellationToken);
        return bureau.Mailbox is { Length: > 0 } mailbox ? [new MailRecipient(bureau.NameZh, mailbox), .. people] : people;
    }

    private Task<List<MailRecipient>> PeopleAsync(Role role, IReadOnlyCollection<int> jurisdictions, CancellationToken cancellationToken) =>
        db.People.AsNoTracking().Where(p => p.Role == role && jurisdictions.Contains(p.JurisdictionId) && p.Email != null)
            .OrderBy(p => p.Id).Select(p => new MailRecipient(p.DisplayName, p.Email!)).ToListAsync(cancellationToken);

    /// <summary>
    /// 县级人民政府 (属地责任): the region's government mailbox and its county officers; if it has neither, those of the
    /// nearest level above that has any.
    /// </summary>
    private async Task<List<MailRecipient>> CountyOfficersAsync(int regionId, CancellationToken cancellationToken)
    {
        foreach (var level in await ChainAsync(regionId, cancellationToken))
        {
            var found = await PeopleAsync(Role.CountyOfficer, [level.Id], cancellationToken);
            if (level.Mailbox is { Length: > 0 } mailbox)
            {
                found.Insert(0, new MailRecipient(level.GovernmentZh, mailbox));
            }

            if (found.Count > 0)
            {
                return found;
            }
        }

        return [];
    }

    private async Task<List<Data.Model.Jurisdiction>> ChainAsync(int jurisdictionId, CancellationToken cancellationToken)
    {
        var chain = new List<Data.Model.Jurisdiction>();
        int? current = jurisdictionId;
        while (current is { } id && chain.Count < 10)
        {
            var row = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken)
                ?? throw new KeyNotFoundException($"jurisdiction {id} does not exist");
            chain.Add(row);
            current = row.ParentId;
        }

        return chain;
    }
}
