using CapacityExit.Workflow.Core.Accounts;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Demo;

/// <summary>
/// A sign-in for every demo person, all with the password of <c>CapacityExit:Demo:Password</c> (default below, shown
/// in the README). Never used outside the demo: a production host loads no demo data.
/// </summary>
public static class DemoAccounts
{
    public const string PasswordKey = "CapacityExit:Demo:Password";
    public const string DefaultPassword = "capexit-demo-2026";

    /// <summary>Creates the accounts that are missing; returns how many. A password the policy refuses stops start-up.</summary>
    public static async Task<int> EnsureAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var password = services.GetRequiredService<IConfiguration>()[PasswordKey] is { Length: > 0 } configured ? configured : DefaultPassword;
        var users = services.GetRequiredService<UserManager<Account>>();
        var db = services.GetRequiredService<CapacityExitDbContext>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new Account(), password);
            if (!result.Succeeded)
            {
                throw new ConfigurationValueException(PasswordKey, string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }

        var without = await db.People.Where(p => !db.Users.Any(a => a.PersonId == p.Id)).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        // One hash for all: the same password, and PBKDF2 per account would add seconds to every demo start.
        var hash = users.PasswordHasher.HashPassword(new Account(), password);
        foreach (var person in without)
        {
            var created = await users.CreateAsync(new Account { UserName = person.Login, Email = person.Email, PersonId = person.Id, PasswordHash = hash });
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"demo account {person.Login}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
        }

        return without.Count;
    }
}
