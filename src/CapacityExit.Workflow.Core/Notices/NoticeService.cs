using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Domain.Deadlines;
using CapacityExit.Workflow.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Notices;

/// <summary>
/// A 通报 or 约谈 to issue. <paramref name="Laggard"/> is named in the title ("桂阳县人民政府"); a 约谈 goes to
/// <paramref name="LaggardRole"/>'s mailboxes and needs the date, place and who must attend. A region's notice to a
/// bureau (a late report of 生态环境局) names the bureau in <paramref name="BureauId"/>.
/// </summary>
public sealed record NoticeRequest(
    string Kind, long? CaseId, int? RegionId, string Laggard, string LaggardRole, string Reason, string IssuedBy,
    DateTimeOffset? MeetingAt = null, string? Place = null, IReadOnlyList<string>? Attendees = null, int? BureauId = null)
{
    /// <summary>Another issuer than the profile's office (a price notice: the development and reform commission).</summary>
    public NoticeIssuer? Issuer { get; init; }

    /// <summary>Roles that receive the notice besides <see cref="LaggardRole"/> (the water supplier beside the power supplier).</summary>
    public IReadOnlyList<string> AlsoTo { get; init; } = [];

    /// <summary>Facts the notice's template reads as <c>data.*</c> (a price notice: the measure, the day it runs from).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The 约谈 on the same laggard and reason as the escalation jobs issue it: five working days on at 09:30, in the
    /// city's leading-group office, its principal and responsible leaders and its officer to attend.
    /// </summary>
    public NoticeRequest AsSummons(DateOnly today, HolidayCalendar calendar, string cityName) => this with
    {
        Kind = MessageKinds.InterviewSummons,
        MeetingAt = ChinaTime.StartOfDay(calendar.AddWorkingDays(today, 5)).AddHours(9.5),
        Place = $"{cityName}淘汰落后产能工作领导小组办公室会议室",
        Attendees = [$"{Laggard}主要负责人", $"{Laggard}分管负责人及经办人"],
    };
}

/// <summary>
/// Issues formal notices (001 §五.(五), 002 §四.(四), 003 §三.(二): 对未完成…的地区和部门采取约谈、通报等方式督办):
/// numbers it per issuer and year, renders its text from the template, writes the .docx, keeps it on record
/// (issued_notices, and the case's history), and queues the mail — all in the caller's transaction, so a
/// rollback leaves no notice, no mail and no used number.
/// </summary>
public sealed class NoticeService(
    CapacityExitDbContext db, RecipientDirectory directory, MailModelBuilder models, TemplateCatalog templates, NoticeSettings settings, TimeProvider time,
    IEnumerable<NoticeIssuer>? otherIssuers = null)
{
    public async Task<IssuedNotice> IssueAsync(NoticeRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        _ = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Issue a notice inside a transaction (BeginTransactionAsync), then commit.");
        var scope = request.CaseId is { } caseId
            ? await directory.ForCaseAsync(caseId, cancellationToken)
            : await directory.ForRegionAsync(request.RegionId!.Value, cancellationToken);
        if (request.BureauId is { } bureauId)
        {
            scope = scope with { ResponsibleBureauId = bureauId };
        }

        var issuer = request.Issuer ?? settings.Issuer(scope.ProfileId ?? throw new InvalidOperationException($"{scope.CityName} has no jurisdiction profile"));
        var now = time.GetUtcNow().ToUniversalTime();
        var today = ChinaTime.Today(time);
        var toRole = request.Kind == MessageKinds.CirculatedNotice ? RecipientDirectory.LeadingGroupMembers : request.LaggardRole;
        var recipients = await directory.ForMessageAsync(scope, request.Kind, toRole, cancellationToken);
        foreach (var role in request.AlsoTo)
        {
            var also = await directory.ResolveAsync(scope, role, [], cancellationToken);
            recipients = recipients with { To = recipients.To.Concat(also).DistinctBy(r => r.Address.ToLowerInvariant()).ToList() };
        }

        if (recipients.To.Count == 0)
        {
            throw new InvalidOperationException("没有收件人，未发文：" + string.Join("；", recipients.Problems));
        }

        var number = await NoticeNumbers.AllocateAsync(db, issuer.Id, today.Year, cancellationToken);
        var documentNumber = issuer.DocumentNumber(today.Year, number);
        var mainRecipients = request.Kind == MessageKinds.CirculatedNotice ? $"{scope.CityName}淘汰落后产能工作领导小组各成员单位"
            : request.Kind is MessageKinds.PriceMeasure or MessageKinds.PriceMeasureLifted ? await SuppliersAsync(scope, request, cancellationToken)
            : request.Laggard;
        var notice = new NoticeView(documentNumber, issuer.Name, issuer.Abbreviation, mainRecipients, today, request.Laggard, request.Reason,
            request.MeetingAt, request.Place, request.Attendees);
        var (caseView, deadline, state, version) = await CaseAsync(request.CaseId, cancellationToken);
        var model = new MailModel(request.Kind, request.Kind, toRole, recipients.Title, null, caseView, deadline, notice, request.Facts, scope.CityName);
        var rendered = templates.Find(TemplateCatalog.Chinese, request.Kind, request.Kind).Render(model.ToLiquid());
        // 抄送 names units, not people and not role labels: the copied bodies' names (GB/T 9704-2012 §7.4.2).
        var copyTo = new List<string>();
        foreach (var role in settings.CopiesFor(scope.ProfileId, request.Kind).Where(r => r != toRole))
        {
            copyTo.Add(await directory.UnitNameAsync(scope, role, cancellationToken));
        }

        var text = new NoticeText(issuer.Name, documentNumber, rendered.Subject, mainRecipients, Paragraphs(rendered.Body), issuer.Name, today,
            copyTo.Distinct().ToList());
        var row = new IssuedNotice
        {
            Kind = request.Kind, IssuerId = issuer.Id, Year = today.Year, Number = number, DocumentNumber = documentNumber,
            CaseId = request.CaseId, JurisdictionId = scope.RegionId, IssuedAt = now, IssuedOn = today, IssuedBy = request.IssuedBy,
            Laggard = request.Laggard, Title = text.Title, MainRecipients = mainRecipients, CopyTo = string.Join("，", text.CopyTo), Body = string.Join("\n", text.Body),
            Recipients = JsonSerializer.Serialize(recipients.To.Select(r => new StoredRecipient(r.DisplayName, r.Address, false))
                .Concat(recipients.Cc.Select(r => new StoredRecipient(r.DisplayName, r.Address, true)))),
            MeetingAt = request.MeetingAt?.ToUniversalTime(), Place = request.Place,
            Attendees = request.Attendees is null ? null : JsonSerializer.Serialize(request.Attendees),
            Docx = NoticeDocument.Build(text),
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        db.Outbox.Add(new OutboxMessage
        {
            CaseId = request.CaseId, Kind = request.Kind, RecipientRole = toRole, TemplateId = request.Kind,
            Data = JsonSerializer.Serialize(new Dictionary<string, string> { ["noticeId"] = row.Id.ToString(CultureInfo.InvariantCulture), ["documentNumber"] = documentNumber }),
            MessageId = $"<notice-{row.Id}@capacity-exit.workflow>", Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        });
        if (request.CaseId is { } id)
        {
            db.CaseHistory.Add(new CaseHistoryEntry
            {
                CaseId = id, At = now, Actor = request.IssuedBy, What = $"{MessageKinds.NoticeTitle(request.Kind)} {documentNumber}：{text.Title}",
                Why = request.Reason, FromState = state, ToState = state, DefinitionVersion = version,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>The notice as its document: for the mail body and a re-issued copy.</summary>
    public NoticeText TextOf(IssuedNotice row)
    {
        // The leading-group offices of notices.yaml, or another issuer a capability registers (the price notices' 发改委).
        var issuer = settings.Issuers.GetValueOrDefault(row.IssuerId)?.Name
            ?? otherIssuers?.FirstOrDefault(i => i.Id == row.IssuerId)?.Name ?? row.IssuerId;
        var copies = row.CopyTo.Length == 0 ? [] : row.CopyTo.Split('，').ToList();
        return new NoticeText(issuer, row.DocumentNumber, row.Title, row.MainRecipients, row.Body.Split('\n'), issuer, row.IssuedOn, copies);
    }

    public static IReadOnlyList<MailRecipient> RecipientsOf(IssuedNotice row, bool copy) => RecipientsOf(row.Recipients, copy);

    /// <summary>The recipients as stored in <see cref="IssuedNotice.Recipients"/>: the main ones, or those copied.</summary>
    public static IReadOnlyList<MailRecipient> RecipientsOf(string stored, bool copy) =>
        (JsonSerializer.Deserialize<List<StoredRecipient>>(stored) ?? []).Where(r => r.Copy == copy).Select(r => new MailRecipient(r.Name, r.Address)).ToList();

    private async Task<(CaseView? View, DeadlineView? Deadline, string State, int Version)> CaseAsync(long? caseId, CancellationToken cancellationToken)
    {
        if (caseId is not { } id)
        {
            return (null, null, "-", 0);
        }

        var (view, definition, profile, variables) = await models.CaseAsync(id, cancellationToken);
        var instance = await db.WorkflowInstances.AsNoTracking().Where(i => i.CaseId == id).Select(i => new { i.State, i.Version }).SingleOrDefaultAsync(cancellationToken);
        var status = await db.Cases.Where(c => c.Id == id).Select(c => c.Status).SingleAsync(cancellationToken);
        // The deadline the laggard missed: the latest last day the case's timers recorded (an extension's, else the original).
        var deadline = definition?.States.Values.SelectMany(s => s.Timers).Where(t => t.RecordAs is not null && variables.ContainsKey(t.RecordAs))
            .Select(t => (Timer: t, Day: DateOnly.ParseExact(variables[t.RecordAs!], "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .OrderByDescending(x => x.Day).Select(x => models.Deadline(view, definition, profile, variables, MessageKinds.DeadlinePassed,
                $"{definition.Id}/{x.Timer.Name}", new Dictionary<string, string> { ["detail"] = x.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }))
            .FirstOrDefault();
        return (view, deadline, instance?.State ?? status.ToString(), instance?.Version ?? 0);
    }

    private static void Check(NoticeRequest r)
    {
        var problems = new List<string>();
        if (!MessageKinds.IsFormalNotice(r.Kind))
        {
            problems.Add($"kind must be {MessageKinds.CirculatedNotice}, {MessageKinds.InterviewSummons}, {MessageKinds.PriceMeasure} or {MessageKinds.PriceMeasureLifted}, not '{r.Kind}'");
        }

        if ((r.CaseId is null) == (r.RegionId is null))
        {
            problems.Add("give either a case or a region");
        }

        if (string.IsNullOrWhiteSpace(r.Laggard) || string.IsNullOrWhiteSpace(r.Reason) || string.IsNullOrWhiteSpace(r.IssuedBy))
        {
            problems.Add("laggard, reason and issuer are required");
        }

        if (r.Kind == MessageKinds.InterviewSummons && (r.MeetingAt is null || string.IsNullOrWhiteSpace(r.Place) || r.Attendees is not { Count: > 0 }))
        {
            problems.Add("a 约谈 needs its date and time, place and who must attend");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(r));
        }
    }

    /// <summary>主送 of a price notice: the suppliers by their units' names (供电企业, and 供水企业 where told).</summary>
    private async Task<string> SuppliersAsync(MailScope scope, NoticeRequest request, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var role in new[] { request.LaggardRole }.Concat(request.AlsoTo))
        {
            names.Add(await directory.UnitNameAsync(scope, role, cancellationToken));
        }

        return string.Join("、", names.Distinct());
    }

    private static List<string> Paragraphs(string body) =>
        body.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private sealed record StoredRecipient(string Name, string Address, bool Copy);
}
