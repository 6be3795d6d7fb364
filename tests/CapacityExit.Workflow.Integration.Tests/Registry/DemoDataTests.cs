using CapacityExit.Workflow.Demo;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Registry;

public sealed class DemoDataTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Demo_data_holds_the_five_seed_jurisdictions_with_counties_bureaus_and_valid_enterprises_and_loads_once()
    {
        await using var db = _database.NewContext();

        Assert.True(await DemoData.LoadAsync(db, TimeProvider.System, CancellationToken.None));
        Assert.False(await DemoData.LoadAsync(db, TimeProvider.System, CancellationToken.None));

        var cities = await db.Jurisdictions.Where(j => j.Level == JurisdictionLevel.PrefectureCity).Include(j => j.Children).ToListAsync();
        Assert.Equal(["changchun-2017", "chenzhou-2017", "henan-2021", "jiaxing-2011", "zhanjiang-2021"], cities.Select(c => c.ProfileId!).Order().ToArray());
        Assert.All(cities, c => Assert.True(c.Children.Count >= 7, $"{c.NameZh} has {c.Children.Count} counties"));
        Assert.Contains(cities.Single(c => c.Code == "431000").Children, c => c.NameZh == "资兴市");
        var bureaus = await db.Bureaus.ToListAsync();
        Assert.Equal(5 * Enum.GetValues<BureauKind>().Length, bureaus.Count);
        Assert.Contains(Standard.Quality, bureaus.Single(b => b.NameZh == "郑州市市场监督管理局").Standards);
        var codes = await db.Enterprises.Select(e => e.CreditCode).ToListAsync();
        Assert.NotEmpty(codes);
        Assert.All(codes, code => Assert.Null(CreditCode.Validate(code)));
        Assert.Equal(Enum.GetValues<Role>().Order(), (await db.People.Select(p => p.Role).Distinct().ToListAsync()).Order());
        Assert.All(await db.People.ToListAsync(), p => Assert.StartsWith("演示用户", p.DisplayName));
        Assert.Equal(Enum.GetValues<Standard>().Order(), (await db.Cases.Select(c => c.Standard).Distinct().ToListAsync()).Order());
    }
}
