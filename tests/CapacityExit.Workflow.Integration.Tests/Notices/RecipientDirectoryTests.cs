using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Notices;

/// <summary>Every role a workflow names resolves to mailboxes for a demo case; gaps are recorded, not thrown.</summary>
public sealed class RecipientDirectoryTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Each_role_resolves_for_a_demo_case()
    {
        var caseId = await _host.OpenCaseAsync("郴州示例建材", "energy", new DateOnly(2026, 1, 15), "郴州市工业和信息化局");
        var resolved = await NoticeKit.RunAsync(_host, async kit =>
        {
            var scope = await kit.Directory.ForCaseAsync(caseId, CancellationToken.None);
            var result = new Dictionary<string, (List<string> Addresses, List<string> Problems)>();
            foreach (var role in new[] { "bureau-officer", "leading-group-office", "leading-group-members", "supervisor", "prefecture-government",
                         "county-government", "enterprise", "power-supplier", "provincial-industry-it-department", "mayor" })
            {
                var problems = new List<string>();
                result[role] = ((await kit.Directory.ResolveAsync(scope, role, problems, CancellationToken.None)).Select(r => r.Address).ToList(), problems);
            }

            // A county with neither a government mailbox nor an officer: nobody (the city has no county officer either).
            var county = await kit.Db.Enterprises.Where(e => e.Name == "郴州示例建材水泥有限公司").Select(e => e.CountyId).SingleAsync();
            await kit.Db.Jurisdictions.Where(j => j.Id == county).ExecuteUpdateAsync(u => u.SetProperty(j => j.Mailbox, (string?)null));
            var none = new List<string>();
            result["county-government, no mailbox"] = ((await kit.Directory.ResolveAsync(scope, "county-government", none, CancellationToken.None)).Select(r => r.Address).ToList(), none);

            // A county officer registered where the enterprise is: the county government's officer from then on.
            kit.Db.People.Add(new Person { Login = "test-county", DisplayName = "演示用户·县经办人", Email = "county.example@example.org", Role = Role.CountyOfficer, JurisdictionId = county });
            await kit.Db.SaveChangesAsync();
            result["county-government, registered"] = ((await kit.Directory.ResolveAsync(scope, "county-government", [], CancellationToken.None)).Select(r => r.Address).ToList(), []);
            result["title"] = ([kit.Directory.Title(scope.ProfileId, "leading-group-office")], []);
            return result;
        });

        Assert.Equal(["industryit.chenzhou@example.org", "chenzhou-industryit@example.org"], resolved["bureau-officer"].Addresses);
        Assert.Equal(["leadinggroupoffice.chenzhou@example.org", "chenzhou-office@example.org"], resolved["leading-group-office"].Addresses);
        Assert.Equal(6, resolved["leading-group-members"].Addresses.Count);
        Assert.All(resolved["leading-group-members"].Addresses, a => Assert.EndsWith(".chenzhou@example.org", a, StringComparison.Ordinal));
        Assert.Equal(["chenzhou-supervisor@example.org"], resolved["supervisor"].Addresses);
        Assert.Equal(["chenzhou-supervisor@example.org"], resolved["prefecture-government"].Addresses);
        // Demo county officers sit in the first county only; every county government has its office mailbox.
        Assert.Equal(["government.431022@example.org"], resolved["county-government"].Addresses);
        Assert.Empty(resolved["county-government"].Problems);
        Assert.Empty(resolved["county-government, no mailbox"].Addresses);
        Assert.Contains("没有邮箱", Assert.Single(resolved["county-government, no mailbox"].Problems));
        Assert.Equal(["county.example@example.org"], resolved["county-government, registered"].Addresses);
        Assert.Equal(["enterprise001@example.org"], resolved["enterprise"].Addresses);
        Assert.Equal(["power.example@example.org", "grid.example@example.org"], resolved["power-supplier"].Addresses);
        Assert.Empty(resolved["provincial-industry-it-department"].Addresses);
        Assert.Contains("CapacityExit:Mail:Directory:provincial-industry-it-department", Assert.Single(resolved["provincial-industry-it-department"].Problems));
        Assert.Contains("未知的收件角色 'mayor'", Assert.Single(resolved["mayor"].Problems));
        Assert.Equal("郴州市淘汰落后产能工作领导小组办公室（市经信委）", Assert.Single(resolved["title"].Addresses));
    }
}
