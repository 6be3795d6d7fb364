using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Core.Accounts;

public static class AccountServices
{
    /// <summary>Accounts policy, in one place for the web host and the CLI.</summary>
    public static void ConfigureIdentity(IdentityOptions o)
    {
        // A government office PC is shared: a real password, and a lock after repeated failures.
        o.Password.RequiredLength = 10;
        o.Password.RequireDigit = true;
        o.Password.RequireLowercase = true;
        o.Password.RequireUppercase = false;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequiredUniqueChars = 4;
        // Wrong passwords are counted per login and client address by SignInGuard (a stranger cannot lock an officer
        // out); Identity's lockout end is only the administrator's lock.
        o.Lockout.AllowedForNewUsers = true;
        o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-";
        o.User.RequireUniqueEmail = false;
    }

    /// <summary>Identity's user store on our database, the account service and the audit log.</summary>
    public static IdentityBuilder AddCapacityExitAccounts(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountService>();
        services.AddScoped<SignInGuard>();
        services.AddScoped<TokenRevocation>();
        return services.AddIdentityCore<Account>(ConfigureIdentity)
            .AddErrorDescriber<BilingualIdentityErrors>()
            .AddEntityFrameworkStores<Data.CapacityExitDbContext>();
    }
}
