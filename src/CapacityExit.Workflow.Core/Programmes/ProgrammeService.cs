using System.Globalization;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Documents;
using CapacityExit.Workflow.Core.Registry;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Programmes;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>A kiln stop confirmed: the line, the day, who confirms it (enterprise or power-supplier), readings and/or a photo.</summary>
public sealed record KilnConfirmation(int CapacityItemId, DateOnly Day, string? Party, string? MeterReadings, UploadedFile? Photo);

/// <summary>A coal mine's production days for one month, in the production-days file form.</summary>
public sealed record CoalReportInput(int EnterpriseId, int Year, int Month, string? Days);

/// <summary>What a coal report showed: the report, its breaches this month, and the bureau's task if it opened one.</summary>
public sealed record CoalReportResult(CoalProductionReport Report, IReadOnlyList<CoalBreach> Breaches, CoalProgramme Programme, ProgrammeTask? Task);

/// <summary>A bureau's outcome on a programme task; for a failed re-check, the standard of the new case and its facts.
/// For a permit duty (001 §四.(七)) reported to the provincial authority: the day it was reported (yyyy-MM-dd) and the reference (文号).</summary>
public sealed record TaskOutcome(long TaskId, string? Outcome, string? Note, string? Standard = null, IReadOnlyDictionary<string, string>? Variables = null,
    string? ReportedOn = null, string? AuthorityReference = null);

/// <summary>
/// The people's side of the industry programmes, one entry point for the CLI, the API and the pages: a kiln stop
/// confirmed, a coal mine's month of production days recorded and checked, a programme task's outcome. Enterprises
/// and the power supplier have no accounts: what they send is recorded by the city's leading-group office, the
/// programme's bureau, or the enterprise's county officer, each for their own (属地责任). Input is checked first
/// (specific errors, nothing written).
/// </summary>
public sealed partial class ProgrammeService(
    CapacityExitDbContext db, ProgrammeDirectory directory, DocumentStore documents, RegistryService registry, TimeProvider time)
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Outcomes = new Dictionary<string, IReadOnlyList<string>>
    {
        [ProgrammeTaskKinds.KilnUnconfirmed] = ["stopped", "not-stopped"],
        [ProgrammeTaskKinds.CoalBreach] = ["dealt-with"],
        [ProgrammeTaskKinds.Recheck] = ["passed", "failed"],
        [ProgrammeTaskKinds.CoalUnreported] = ["dealt-with"],
        [ProgrammeTaskKinds.PermitCancellation] = ["reported", "no-permit"],
    };

    public static string OutcomeZh(string outcome) => outcome switch
    {
        "stopped" => "经核查已断电停产", "not-stopped" => "经核查未按规定停产", "dealt-with" => "已依法处理",
        "passed" => "复查通过（仍封存或已拆除，未恢复生产，未异地转移）", "failed" => "复查未通过，已对企业立案", "confirmed-late" => "企业或供电企业逾期确认停产", "reported-late" => "煤矿已补报生产日",
        "reported" => "已报请省级生产许可证主管部门注销生产许可证", "no-permit" => "经核查企业未取得生产许可证，无需注销",
        _ => outcome,
    };

    public async Task<KilnShutdownRecord> ConfirmKilnStopAsync(string login, KilnConfirmation input, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var errors = new List<ValidationError>();
        if (input.Party is not (ProgrammeMail.Enterprise or ProgrammeMail.PowerSupplier))
        {
            errors.Add(new("party", "请选择确认方：企业（enterprise）或供电企业（power-supplier）", $"'{input.Party}' is neither enterprise nor power-supplier"));
        }

        var readings = input.MeterReadings?.Trim();
        if (InputText.Check("readings", readings) is { } bad)
        {
            errors.Add(bad);
        }
        else if (readings is { Length: > 500 })
        {
            errors.Add(new("readings", $"电表读数过长（{readings.Length}字，最多500字）", $"is {readings.Length} characters long, at most 500"));
        }

        if (string.IsNullOrEmpty(readings) && input.Photo is null)
        {
            errors.Add(new("readings", "请填写断电前后电表读数，或上传现场照片", "give the meter readings before and after, or a photo"));
        }

        if (input.Photo is { } photo && !UploadedFile.Photos.Contains(photo.Kind))
        {
            errors.Add(new("photo", "现场照片应为 JPEG 或 PNG 图片", "the photo must be a JPEG or PNG image"));
        }

        var today = ChinaTime.Today(time);
        if (input.Day > today)
        {
            errors.Add(new("day", $"停产日{input.Day:yyyy-MM-dd}还没有到（今天{today:yyyy-MM-dd}）", $"{input.Day:yyyy-MM-dd} has not come yet (today is {today:yyyy-MM-dd})"));
        }

        Throw(errors);
        // The scope rule: a line of another jurisdiction reads as one that does not exist, and is never named.
        var readable = (await new Cases.CaseReadAccess(db).ReadableAsync(person, cancellationToken)).ToList();
        var item = await db.CapacityItems.AsNoTracking().Include(i => i.Enterprise)
            .SingleOrDefaultAsync(i => i.Id == input.CapacityItemId && readable.Contains(i.Enterprise!.CountyId), cancellationToken)
            ?? throw DomainValidationException.Single("line", $"没有编号为{input.CapacityItemId}的生产线", $"no capacity item {input.CapacityItemId}");
        var cityId = await directory.CityOfCountyAsync(item.Enterprise!.CountyId, cancellationToken);
        var city = await directory.CityAsync(cityId, cancellationToken);
        var lines = await directory.KilnLinesAsync(cityId, cancellationToken);
        if (city?.Profile.KilnShutdown is not { } programme || lines.All(l => l.CapacityItemId != item.Id))
        {
            throw DomainValidationException.Single("line", $"{item.Enterprise.Name} {item.Description}不在任何水泥熟料装置停产方案内",
                $"{item.Description} is bound by no kiln shutdown programme");
        }

        var day = KilnShutdownRule.For(programme, input.Day.Year, input.Day.Month, directory.Calendar);
        if (day.Day != input.Day)
        {
            throw DomainValidationException.Single("day", $"{input.Day:yyyy-MM-dd}不是{city.City.NameZh}的停产日（{input.Day.Month}月的停产日为{day.Day:yyyy-MM-dd}）",
                $"{input.Day:yyyy-MM-dd} is not a shutdown day of {city.City.NameZh} (that month's is {day.Day:yyyy-MM-dd})");
        }

        await RequireAsync(person, cityId, item.Enterprise.CountyId, ProgrammeTaskKinds.KilnUnconfirmed, cancellationToken);
        var record = await db.KilnShutdowns.SingleOrDefaultAsync(k => k.CapacityItemId == item.Id && k.Day == day.Day, cancellationToken);
        if (record?.Status == KilnShutdownStatus.Confirmed)
        {
            throw new WorkflowRuleException("only-once", $"{item.Description}{day.Day:yyyy-MM-dd}的停产已于{Local(record.ConfirmedAt!.Value)}确认",
                $"the stop of {day.Day:yyyy-MM-dd} was confirmed on {Local(record.ConfirmedAt!.Value)} already");
        }

        if (record is null)
        {
            record = new KilnShutdownRecord { CityId = cityId, CapacityItemId = item.Id, Day = day.Day, ConfirmBy = day.ConfirmBy };
            db.KilnShutdowns.Add(record);
        }

        if (input.Photo is { } file)
        {
            await documents.SaveAsync(file, cancellationToken);
            (record.PhotoSha256, record.PhotoFileName, record.PhotoContentType) = (file.Sha256, file.FileName, file.ContentType);
        }

        var now = time.GetUtcNow().ToUniversalTime();
        (record.Status, record.ConfirmedByParty, record.MeterReadings, record.RecordedBy, record.ConfirmedAt) =
            (KilnShutdownStatus.Confirmed, input.Party, string.IsNullOrEmpty(readings) ? null : readings, person.Login, now);
        if (record.TaskId is { } taskId && await db.ProgrammeTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.Status == ProgrammeTaskStatus.Open, cancellationToken) is { } task)
        {
            // Confirmed late: the bureau's task for it is done, its reminders stop.
            (task.Status, task.Outcome, task.ClosedBy, task.ClosedAt) = (ProgrammeTaskStatus.Done, "confirmed-late", person.Login, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    public async Task<CoalReportResult> RecordCoalReportAsync(string login, CoalReportInput input, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var today = ChinaTime.Today(time);
        var errors = new List<ValidationError>();
        if (input.Month is < 1 or > 12)
        {
            errors.Add(new("month", $"月份{input.Month}应为1至12", $"{input.Month} is not a month from 1 to 12"));
        }
        else if (input.Year > today.Year || (input.Year == today.Year && input.Month > today.Month) || input.Year < today.Year - 1)
        {
            errors.Add(new("month", $"{input.Year}年{input.Month}月不是本年或上一年已到的月份", $"{input.Year}-{input.Month:00} is not a month of this or last year that has begun"));
        }

        if (string.IsNullOrWhiteSpace(input.Days))
        {
            errors.Add(new("days", "请填写生产日（每行一个日期或“起..止”区间）", "give the production days (a date or FROM..TO a line)"));
        }

        Throw(errors);
        IReadOnlyList<DateOnly> days;
        try
        {
            days = ProductionDaysText.Parse(input.Days!, input.Year, new DateOnly(input.Year, input.Month, 1));
        }
        catch (ProductionDaysFormatException e)
        {
            throw DomainValidationException.Single("days", e.MessageZh, e.MessageEn);
        }

        if (days.Count > 0 && days[^1] > today)
        {
            throw DomainValidationException.Single("days", $"{days[^1]:yyyy-MM-dd}还没有到，不能报告为生产日", $"{days[^1]:yyyy-MM-dd} has not come yet");
        }

        // The scope rule: a mine of another jurisdiction reads as one that does not exist, and is never named.
        var readable = (await new Cases.CaseReadAccess(db).ReadableAsync(person, cancellationToken)).ToList();
        var mine = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.Id == input.EnterpriseId && readable.Contains(e.CountyId), cancellationToken)
            ?? throw DomainValidationException.Single("enterprise", $"没有编号为{input.EnterpriseId}的企业", $"no enterprise {input.EnterpriseId}");
        if (mine.Industry != Industry.Coal)
        {
            throw DomainValidationException.Single("enterprise", $"{mine.Name}不是煤炭企业（{mine.Industry.Zh()}）", $"{mine.Name} is not a coal mine ({mine.Industry})");
        }

        var cityId = await directory.CityOfCountyAsync(mine.CountyId, cancellationToken);
        var city = await directory.CityAsync(cityId, cancellationToken);
        if (city?.Profile.Coal is not { } programme)
        {
            throw DomainValidationException.Single("enterprise", $"{mine.Name}所在市的工作方案没有煤矿作业日规定", $"the profile where {mine.Name} lies sets no coal programme");
        }

        if (!directory.Calendar.Covers(input.Year) || directory.Calendar.IsProvisional(input.Year))
        {
            throw DomainValidationException.Single("year", $"节假日日历尚无{input.Year}年安排，无法核对法定节假日", $"the holiday calendar has no arrangement for {input.Year} yet");
        }

        await RequireAsync(person, cityId, mine.CountyId, ProgrammeTaskKinds.CoalBreach, cancellationToken);
        if (await db.CoalProductionReports.AnyAsync(r => r.EnterpriseId == mine.Id && r.Year == input.Year && r.Month == input.Month, cancellationToken))
        {
            throw new WorkflowRuleException("only-once", $"{mine.Name}{input.Year}年{input.Month}月的生产日已报告", $"{mine.Name} has reported {input.Year}-{input.Month:00} already");
        }

        // The running count runs over the whole year: the months reported before, and this one.
        var earlier = await db.CoalProductionReports.AsNoTracking().Where(r => r.EnterpriseId == mine.Id && r.Year == input.Year).Select(r => r.Days).ToListAsync(cancellationToken);
        var year = earlier.SelectMany(t => ProductionDaysText.Parse(t, input.Year)).Concat(days).ToList();
        var breaches = CoalProductionCheck.Check(programme, input.Year, year, directory.Calendar).Where(b => b.Date.Month == input.Month).ToList();
        var now = time.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var report = new CoalProductionReport
        {
            EnterpriseId = mine.Id, Year = input.Year, Month = input.Month, Days = ProductionDaysText.Write(days), DayCount = days.Count,
            RecordedBy = person.Login, RecordedAt = now,
        };
        db.CoalProductionReports.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        // Reported late: the bureau's task for the missing report is done, its reminders stop.
        if (await db.ProgrammeTasks.SingleOrDefaultAsync(t => t.Subject == ProgrammeJob.CoalReportSubject(mine.Id, input.Year, input.Month) && t.Status == ProgrammeTaskStatus.Open, cancellationToken) is { } owed)
        {
            (owed.Status, owed.Outcome, owed.ClosedBy, owed.ClosedAt) = (ProgrammeTaskStatus.Done, "reported-late", person.Login, now);
            await db.SaveChangesAsync(cancellationToken);
        }
        ProgrammeTask? task = null;
        if (breaches.Count > 0 && await directory.BureauForAsync(cityId, ProgrammeTaskKinds.CoalBreach, cancellationToken) is { } bureau)
        {
            task = await ProgrammeJob.OpenTaskAsync(db, new ProgrammeTask
            {
                Kind = ProgrammeTaskKinds.CoalBreach, Subject = $"coal:{mine.Id}:{input.Year}-{input.Month:00}", CityId = cityId, RegionId = mine.CountyId,
                BureauId = bureau.Id, EnterpriseId = mine.Id,
                Title = $"{mine.Name}{input.Year}年{input.Month}月超作业日或节假日生产（{breaches.Count}天）",
                Detail = $"{programme.Source}：全年作业时间不超过{programme.WorkingDaysPerYear}个工作日，原则上法定节假日不安排生产。本月违规日期：\n"
                         + string.Join("\n", breaches.Select(b => "· " + b.ReasonZh(programme))),
                OpenedOn = today, DueOn = directory.Calendar.AddWorkingDays(today, ProgrammeJob.TaskWorkingDays), Source = programme.Source,
            }, now, cancellationToken);
            report.TaskId = task?.Id;
            await db.SaveChangesAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new CoalReportResult(report, breaches, programme, task);
    }

    public async Task<ProgrammeTask> CompleteTaskAsync(string login, TaskOutcome input, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var task = await db.ProgrammeTasks.SingleOrDefaultAsync(t => t.Id == input.TaskId, cancellationToken)
            ?? throw DomainValidationException.Single("task", $"没有编号为{input.TaskId}的任务", $"no programme task {input.TaskId}");
        var allowed = Outcomes[task.Kind];
        var errors = new List<ValidationError>();
        if (input.Outcome is null || !allowed.Contains(input.Outcome))
        {
            errors.Add(new("outcome", $"办理结果应为：{string.Join("、", allowed.Select(o => $"{o}（{OutcomeZh(o)}）"))}", $"'{input.Outcome}' is not one of {string.Join(", ", allowed)}"));
        }

        var note = input.Note?.Trim();
        if (InputText.Check("note", note) is { } bad)
        {
            errors.Add(bad);
        }
        else if (string.IsNullOrEmpty(note) || note.Length > 2000)
        {
            errors.Add(new("note", "请填写办理情况（不超过2000字）", "describe what was found and done (at most 2000 characters)"));
        }

        DateOnly? reportedOn = null;
        string? reference = null;
        if (task.Kind == ProgrammeTaskKinds.PermitCancellation && input.Outcome == "reported")
        {
            // 报请…注销生产许可证 (001 §四.(七)): the record says when it was reported and under which reference.
            var today = ChinaTime.Today(time);
            if (string.IsNullOrWhiteSpace(input.ReportedOn))
            {
                errors.Add(new("reportedOn", "请填写报请注销的日期（yyyy-MM-dd）", "give the day the cancellation was reported (yyyy-MM-dd)"));
            }
            else if (!DateOnly.TryParseExact(input.ReportedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                errors.Add(new("reportedOn", $"报请日期“{input.ReportedOn}”应写作yyyy-MM-dd", $"'{input.ReportedOn}' is not a date (yyyy-MM-dd)"));
            }
            else if (day > today)
            {
                errors.Add(new("reportedOn", $"报请日期{day:yyyy-MM-dd}晚于今天{today:yyyy-MM-dd}", $"{day:yyyy-MM-dd} is after today, {today:yyyy-MM-dd}"));
            }
            else
            {
                reportedOn = day;
            }

            reference = input.AuthorityReference?.Trim();
            if (InputText.Check("authorityReference", reference) is { } badReference)
            {
                errors.Add(badReference);
            }
            else if (string.IsNullOrEmpty(reference) || reference.Length > 100)
            {
                errors.Add(new("authorityReference", "请填写报请文件或主管部门注销决定的文号（不超过100字）",
                    "give the reference of the report or of the authority's cancellation (at most 100 characters)"));
            }
        }

        Throw(errors);
        if (!MayComplete(person, task))
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只有承办部门或本市领导小组办公室可以办结该任务",
                $"{person.Login}: only the task's bureau or the city's leading-group office completes it");
        }

        if (task.Status != ProgrammeTaskStatus.Open)
        {
            throw new WorkflowRuleException("only-once", $"任务{task.Id}已于{Local(task.ClosedAt!.Value)}办结（{OutcomeZh(task.Outcome ?? "")}）",
                $"task {task.Id} was completed on {Local(task.ClosedAt!.Value)} already");
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        if (task.Kind == ProgrammeTaskKinds.Recheck && input.Outcome == "failed")
        {
            // 确保落后产能没有恢复和不能恢复 (003): a line restarted or moved is a new case against the enterprise, linked to the old one.
            var old = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == task.CaseId, cancellationToken);
            var opened = await registry.OpenCaseAsync(new NewCase(old.CapacityItemId, input.Standard ?? old.Standard.Id(), ChinaTime.Today(time),
                $"回头看复查未通过（原案件{old.Id}，{task.Source}）：{note}", task.BureauId, input.Variables), cancellationToken, person.Login);
            task.FollowUpCaseId = opened.Id;
        }

        (task.Status, task.Outcome, task.Note, task.ClosedBy, task.ClosedAt) = (ProgrammeTaskStatus.Done, input.Outcome, note, person.Login, time.GetUtcNow().ToUniversalTime());
        (task.ReportedOn, task.AuthorityReference) = (reportedOn, reference);
        if (task.Kind == ProgrammeTaskKinds.PermitCancellation && task.CaseId is { } caseId)
        {
            // The case's history keeps the record too, beside its closure.
            var instance = await db.WorkflowInstances.AsNoTracking().Where(i => i.CaseId == caseId).Select(i => new { i.State, i.Version }).SingleAsync(cancellationToken);
            db.CaseHistory.Add(new CaseHistoryEntry
            {
                CaseId = caseId, At = task.ClosedAt!.Value, Actor = person.Login,
                What = input.Outcome == "reported"
                    ? $"已报请注销生产许可证（{reportedOn:yyyy-MM-dd}，{reference}） / the production permit's cancellation reported ({reportedOn:yyyy-MM-dd}, {reference})"
                    : "经核查企业未取得生产许可证 / the enterprise holds no production permit",
                Why = note, FromState = instance.State, ToState = instance.State, DefinitionVersion = instance.Version,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return task;
    }

    /// <summary>Programme tasks a person sees (<see cref="VisibleToAsync"/>).</summary>
    public async Task<IReadOnlyList<ProgrammeTask>> TasksForAsync(string login, bool openOnly, CancellationToken cancellationToken)
    {
        var person = await PersonAsync(login, cancellationToken);
        var q = await VisibleToAsync(person, db.ProgrammeTasks.AsNoTracking().Where(t => !openOnly || t.Status == ProgrammeTaskStatus.Open), cancellationToken);
        return await q.OrderBy(t => t.Status).ThenBy(t => t.DueOn).ThenBy(t => t.Id).Take(1000).ToListAsync(cancellationToken);
    }

    /// <summary>The office of the city, the programme's bureau, or the enterprise's county officer may record for it.</summary>
    private async Task RequireAsync(Person person, int cityId, int countyId, string kind, CancellationToken cancellationToken)
    {
        var bureau = await directory.BureauForAsync(cityId, kind, cancellationToken);
        if (!MayRecord(person, cityId, countyId, bureau))
        {
            throw new WorkflowRuleException("role-not-allowed", $"{person.DisplayName}：只能由本市领导小组办公室、{bureau?.NameZh ?? "主管部门"}或企业所在县（市、区）经办人登记",
                $"{person.Login}: only the city's leading-group office, the programme's bureau or the enterprise's county officer records this");
        }
    }

    private async Task<Person> PersonAsync(string login, CancellationToken cancellationToken)
    {
        if (InputText.HasControlCharacters(login) || login.Length > 100)
        {
            throw DomainValidationException.Single("as", "登录名无效", "is not a valid login");
        }

        return await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == login, cancellationToken)
            ?? throw DomainValidationException.Single("as", $"没有登录名为“{login}”的用户", $"no person with login '{login}'");
    }

    private static void Throw(List<ValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
