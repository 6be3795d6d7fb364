using System.Security.Claims;
using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// The sign-in cookie carries the person's role and display name, read from <c>people</c> at sign-in (the role lives
/// on the person, in one place). Pages use them to lay out menus only: every action is checked again by the
/// service against the database.
/// </summary>
public sealed class PersonClaimsFactory(UserManager<Account> users, IOptions<IdentityOptions> options, CapacityExitDbContext db)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    public const string DisplayNameClaim = "capexit:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == user.PersonId);
        identity.AddClaim(new Claim(ClaimTypes.Role, person.Role.ToString()));
        identity.AddClaim(new Claim(DisplayNameClaim, person.DisplayName));
        return identity;
    }
}
