using System.Globalization;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Core.Mail;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Outbox;

/// <summary>
/// The mail outbox: the office's city's mail (the office may send a failed message again), read-only for auditors,
/// all of it for administrators (OutboxOffice decides).
/// </summary>
public sealed class IndexModel(OutboxOffice outbox) : PageModel
{
    private const int MaxPage = 100_000;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value naming the Razor page
    public int PageNumber { get; set; }

    public OutboxPage Mail { get; private set; } = new([], 0, 0, 0);

    public OutboxStatus? Wanted { get; private set; }

    public bool MayResend => User.IsInRole(nameof(Role.LeadingGroupOffice)) || User.IsInRole(nameof(Role.Admin));

    public int Pages => Math.Max(1, (Mail.Total(Wanted) + OutboxOffice.PageSize - 1) / OutboxOffice.PageSize);

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (PageNumber is < 0 or > MaxPage)
        {
            return BadRequest();
        }

        if (!string.IsNullOrEmpty(Status))
        {
            if (Enum.TryParse<OutboxStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                Wanted = s;
            }
            else
            {
                ModelState.AddModelError(nameof(Status), Text.T("请选择列表中的状态", "choose a state from the list"));
            }
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await outbox.RetryForAsync(User.Identity?.Name, id, cancellationToken);
            switch (outcome)
            {
                case RetryOutcome.NotFound:
                    return NotFound();
                case RetryOutcome.NotFailed:
                    ModelState.AddModelError("", Text.T($"邮件 {id} 不是发送失败的邮件：只有发送失败的邮件可以重发。", $"Message {id} has not failed: only a failed message is sent again."));
                    Response.StatusCode = StatusCodes.Status409Conflict;
                    return await LoadAsync(cancellationToken) ?? Page();
                default:
                    Done = Text.T($"邮件 {id} 已重新排队，将按原 Message-ID 尽快重发；结果见本页。",
                        $"Message {id} is queued again and goes out shortly with its Message-ID; see this page for the result.");
                    return RedirectToPage();
            }
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }

    /// <summary>Every message of the list with its state filter (all pages) as .xlsx (issue 17).</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        var shown = await OnGetAsync(cancellationToken);
        if (shown is not PageResult || !ModelState.IsValid)
        {
            Response.StatusCode = shown is PageResult ? StatusCodes.Status400BadRequest : Response.StatusCode;
            return shown;
        }

        var all = new List<OutboxLine>();
        for (var page = 0; page <= MaxPage; page++)
        {
            var chunk = await outbox.ListForAsync(User.Identity?.Name, Wanted, page, cancellationToken);
            all.AddRange(chunk.Rows);
            if (chunk.Rows.Count < OutboxOffice.PageSize)
            {
                break;
            }
        }

        return File(Core.Spreadsheets.Xlsx.Write(all, Core.Spreadsheets.ListExports.Outbox, "发件箱"), Core.Spreadsheets.Xlsx.ContentType, "邮件发件箱.xlsx");
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Wanted?.ToString(), ["p"] = page.ToString(CultureInfo.InvariantCulture),
    }).ToUriComponent();

    public static string StateName(OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => Text.T("待发", "Pending"),
        OutboxStatus.Sent => Text.T("已发", "Sent"),
        _ => Text.T("发送失败", "Failed"),
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Mail = await outbox.ListForAsync(User.Identity?.Name, Wanted, PageNumber, cancellationToken);
            return null;
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
    }
}
