using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Reporting;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Integration.Tests.Reporting;

/// <summary>
/// 003 §四.(三): the closures of each half-year are fed back to 市工业和信息化局 by 市发展和改革委员会、生态环境局、市场监管局、
/// 应急管理局 — on a real PostgreSQL with the demo registry, 湛江's obligations name those four bureaus and no county, and the
/// counties still owe their annual summary (1月3日前).
/// </summary>
public sealed class ZhanjiangFeedbackFilersTests : IAsyncLifetime
{
    private readonly WorkflowTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task The_half_year_feedback_is_owed_by_the_four_city_bureaus_and_no_county_003_4_3()
    {
        var (obligations, bureaus) = await _host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CapacityExitDbContext>();
            var city = await db.Jurisdictions.AsNoTracking().SingleAsync(j => j.Code == "440800");
            var all = await sp.GetRequiredService<ReportObligations>().ForCityAsync(city, 2026, CancellationToken.None);
            var kinds = await db.Bureaus.AsNoTracking().Where(b => b.JurisdictionId == city.Id).ToDictionaryAsync(b => b.Id, b => b.Kind);
            return (all, kinds);
        });

        foreach (var report in new[] { "half-year-feedback", "year-end-feedback" })
        {
            var owed = obligations.Where(o => o.Report.Name == report).ToList();
            Assert.Equal([BureauKind.Development, BureauKind.Environment, BureauKind.MarketRegulation, BureauKind.EmergencyManagement],
                owed.Select(o => bureaus[o.Filer.BureauId!.Value]).Order().ToArray());
            Assert.All(owed, o => Assert.StartsWith("bureau:", o.Filer.Key));
        }

        Assert.Equal(new DateOnly(2026, 6, 30), obligations.First(o => o.Report.Name == "half-year-feedback").Deadline.LastDay);
        Assert.All(obligations.Where(o => o.Report.Name == "county-summary"), o => Assert.StartsWith("jurisdiction:", o.Filer.Key));
        Assert.Contains(obligations, o => o.Report.Name == "county-summary");
    }
}
