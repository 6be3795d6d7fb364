using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Domain.Registry;
using CapacityExit.Workflow.Domain.Workflows;
using CapacityExit.Workflow.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityExit.Workflow.Web.Pages.Admin.Users;

/// <summary>Administrators add a person with their sign-in; AccountService checks every field and writes nothing on an error.</summary>
public sealed class AddModel(AccountService accounts) : PageModel
{
    private static readonly (string, string)[] Inputs =
    [
        ("login", "Input.Login"), ("displayName", "Input.DisplayName"), ("email", "Input.Email"), ("role", "Input.Role"),
        ("jurisdiction", "Input.JurisdictionCode"), ("bureau", "Input.BureauKind"), ("password", "Input.Password"),
    ];

    [BindProperty]
    public PersonInput Input { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var login = await accounts.AddAsync(User.Identity?.Name,
                new NewAccount(Input.Login, Input.DisplayName, Input.Email, Input.Role, Input.JurisdictionCode, Input.BureauKind, Input.Password), cancellationToken);
            Done = Text.T($"已添加用户 {login}（{Input.DisplayName?.Trim()}），可以用所设密码登录。", $"{login} ({Input.DisplayName?.Trim()}) is added and may sign in with the password you set.");
            return RedirectToPage("Index");
        }
        catch (WorkflowRuleException e) when (e.IsRoleRefusal())
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddErrors(e, Inputs);
            return Page();
        }
    }

    public sealed class PersonInput
    {
        public string? Login { get; set; }

        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public string? Role { get; set; }

        public string? JurisdictionCode { get; set; }

        public string? BureauKind { get; set; }

        public string? Password { get; set; }
    }
}
