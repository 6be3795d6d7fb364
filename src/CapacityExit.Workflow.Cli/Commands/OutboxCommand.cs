using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>outbox [--status pending|sent|failed] [--limit N]</c>: the mail outbox, newest first, so the office sees what
/// waits, what went and what the mail server refused (its reply, word for word). <c>outbox --retry ID</c> puts a
/// message that failed for good back in the queue once its address is corrected (same Message-ID, tries from 0).
/// </summary>
public sealed class OutboxCommand : ICliCommand
{
    public string Name => "outbox";

    public string Usage => "outbox [--status pending|sent|failed] [--limit N] | --retry ID    the mail outbox: state, tries, next attempt, the server's last reply; send a failed message again";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var retryText = args.Optional("retry");
        if (retryText is not null)
        {
            args.RejectUnknown();
            return await RetryAsync(retryText, context, cancellationToken);
        }

        var statusText = args.Optional("status");
        var limitText = args.Optional("limit");
        args.RejectUnknown();
        if (args.Positionals.Count > 0)
        {
            throw new CliUsageException($"unexpected '{args.Positionals[0]}'.");
        }

        OutboxStatus? status = statusText?.ToLowerInvariant() switch
        {
            null => null,
            "pending" => OutboxStatus.Pending,
            "sent" => OutboxStatus.Sent,
            "failed" => OutboxStatus.Failed,
            _ => throw new CliUsageException($"--status '{statusText}' is not pending, sent or failed."),
        };
        var limit = 50;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit is < 1 or > 10_000))
        {
            throw new CliUsageException($"--limit '{limitText}' is not a whole number from 1 to 10000.");
        }

        await using var db = CliServices.Database(context);
        var page = await new OutboxOffice(db, context.Time).ListAsync(status, limit, 0, cityId: null, cancellationToken);
        await context.Out.WriteLineAsync(
            $"待发 {page.Pending}，已发 {page.Sent}，失败 {page.Failed}（pending {page.Pending}, sent {page.Sent}, failed {page.Failed}）");
        await context.Out.WriteLineAsync("id\tstate\ttries\tkind\trecipient role\tcase\tcreated (Asia/Shanghai)\tnext attempt / sent\tlast reply\tmessage-id");
        foreach (var m in page.Rows)
        {
            var when = m.State switch
            {
                OutboxStatus.Pending => CliServices.Local(m.NextAttemptAt),
                OutboxStatus.Sent when m.SentAt is { } sent => CliServices.Local(sent),
                _ => "-",
            };
            await context.Out.WriteLineAsync(
                $"{m.Id}\t{m.Status.ToLowerInvariant()}\t{m.Tries}\t{m.Kind}\t{m.RecipientRole}\t{m.CaseId?.ToString() ?? "-"}\t" +
                $"{CliServices.Local(m.CreatedAt)}\t{when}\t{OneLine(m.LastReply)}\t{m.MessageId}");
        }

        return 0;
    }

    private static async Task<int> RetryAsync(string idText, CliContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(idText, out var id) || id <= 0)
        {
            throw new CliUsageException($"--retry '{idText}' is not an outbox message id.");
        }

        await using var db = CliServices.Database(context);
        var outcome = await new OutboxOffice(db, context.Time).RetryAsync(id, cancellationToken);
        if (outcome != RetryOutcome.Queued)
        {
            var status = await db.Outbox.Where(m => m.Id == id).Select(m => (OutboxStatus?)m.Status).SingleOrDefaultAsync(cancellationToken);
            await context.Error.WriteLineAsync(status is null
                ? $"邮件 {id} 不存在（outbox message {id} does not exist）"
                : $"邮件 {id} 状态为 {status.Value.ToString().ToLowerInvariant()}，只有发送失败的邮件可以重发（only a failed message is sent again）");
            return CliApp.UsageExitCode;
        }

        await context.Out.WriteLineAsync($"邮件 {id} 已重新排队，将按原 Message-ID 重发（queued again with its Message-ID）");
        return 0;
    }

    /// <summary>A server's reply may span lines; a listing keeps one row per message.</summary>
    private static string OneLine(string? reply) =>
        string.IsNullOrEmpty(reply) ? "-" : string.Join(" ", reply.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
