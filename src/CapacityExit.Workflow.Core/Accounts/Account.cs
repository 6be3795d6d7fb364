using Microsoft.AspNetCore.Identity;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>
/// The sign-in of one <see cref="Data.Model.Person"/>: user name = the person's login. Role, jurisdiction and bureau
/// stay on the person (one place); the account holds only what Identity needs (password hash, lockout, stamp).
/// </summary>
public sealed class Account : IdentityUser<int>
{
    public int PersonId { get; set; }
}
