using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Core.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// Demo data for a first look: the seed jurisdictions, their bureaus, fictional enterprises ("示例" in every
/// name, example.org mailboxes, 000 phone numbers) with capacity and open cases, and one user per role.
/// Loaded once, in one transaction, only into an empty registry.
/// </summary>
public static class DemoData
{
    private sealed record DemoEnterprise(string CityCode, int CountyIndex, string Name, Industry Industry, string Item, decimal Amount, string Unit, Standard Standard, int FoundDaysAgo, string Basis)
    {
        /// <summary>What the case's order sets, as the standard's workflow asks (workflows/definitions variables).</summary>
        public Func<DateOnly, Dictionary<string, string>> Variables { get; init; } = _ => [];
    }

    private static readonly DemoEnterprise[] Enterprises =
    [
        new("431000", 3, "示例建材水泥有限公司", Industry.Cement, "2500吨/日新型干法水泥熟料生产线", 77.5m, "万吨/年", Standard.Energy, 170, "郴州市2017年工作方案 §三.5：能耗不达标限期整改"),
        new("431000", 6, "示例有色铅业有限公司", Industry.LeadSmelting, "烧结机铅冶炼生产线", 3m, "万吨/年", Standard.Technology, 30, "郴州市2017年工作方案 §二：淘汰类装备拆除")
            { Variables = found => new() { ["demolitionDate"] = found.AddDays(90).ToString("yyyy-MM-dd") } },
        new("431000", 1, "示例烟花制造有限公司", Industry.Fireworks, "黑火药生产线", 120m, "吨/年", Standard.Safety, 20, "郴州市2017年工作方案 §三.5：安全不达标停产整顿"),
        new("220100", 8, "示例钢铁股份有限公司", Industry.Steel, "450立方米高炉", 40m, "万吨/年", Standard.Energy, 60, "长春市2017年实施方案 §三.(三).1"),
        new("220100", 3, "示例造纸有限公司", Industry.Paper, "1092型纸机生产线", 1.5m, "万吨/年", Standard.Environment, 45, "长春市2017年实施方案 §三.(三).2")
            { Variables = _ => new() { ["orderPeriod"] = "P3M" } },
        new("410100", 7, "示例电解铝有限公司", Industry.ElectrolyticAluminium, "200kA电解槽系列", 10m, "万吨/年", Standard.Energy, 100, "河南省2021年工作方案 §二.(二).1"),
        new("410100", 9, "示例平板玻璃有限公司", Industry.FlatGlass, "浮法玻璃生产线", 300m, "万重量箱/年", Standard.Quality, 90, "河南省2021年工作方案 §二.(二).3"),
        new("440800", 6, "示例焦化有限公司", Industry.Coking, "4.3米焦炉", 30m, "万吨/年", Standard.Environment, 25, "湛江市2021年工作方案 §二")
            { Variables = _ => new() { ["orderPeriod"] = "P2M" } },
        new("440800", 4, "示例蓄电池有限公司", Industry.StorageBatteries, "开口式铅酸电池生产线", 50m, "万千伏安时/年", Standard.Quality, 150, "湛江市2021年工作方案 §二.(三).3")
            { Variables = _ => new() { ["orderPeriod"] = "P6M" } }, // 003 names no period: the order's
        new("330400", 5, "示例印染有限公司", Industry.PrintingDyeing, "间歇式染色机组", 2000m, "万米/年", Standard.Environment, 75, "嘉兴市2011年工作方案 §五")
            { Variables = _ => new() { ["orderPeriod"] = "P3M" } },
        new("330400", 2, "示例化纤有限公司", Industry.ChemicalFibre, "常规切片纺涤纶长丝生产线", 5m, "万吨/年", Standard.Technology, 40, "嘉兴市2011年工作方案 §五.(一)")
            { Variables = found => new() { ["demolitionDate"] = found.AddDays(120).ToString("yyyy-MM-dd") } },
        new("330400", 6, "示例皮革有限公司", Industry.Leather, "年加工3万标张以下制革生产线", 2.5m, "万标张/年", Standard.Energy, 12, "嘉兴市2011年工作方案 §五"),
    ];

    /// <summary>
    /// Loads the demo data into an empty registry; returns false (and changes nothing) if there is data already.
    /// With <paramref name="startWorkflows"/>, every demo case's workflow starts too, in the same transaction.
    /// </summary>
    public static async Task<bool> LoadAsync(CapacityExitDbContext db, TimeProvider time, CancellationToken cancellationToken, WorkflowStarter? startWorkflows = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // Two hosts starting together: the advisory lock makes the second wait, then see the data.
        await db.Database.ExecuteSqlRawAsync("select pg_advisory_xact_lock(73101)", cancellationToken);
        if (await db.Jurisdictions.AnyAsync(cancellationToken))
        {
            return false;
        }

        var cities = AddJurisdictions(db);
        await db.SaveChangesAsync(cancellationToken);
        var bureaus = AddBureaus(db, cities);
        AddPeople(db, cities, bureaus);
        await db.SaveChangesAsync(cancellationToken);
        var cases = AddEnterprisesAndCases(db, cities, bureaus, ChinaTime.Today(time), time.GetUtcNow().ToUniversalTime());
        await db.SaveChangesAsync(cancellationToken);
        if (startWorkflows is not null)
        {
            foreach (var (opened, profileId, variables) in cases)
            {
                await startWorkflows.StartAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx.GetDbTransaction(),
                    opened, profileId, variables, "demo", cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private static Dictionary<string, (Jurisdiction City, List<Jurisdiction> Counties)> AddJurisdictions(CapacityExitDbContext db)
    {
        var result = new Dictionary<string, (Jurisdiction, List<Jurisdiction>)>();
        foreach (var city in DemoJurisdictions.Cities)
        {
            var province = new Jurisdiction { Code = city.ProvinceCode, NameZh = city.ProvinceZh, Level = JurisdictionLevel.Province };
            var prefecture = new Jurisdiction
            {
                Code = city.Code, NameZh = city.NameZh, NameEn = city.NameEn, Level = JurisdictionLevel.PrefectureCity,
                Parent = province, ProfileId = city.ProfileId,
            };
            var counties = city.Counties.Select(DemoJurisdictions.ParseCounty)
                .Select(c => new Jurisdiction { Code = c.Code, NameZh = c.NameZh, Level = c.Level, Parent = prefecture, Mailbox = $"government.{c.Code.ToLowerInvariant()}@example.org" })
                .ToList();
            db.Jurisdictions.AddRange([province, prefecture, .. counties]);
            result[city.Code] = (prefecture, counties);
        }

        return result;
    }

    private static Dictionary<(string City, BureauKind Kind), Bureau> AddBureaus(
        CapacityExitDbContext db, Dictionary<string, (Jurisdiction City, List<Jurisdiction> Counties)> cities)
    {
        var bureaus = new Dictionary<(string, BureauKind), Bureau>();
        foreach (var (code, (city, _)) in cities)
        {
            foreach (var kind in Enum.GetValues<BureauKind>())
            {
                var bureau = new Bureau
                {
                    JurisdictionId = city.Id, Kind = kind, NameZh = city.NameZh + kind.Zh(),
                    Standards = [.. BureauStandards.Default(kind)],
                    Mailbox = $"{kind.ToString().ToLowerInvariant()}.{city.NameEn!.ToLowerInvariant()}@example.org",
                };
                db.Bureaus.Add(bureau);
                bureaus[(code, kind)] = bureau;
            }
        }

        return bureaus;
    }

    private static void AddPeople(CapacityExitDbContext db, Dictionary<string, (Jurisdiction City, List<Jurisdiction> Counties)> cities,
        Dictionary<(string City, BureauKind Kind), Bureau> bureaus)
    {
        foreach (var (code, (city, counties)) in cities)
        {
            var slug = city.NameEn!.ToLowerInvariant();
            void Add(string login, string title, Role role, Jurisdiction where, Bureau? bureau = null) => db.People.Add(new Person
            {
                Login = $"{slug}-{login}", DisplayName = $"演示用户·{where.NameZh}{title}", Email = $"{slug}-{login}@example.org",
                Role = role, Jurisdiction = where, Bureau = bureau,
            });

            Add("office", "领导小组办公室", Role.LeadingGroupOffice, city, bureaus[(code, BureauKind.LeadingGroupOffice)]);
            Add("supervisor", "人民政府审批人", Role.Supervisor, city);
            Add("auditor", "审计员", Role.Auditor, city);
            Add("county", "经办人", Role.CountyOfficer, counties[0]);
            foreach (var kind in new[] { BureauKind.Development, BureauKind.IndustryIT, BureauKind.Environment, BureauKind.MarketRegulation, BureauKind.EmergencyManagement })
            {
                Add(kind.ToString().ToLowerInvariant(), kind.Zh() + "经办人", Role.BureauOfficer, city, bureaus[(code, kind)]);
            }
        }

        db.People.Add(new Person
        {
            Login = "admin", DisplayName = "演示用户·系统管理员", Email = "admin@example.org", Role = Role.Admin,
            Jurisdiction = cities.Values.First().City,
        });
    }

    private static List<(Case Case, string ProfileId, Dictionary<string, string> Variables)> AddEnterprisesAndCases(CapacityExitDbContext db, Dictionary<string, (Jurisdiction City, List<Jurisdiction> Counties)> cities,
        Dictionary<(string City, BureauKind Kind), Bureau> bureaus, DateOnly today, DateTimeOffset now)
    {
        var sequence = 0;
        var cases = new List<(Case, string, Dictionary<string, string>)>();
        foreach (var e in Enterprises)
        {
            var (city, counties) = cities[e.CityCode];
            var county = counties[e.CountyIndex];
            var divisionCode = county.Code.EndsWith("DZ", StringComparison.Ordinal) ? city.Code : county.Code;
            var enterprise = new Enterprise
            {
                Name = city.NameZh[..2] + e.Name, Industry = e.Industry, County = county,
                CreditCode = CreditCode.Complete($"91{divisionCode}MA{++sequence:D7}"),
                ContactName = "演示联系人", ContactPhone = $"000-0000-{sequence:D4}", ContactEmail = $"enterprise{sequence:D3}@example.org",
            };
            var item = new CapacityItem { Enterprise = enterprise, Description = e.Item, Amount = e.Amount, Unit = e.Unit };
            var found = today.AddDays(-e.FoundDaysAgo);
            var opened = new Case
            {
                CapacityItem = item, Standard = e.Standard, FindingDate = found, LegalBasis = e.Basis,
                ResponsibleBureau = bureaus[(e.CityCode, ResponsibleKind(e.Standard))], Status = CaseStatus.Open, CreatedAt = now,
            };
            db.Cases.Add(opened);
            cases.Add((opened, city.ProfileId!, e.Variables(found)));
        }

        return cases;
    }

    private static BureauKind ResponsibleKind(Standard standard) => standard switch
    {
        Standard.Energy or Standard.Technology => BureauKind.IndustryIT,
        Standard.Environment => BureauKind.Environment,
        Standard.Quality => BureauKind.MarketRegulation,
        Standard.Safety => BureauKind.EmergencyManagement,
        _ => throw new ArgumentOutOfRangeException(nameof(standard)),
    };
}
