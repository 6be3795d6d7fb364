using CapacityExit.Workflow.Core.Agenda;
using CapacityExit.Workflow.Core.Notices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Calendar;

/// <summary>
/// 订阅日程: the person's secret iCalendar address for Outlook or WPS. Shown once, when made; renewing makes a new one and
/// the old stops at once (404), e.g. after a colleague saw it; removing stops the feed altogether.
/// </summary>
public sealed class SubscribeModel(CalendarFeedTokens tokens, PublicLinks links) : PageModel
{
    [TempData]
    public string? NewAddress { get; set; }

    [TempData]
    public string? Done { get; set; }

    public DateTimeOffset? IssuedAt { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        IssuedAt = await tokens.IssuedAtAsync(User.Identity!.Name, cancellationToken);

    public async Task<IActionResult> OnPostRenewAsync(CancellationToken cancellationToken)
    {
        var token = await tokens.RenewAsync(User.Identity!.Name, cancellationToken);
        NewAddress = $"{links.BaseUrl.TrimEnd('/')}/calendar/feed/{token}";
        Done = Text.T("已生成新的订阅地址，原地址已失效。", "A new address is made; the old one no longer works.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(User.Identity!.Name, cancellationToken);
        Done = Text.T("已停用订阅地址。", "The address is switched off.");
        return RedirectToPage();
    }
}
