using System.Net;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Deadlines;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Integration.Tests.Web;

/// <summary>
/// The programme forms (issue 18) over HTTP on the real host with the demo data: a refused confirmation, coal report or
/// task outcome says what is wrong beside the field and writes nothing; a person who may only read gets 403.
/// </summary>
[Collection(OfficePagesCollection.Name)]
public sealed class ProgrammePagesTests(OfficeHost office) : IClassFixture<OfficeHost>
{
    /// <summary>
    /// 郴州's newest shutdown day that has come: the 15th, never moved (chenzhou-2017.yaml). The web host is a process of
    /// its own on the real clock (no injected clock crosses a process boundary), so the test reads the same clock.
    /// </summary>
    private static string LastShutdownDay()
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var day = new DateOnly(today.Year, today.Month, 15);
        return (day > today ? day.AddMonths(-1) : day).ToString("yyyy-MM-dd");
    }

    private async Task<int> KilnLineAsync()
    {
        await using var db = office.Database.NewContext();
        return await db.CapacityItems.Where(i => i.Enterprise!.Name == "郴州示例建材水泥有限公司" && i.Description.Contains("熟料")).Select(i => i.Id).SingleAsync();
    }

    private async Task<(int Confirmed, int Reports, int CoalTasks)> WritesAsync()
    {
        await using var db = office.Database.NewContext();
        return (await db.KilnShutdowns.CountAsync(k => k.Status == KilnShutdownStatus.Confirmed), await db.CoalProductionReports.CountAsync(),
            await db.ProgrammeTasks.CountAsync(t => t.Kind == ProgrammeTaskKinds.CoalBreach));
    }

    [Fact]
    public async Task A_confirmation_without_readings_or_photo_or_on_a_day_that_is_no_shutdown_day_is_refused_beside_the_field_and_writes_nothing()
    {
        using var officer = await office.SignInAsync("chenzhou-industryit");
        var line = (await KilnLineAsync()).ToString();
        var before = await WritesAsync();

        var noEvidence = await officer.PostAsync("/programmes/kiln/confirm", "/programmes/kiln/confirm",
            ("line", line), ("day", LastShutdownDay()), ("party", "enterprise"), ("readings", "  "));
        var wrongDay = await officer.PostAsync("/programmes/kiln/confirm", "/programmes/kiln/confirm",
            ("line", line), ("day", DateOnly.ParseExact(LastShutdownDay(), "yyyy-MM-dd").AddDays(-1).ToString("yyyy-MM-dd")), ("party", "power-supplier"), ("readings", "断电前 1000 kWh，断电后 1000 kWh"));
        var noParty = await officer.PostAsync("/programmes/kiln/confirm", "/programmes/kiln/confirm",
            ("line", line), ("day", LastShutdownDay()), ("readings", "断电前 1000 kWh，断电后 1000 kWh"));

        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        Assert.Contains("<span class=\"field-error\" id=\"readings-error\">请填写断电前后电表读数，或上传现场照片</span>", await OfficeClient.BodyAsync(noEvidence));
        Assert.Equal(HttpStatusCode.BadRequest, wrongDay.StatusCode);
        Assert.Matches("<span class=\"field-error\" id=\"day-error\">\\d{4}-\\d{2}-14不是郴州市的停产日（\\d+月的停产日为\\d{4}-\\d{2}-15）</span>", await OfficeClient.BodyAsync(wrongDay));
        Assert.Equal(HttpStatusCode.BadRequest, noParty.StatusCode);
        Assert.Contains("id=\"party-error\">请选择确认方：企业（enterprise）或供电企业（power-supplier）</span>", await OfficeClient.BodyAsync(noParty));
        Assert.Equal(before, await WritesAsync());
    }

    [Fact]
    public async Task An_auditor_reads_the_programmes_but_gets_403_on_the_forms_and_a_post_writes_nothing()
    {
        using var auditor = await office.SignInAsync("chenzhou-auditor");
        var before = await WritesAsync();
        var token = OfficeClient.Token(await auditor.PageAsync("/programmes"));

        var form = await auditor.GetAsync("/programmes/kiln/confirm");
        var post = await auditor.PostWithTokenAsync("/programmes/kiln/confirm", token,
            ("line", (await KilnLineAsync()).ToString()), ("day", LastShutdownDay()), ("party", "enterprise"), ("readings", "断电前 1000 kWh，断电后 1000 kWh"));
        var coal = await auditor.GetAsync("/programmes/coal/report");

        Assert.Equal(HttpStatusCode.Forbidden, await auditor.FinalStatusAsync(form));
        Assert.Equal(HttpStatusCode.Forbidden, await auditor.FinalStatusAsync(post));
        Assert.Equal(HttpStatusCode.Forbidden, await auditor.FinalStatusAsync(coal));
        Assert.Equal(before, await WritesAsync());
    }

    [Fact]
    public async Task A_coal_report_with_a_bad_line_is_refused_and_a_good_one_shows_the_holiday_breaches_and_the_task()
    {
        using var officer = await office.SignInAsync("chenzhou-development");
        await using var db = office.Database.NewContext();
        var mine = (await db.Enterprises.SingleAsync(e => e.Name == "郴州示例煤业有限公司")).Id.ToString();
        var before = await WritesAsync();

        var bad = await officer.PostAsync("/programmes/coal/report", "/programmes/coal/report",
            ("enterprise", mine), ("year", "2026"), ("month", "1"), ("days", "2026-01-05\n2026-13-01"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"days-error\">第2行", await OfficeClient.BodyAsync(bad));
        Assert.Equal(before, await WritesAsync());

        var good = await officer.PostAsync("/programmes/coal/report", "/programmes/coal/report",
            ("enterprise", mine), ("year", "2026"), ("month", "1"), ("days", "2026-01-01..2026-01-05 # 元旦三天照常生产"));
        var page = await OfficeClient.BodyAsync(good);

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("已登记郴州示例煤业有限公司2026年1月：5个生产日", page);
        Assert.Contains("<li>2026-01-01 法定节假日（元旦）安排生产</li>", page);
        Assert.Contains("<li>2026-01-03 法定节假日（元旦）安排生产</li>", page);
        Assert.DoesNotContain("2026-01-04 法定节假日", page); // 调休上班: a working day
        Assert.Contains("id=\"coal-task\">已交办任务", page);
        Assert.Equal((before.Confirmed, before.Reports + 1, before.CoalTasks + 1), await WritesAsync());
    }

    [Fact]
    public async Task A_task_outcome_without_a_note_is_refused_and_the_office_completes_the_demo_coal_task_another_bureau_does_not_see_it()
    {
        await using var db = office.Database.NewContext();
        var task = await db.ProgrammeTasks.Where(t => t.Kind == ProgrammeTaskKinds.CoalBreach && t.Subject.StartsWith("coal:")).OrderBy(t => t.Id).FirstAsync();
        using var clerk = await office.SignInAsync("chenzhou-office");
        using var industry = await office.SignInAsync("chenzhou-industryit");
        var path = $"/programmes/tasks/{task.Id}/complete";

        var other = await industry.GetAsync(path);
        var noNote = await clerk.PostAsync(path, path, ("outcome", "dealt-with"), ("note", " "));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("id=\"note-error\">请填写办理情况（不超过2000字）</span>", await OfficeClient.BodyAsync(noNote));
        await using (var check = office.Database.NewContext())
        {
            Assert.Equal(ProgrammeTaskStatus.Open, (await check.ProgrammeTasks.SingleAsync(t => t.Id == task.Id)).Status);
        }

        var done = await clerk.PostAsync(path, path, ("outcome", "dealt-with"), ("note", "已责令停产整改，罚款已缴。"));
        var (_, programmes) = await clerk.FollowAsync(done);

        Assert.Contains($"任务{task.Id}已办结：已依法处理", programmes);
        await using var after = office.Database.NewContext();
        var closed = await after.ProgrammeTasks.SingleAsync(t => t.Id == task.Id);
        Assert.Equal((ProgrammeTaskStatus.Done, "dealt-with", "chenzhou-office"), (closed.Status, closed.Outcome, closed.ClosedBy));
    }

    [Fact]
    public async Task A_failed_re_check_on_the_form_needs_its_facts_as_name_value_lines_and_then_opens_a_new_case_linked_to_the_old()
    {
        // A re-check of the demo's exited steel line (郴州 sets no re-check programme: the task is put in as the job would open it).
        await using var db = office.Database.NewContext();
        var old = await db.Cases.AsNoTracking().Include(c => c.CapacityItem).SingleAsync(c => c.Status == CaseStatus.Exited && c.CapacityItem!.Enterprise!.Name == "郴州示例小型钢铁有限公司");
        var enterprise = await db.Enterprises.AsNoTracking().SingleAsync(e => e.Id == old.CapacityItem!.EnterpriseId);
        var city = await db.Jurisdictions.AsNoTracking().Where(j => j.Id == enterprise.CountyId).Select(j => j.ParentId!.Value).SingleAsync();
        var task = new ProgrammeTask
        {
            Kind = ProgrammeTaskKinds.Recheck, Subject = $"recheck:{old.Id}", CityId = city, RegionId = enterprise.CountyId, BureauId = old.ResponsibleBureauId,
            EnterpriseId = enterprise.Id, CapacityItemId = old.CapacityItemId, CaseId = old.Id, Title = $"回头看：复查{enterprise.Name}（案件{old.Id}）",
            // Dated by the real clock, as the host process that shows the task counts it.
            Detail = "请现场复查。", Source = "003 §二.(五).1", OpenedOn = ChinaTime.Today(TimeProvider.System), DueOn = ChinaTime.Today(TimeProvider.System).AddDays(20),
        };
        db.ProgrammeTasks.Add(task);
        await db.SaveChangesAsync();
        using var officer = await office.SignInAsync("chenzhou-industryit");
        var path = $"/programmes/tasks/{task.Id}/complete";
        var cases = await db.Cases.CountAsync();

        var badLine = await officer.PostAsync(path, path, ("outcome", "failed"), ("note", "现场发现中频炉已恢复生产。"), ("variables", "demolitionDate 2027-03-31"));

        Assert.Equal(HttpStatusCode.BadRequest, badLine.StatusCode);
        Assert.Contains("id=\"variables-error\">第1行“demolitionDate 2027-03-31”应写作 名称=值</span>", await OfficeClient.BodyAsync(badLine));
        Assert.Equal(cases, await db.Cases.CountAsync());

        var failed = await officer.PostAsync(path, path, ("outcome", "failed"), ("note", "现场发现中频炉已恢复生产。"), ("variables", "demolitionDate=2027-03-31"));
        var (_, programmes) = await officer.FollowAsync(failed);

        Assert.Contains($"任务{task.Id}已办结：复查未通过，已对企业立案", programmes);
        await using var after = office.Database.NewContext();
        var closed = await after.ProgrammeTasks.AsNoTracking().SingleAsync(t => t.Id == task.Id);
        var follow = await after.Cases.AsNoTracking().SingleAsync(c => c.Id == closed.FollowUpCaseId);
        Assert.Equal((old.CapacityItemId, CaseStatus.Open), (follow.CapacityItemId, follow.Status));
        Assert.Contains($"原案件{old.Id}", follow.LegalBasis);
        Assert.Contains($"/cases/{follow.Id}", programmes);
    }
}
