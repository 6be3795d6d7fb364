using System.Globalization;
using System.Text.Json;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Templates;
using CapacityExit.Workflow.Core.Workflows;

namespace CapacityExit.Workflow.Core.Programmes;

/// <summary>
/// Puts a programme's mail in the outbox (kind programme-duty), in the caller's transaction: to the enterprise's
/// contact, the bureau's mailbox and officers, the power supplier (configured mailbox), the leading-group office.
/// The wording is the template's (workflows/templates/*/programme-duty.liquid); this gives it the facts.
/// </summary>
public static class ProgrammeMail
{
    public const string Enterprise = WorkflowRoleIds.Enterprise;
    public const string PowerSupplier = "power-supplier";

    public static OutboxMessage Add(CapacityExitDbContext db, string messageKey, string role, int regionId, int? bureauId, DateTimeOffset now,
        Dictionary<string, string> data, (string Name, string? Email)? enterprise = null)
    {
        data["region_id"] = regionId.ToString(CultureInfo.InvariantCulture);
        if (bureauId is { } b)
        {
            data["bureau_id"] = b.ToString(CultureInfo.InvariantCulture);
        }

        if (enterprise is { } e)
        {
            data["enterprise_name"] = e.Name;
            data["enterprise_email"] = e.Email ?? "";
        }

        var message = new OutboxMessage
        {
            CaseId = null, Kind = MessageKinds.ProgrammeDuty, RecipientRole = role, TemplateId = MessageKinds.ProgrammeDuty,
            Data = JsonSerializer.Serialize(data), MessageId = $"<programme-{messageKey}-{role}@capacity-exit.workflow>",
            Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
        };
        db.Outbox.Add(message);
        return message;
    }

    public static string Zh(DateOnly d) => MailModel.Zh(d);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
