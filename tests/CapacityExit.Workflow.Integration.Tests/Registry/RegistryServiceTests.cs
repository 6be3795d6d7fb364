using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Demo;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CapacityExit.Workflow.Integration.Tests.Registry;

/// <summary>Registering enterprises, capacity and cases against the real database: good input is stored, bad input writes nothing.</summary>
public sealed class RegistryServiceTests : IAsyncLifetime
{
    // 2026-11-22 10:00 in Shanghai.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
    private readonly TestDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.NewContext();
        await DemoData.LoadAsync(db, _time, CancellationToken.None);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static NewEnterprise ValidEnterprise(string code) =>
        new("郴州示例测试冶炼有限公司", code, "铅冶炼", "431021", "演示联系人", "000-0000-9999", "test@example.org");

    [Fact]
    public async Task A_valid_enterprise_capacity_and_case_are_stored()
    {
        await using var db = _database.NewContext();
        var service = new RegistryService(db, _time, TestWorkflows.Starter(_time));
        var code = CreditCode.Complete("91431021MA0000991");

        var enterprise = await service.CreateEnterpriseAsync(ValidEnterprise(code), CancellationToken.None);
        var item = await service.AddCapacityItemAsync(new NewCapacityItem(enterprise.Id, "鼓风炉炼铅生产线", 2.5m, "万吨/年"), CancellationToken.None);
        var bureau = await db.Bureaus.SingleAsync(b => b.NameZh == "郴州市工业和信息化局");
        var opened = await service.OpenCaseAsync(new NewCase(item.Id, "energy", new DateOnly(2026, 11, 22), "郴州市2017年工作方案 §三.5", bureau.Id), CancellationToken.None);

        await using var check = _database.NewContext();
        var stored = await check.Cases.Include(c => c.CapacityItem!).ThenInclude(i => i.Enterprise!).ThenInclude(e => e.County).SingleAsync(c => c.Id == opened.Id);
        Assert.Equal(Standard.Energy, stored.Standard);
        Assert.Equal(CaseStatus.Open, stored.Status);
        Assert.Equal(new DateOnly(2026, 11, 22), stored.FindingDate);
        Assert.Equal("桂阳县", stored.CapacityItem!.Enterprise!.County!.NameZh);
        Assert.Equal(Industry.LeadSmelting, stored.CapacityItem.Enterprise.Industry);
        Assert.Equal(2.5m, stored.CapacityItem.Amount);
    }

    [Fact]
    public async Task A_wrong_check_character_is_refused_with_the_expected_one_and_nothing_is_written()
    {
        var good = CreditCode.Complete("91431021MA0000992");
        var wrongLast = good[17] == '0' ? '1' : '0';
        var bad = good[..17] + wrongLast;
        await using var db = _database.NewContext();
        var before = await db.Enterprises.CountAsync();

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            new RegistryService(db, _time, TestWorkflows.Starter(_time)).CreateEnterpriseAsync(ValidEnterprise(bad), CancellationToken.None));

        var only = Assert.Single(error.Errors);
        Assert.Equal("creditCode", only.Field);
        Assert.Contains($"第18位应为“{good[17]}”", only.MessageZh);
        await using var check = _database.NewContext();
        Assert.Equal(before, await check.Enterprises.CountAsync());
    }

    [Fact]
    public async Task An_unknown_county_and_an_unknown_industry_are_both_reported()
    {
        await using var db = _database.NewContext();
        var input = ValidEnterprise(CreditCode.Complete("91431021MA0000993")) with { CountyCode = "999999", Industry = "纺纱" };

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => new RegistryService(db, _time, TestWorkflows.Starter(_time)).CreateEnterpriseAsync(input, CancellationToken.None));

        Assert.Equal(["countyCode", "industry"], error.Errors.Select(e => e.Field).Order().ToArray());
        Assert.Contains("999999", error.Errors.Single(e => e.Field == "countyCode").MessageZh);
        await using var check = _database.NewContext();
        Assert.False(await check.Enterprises.AnyAsync(e => e.CreditCode == input.CreditCode));
    }

    [Fact]
    public async Task A_city_is_not_accepted_where_a_county_is_required()
    {
        await using var db = _database.NewContext();
        var input = ValidEnterprise(CreditCode.Complete("91431021MA0000994")) with { CountyCode = "431000" };

        var error = await Assert.ThrowsAsync<DomainValidationException>(() => new RegistryService(db, _time, TestWorkflows.Starter(_time)).CreateEnterpriseAsync(input, CancellationToken.None));

        Assert.Contains("不是县（市、区）或开发区", Assert.Single(error.Errors).MessageZh);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task A_negative_or_zero_capacity_is_refused(decimal amount)
    {
        await using var db = _database.NewContext();
        var enterpriseId = await db.Enterprises.Select(e => e.Id).FirstAsync();
        var before = await db.CapacityItems.CountAsync();

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            new RegistryService(db, _time, TestWorkflows.Starter(_time)).AddCapacityItemAsync(new NewCapacityItem(enterpriseId, "生产线", amount, "万吨/年"), CancellationToken.None));

        Assert.Equal("amount", Assert.Single(error.Errors).Field);
        await using var check = _database.NewContext();
        Assert.Equal(before, await check.CapacityItems.CountAsync());
    }

    [Fact]
    public async Task A_finding_date_after_today_in_Shanghai_is_refused_but_today_is_accepted()
    {
        await using var db = _database.NewContext();
        var item = await db.CapacityItems.Include(i => i.Enterprise).FirstAsync(i => i.Enterprise!.Name.StartsWith("郴州"));
        var bureau = await db.Bureaus.SingleAsync(b => b.NameZh == "郴州市工业和信息化局");
        var service = new RegistryService(db, _time, TestWorkflows.Starter(_time));
        // 2026-11-22 17:00 UTC is already 2026-11-23 in Shanghai: the 23rd is today there, the 24th is not.
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.OpenCaseAsync(new NewCase(item.Id, "能耗", new DateOnly(2026, 11, 24), "依据", bureau.Id), CancellationToken.None));
        var accepted = await service.OpenCaseAsync(new NewCase(item.Id, "能耗", new DateOnly(2026, 11, 23), "依据", bureau.Id), CancellationToken.None);

        Assert.Equal("findingDate", Assert.Single(error.Errors).Field);
        Assert.Contains("2026-11-24", error.Errors[0].MessageZh);
        Assert.True(accepted.Id > 0);
    }

    [Fact]
    public async Task A_bureau_that_does_not_enforce_the_standard_or_lies_elsewhere_is_refused()
    {
        await using var db = _database.NewContext();
        var item = await db.CapacityItems.Include(i => i.Enterprise).FirstAsync(i => i.Enterprise!.Name.StartsWith("郴州"));
        var environment = await db.Bureaus.SingleAsync(b => b.NameZh == "郴州市生态环境局");
        var otherCity = await db.Bureaus.SingleAsync(b => b.NameZh == "长春市工业和信息化局");
        var service = new RegistryService(db, _time, TestWorkflows.Starter(_time));
        var before = await db.Cases.CountAsync();

        var wrongStandard = await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.OpenCaseAsync(new NewCase(item.Id, "energy", new DateOnly(2026, 11, 1), "依据", environment.Id), CancellationToken.None));
        var wrongPlace = await Assert.ThrowsAsync<DomainValidationException>(() =>
            service.OpenCaseAsync(new NewCase(item.Id, "energy", new DateOnly(2026, 11, 1), "依据", otherCity.Id), CancellationToken.None));

        Assert.Contains("不负责能耗标准", Assert.Single(wrongStandard.Errors).MessageZh);
        Assert.Contains("辖区不包含", Assert.Single(wrongPlace.Errors).MessageZh);
        await using var check = _database.NewContext();
        Assert.Equal(before, await check.Cases.CountAsync());
    }

    [Fact]
    public async Task Control_characters_in_any_field_are_refused_before_they_reach_the_database()
    {
        await using var db = _database.NewContext();
        var input = ValidEnterprise(CreditCode.Complete("91431021MA0000995")) with { CountyCode = "431021\0", ContactName = "演示\u0001联系人" };

        var error = await Assert.ThrowsAsync<DomainValidationException>(() =>
            new RegistryService(db, _time, TestWorkflows.Starter(_time)).CreateEnterpriseAsync(input, CancellationToken.None));

        Assert.Equal(["contactName", "countyCode"], error.Errors.Select(e => e.Field).Order().ToArray());
        Assert.All(error.Errors, e => Assert.Equal("含有不可见的控制字符", e.MessageZh));
    }
}
