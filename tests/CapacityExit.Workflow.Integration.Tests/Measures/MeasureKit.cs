using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Measures;

/// <summary>Fictional enterprises with one capacity item and a case each, opened or exited, for the measure tests.</summary>
internal static class MeasureKit
{
    private static int _sequence;

    /// <summary>Registers an enterprise in the county with the code, with one capacity item, and opens an energy case on it.</summary>
    public static Task<(long CaseId, int ItemId, string CreditCode)> OpenAsync(WorkflowTestHost host, string countyCode, Industry industry, decimal amount, string unit, string name,
        Standard standard = Standard.Energy) =>
        host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var county = await db.Jurisdictions.SingleAsync(j => j.Code == countyCode);
            var n = Interlocked.Increment(ref _sequence);
            var enterprise = new Enterprise
            {
                Name = name, Industry = industry, CountyId = county.Id,
                CreditCode = CreditCode.Complete($"91{countyCode[..6]}MA9{n:D6}"),
            };
            var item = new CapacityItem { Enterprise = enterprise, Description = "测试生产线", Amount = amount, Unit = unit };
            db.Add(item);
            await db.SaveChangesAsync();
            var kind = standard switch
            {
                Standard.Environment => BureauKind.Environment,
                Standard.Quality => BureauKind.MarketRegulation,
                Standard.Safety => BureauKind.EmergencyManagement,
                _ => BureauKind.IndustryIT,
            };
            var bureau = await db.Bureaus.SingleAsync(b => b.JurisdictionId == county.ParentId && b.Kind == kind);
            var found = DateOnly.FromDateTime(host.Time.GetUtcNow().AddDays(-30).UtcDateTime);
            // What the order (责令文书) fixes where a definition asks for it.
            var variables = standard switch
            {
                Standard.Technology => new Dictionary<string, string> { ["demolitionDate"] = found.AddMonths(6).ToString("yyyy-MM-dd") },
                Standard.Environment or Standard.Safety => new Dictionary<string, string> { ["orderPeriod"] = "P3M" },
                _ => null,
            };
            var opened = await sp.GetRequiredService<RegistryService>().OpenCaseAsync(
                new NewCase(item.Id, standard.Id(), found, "测试依据", bureau.Id, variables), CancellationToken.None);
            return (opened.Id, item.Id, enterprise.CreditCode);
        });

    /// <summary>As <see cref="OpenAsync"/>, then the case ended exited (accepted) on <paramref name="exitedAt"/>.</summary>
    public static async Task<(long CaseId, int ItemId, string CreditCode)> ExitedAsync(WorkflowTestHost host, string countyCode, Industry industry, decimal amount, string unit,
        string name, DateTimeOffset? exitedAt = null)
    {
        var opened = await OpenAsync(host, countyCode, industry, amount, unit, name);
        await MarkExitedAsync(host, opened.CaseId, exitedAt ?? host.Time.GetUtcNow().AddDays(-1));
        return opened;
    }

    public static async Task MarkExitedAsync(WorkflowTestHost host, long caseId, DateTimeOffset at)
    {
        await host.ExecuteAsync("update capacity_exit.cases set status = 'Exited' where id = @id", ("id", caseId));
        await host.ExecuteAsync("update capacity_exit.workflow_instances set state = 'exited', finished_at = @at where case_id = @id", ("id", caseId), ("at", at.ToUniversalTime()));
    }
}
