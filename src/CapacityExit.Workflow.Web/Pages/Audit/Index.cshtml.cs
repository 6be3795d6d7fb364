using System.Globalization;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Audit;

/// <summary>The audit log for auditors and administrators: sign-ins and account changes, filtered and paged.</summary>
public sealed class IndexModel(AuditLog audit) : PageModel
{
    /// <summary>Far enough for any real log; a larger page number in the address is refused, not multiplied into an overflow.</summary>
    private const int MaxPage = 100_000;

    [BindProperty(SupportsGet = true)]
    public string? Login { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value naming the Razor page
    public int PageNumber { get; set; }

    public IReadOnlyList<AuditEvent> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + AuditFilter.PageSize - 1) / AuditFilter.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        AuditKind? kind = null;
        if (!string.IsNullOrEmpty(Kind))
        {
            if (Enum.TryParse<AuditKind>(Kind, out var k) && Enum.IsDefined(k))
            {
                kind = k;
            }
            else
            {
                ModelState.AddModelError(nameof(Kind), T("请选择列表中的事件类型", "choose a kind from the list"));
            }
        }

        var from = Date(From, nameof(From));
        var to = Date(To, nameof(To));
        if (PageNumber is < 0 or > MaxPage)
        {
            return BadRequest();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            (Rows, Total) = await audit.QueryAsync(User.Identity?.Name,
                new AuditFilter(string.IsNullOrWhiteSpace(Login) ? null : Login, kind, from, to, PageNumber), cancellationToken);
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, ("to", nameof(To)), ("login", nameof(Login)));
        }

        return Page();
    }

    /// <summary>The address of another page of the same filter.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["login"] = Login, ["kind"] = Kind, ["from"] = From, ["to"] = To, ["p"] = page.ToString(CultureInfo.InvariantCulture),
    }).ToUriComponent();

    public static string KindName(AuditKind kind) => kind switch
    {
        AuditKind.SignedIn => T("登录", "Signed in"),
        AuditKind.SignInFailed => T("登录失败", "Sign-in failed"),
        AuditKind.LockedOut => T("因锁定或暂停被拒绝登录", "Refused: locked or paused"),
        AuditKind.SignedOut => T("退出登录", "Signed out"),
        AuditKind.AccountAdded => T("添加用户", "Account added"),
        AuditKind.PasswordReset => T("重设密码", "Password reset"),
        AuditKind.AccountLocked => T("锁定账户", "Account locked"),
        AuditKind.AccountUnlocked => T("解锁账户", "Account unlocked"),
        AuditKind.Forbidden => T("越权访问被拒绝", "Access refused"),
        AuditKind.UploadRefused => T("上传被拒绝", "Upload refused"),
        AuditKind.TokensRevoked => T("会话和令牌全部作废", "Sessions and tokens ended"),
        AuditKind.SubmissionRefused => T("举报未受理", "Public report refused"),
        AuditKind.RefreshTokenReused => T("续期令牌被重复使用", "Refresh token reused"),
        _ => kind.ToString(),
    };

    private static string T(string zh, string en) => Text.T(zh, en);

    private DateOnly? Date(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        ModelState.AddModelError(key, T($"“{text}”不是日期：请按 年-月-日 填写，如 2026-12-01", $"'{text}' is not a date: write it as year-month-day, e.g. 2026-12-01"));
        return null;
    }
}
