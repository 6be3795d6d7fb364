using System.Text.RegularExpressions;
using CapacityExit.Workflow.Core.Data;
using CapacityExit.Workflow.Core.Data.Model;
using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>A person to add with their account: role, where they work and, for a bureau officer, which bureau.</summary>
public sealed record NewAccount(string? Login, string? DisplayName, string? Email, string? Role, string? JurisdictionCode, string? BureauKind, string? Password);

/// <summary>An account as the administrators' page lists it.</summary>
public sealed record AccountRow(string Login, string DisplayName, Role Role, string Jurisdiction, string? Bureau, string? Email, bool Locked, DateTimeOffset? LockedUntil);

/// <summary>
/// Adding people, resetting passwords, locking and unlocking accounts: administrators only, each change written to
/// the audit log in the same transaction. The web page and <c>capacity-exit user</c> both call this.
/// </summary>
public sealed partial class AccountService(CapacityExitDbContext db, UserManager<Account> users, AuditLog audit, TimeProvider time)
{
    /// <summary>An account locked by an administrator stays locked until one unlocks it.</summary>
    private static readonly DateTimeOffset LockedForGood = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task<IReadOnlyList<AccountRow>> ListAsync(string? actorLogin, CancellationToken cancellationToken)
    {
        await RequireAdminAsync(actorLogin, cancellationToken);
        var now = time.GetUtcNow();
        var rows = await (
            from p in db.People.AsNoTracking()
            join j in db.Jurisdictions on p.JurisdictionId equals j.Id
            join b in db.Bureaus on p.BureauId equals b.Id into bj
            from b in bj.DefaultIfEmpty()
            join a in db.Users on p.Id equals a.PersonId into aj
            from a in aj.DefaultIfEmpty()
            orderby p.Login
            select new { p.Login, p.DisplayName, p.Role, Jurisdiction = j.NameZh, Bureau = b == null ? null : b.NameZh, p.Email, LockoutEnd = a == null ? null : a.LockoutEnd })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new AccountRow(r.Login, r.DisplayName, r.Role, r.Jurisdiction, r.Bureau, r.Email,
            r.LockoutEnd is { } end && end > now, r.LockoutEnd)).ToList();
    }

    /// <summary>Adds the person and their account in one transaction; every wrong field is reported and nothing written.</summary>
    public async Task<string> AddAsync(string? actorLogin, NewAccount input, CancellationToken cancellationToken)
    {
        var admin = await RequireAdminAsync(actorLogin, cancellationToken);
        var errors = new List<ValidationError>();
        foreach (var (field, value) in new[] { ("login", input.Login), ("displayName", input.DisplayName), ("email", input.Email), ("password", input.Password) })
        {
            if (InputText.Check(field, value) is { } e)
            {
                errors.Add(e);
            }
        }

        var login = input.Login?.Trim() ?? "";
        if (!LoginPattern().IsMatch(login))
        {
            errors.Add(new ValidationError("login", "登录名须为3至60个小写字母、数字或连字符", "a login is 3 to 60 characters of a-z, 0-9 and '-'"));
        }
        else if (await db.People.AnyAsync(p => p.Login == login, cancellationToken))
        {
            errors.Add(new ValidationError("login", $"登录名“{login}”已被使用", $"login '{login}' is taken"));
        }

        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 100)
        {
            errors.Add(new ValidationError("displayName", "请填写姓名或称谓（最多100字）", "a display name of 1 to 100 characters is required"));
        }

        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (email is not null && (email.Length > 200 || !EmailPattern().IsMatch(email)))
        {
            errors.Add(new ValidationError("email", $"邮箱“{email}”格式不正确", $"'{email}' is not a mail address"));
        }

        Role role = default;
        if (!Enum.TryParse(input.Role, ignoreCase: true, out role) || !Enum.IsDefined(role))
        {
            errors.Add(new ValidationError("role", $"角色“{input.Role}”不存在", $"no role '{input.Role}'"));
        }

        var jurisdiction = await db.Jurisdictions.AsNoTracking().SingleOrDefaultAsync(j => j.Code == (input.JurisdictionCode ?? "").Trim(), cancellationToken);
        if (jurisdiction is null)
        {
            errors.Add(new ValidationError("jurisdiction", $"辖区代码“{input.JurisdictionCode}”不存在", $"no jurisdiction with code '{input.JurisdictionCode}'"));
        }

        int? bureauId = null;
        if (role == Role.BureauOfficer || role == Role.LeadingGroupOffice || !string.IsNullOrWhiteSpace(input.BureauKind))
        {
            if (!Enum.TryParse<BureauKind>(input.BureauKind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                errors.Add(new ValidationError("bureau", $"部门“{input.BureauKind}”不存在；职能部门经办人须选择部门", $"no bureau kind '{input.BureauKind}'; a bureau officer needs one"));
            }
            else if (jurisdiction is not null)
            {
                bureauId = await db.Bureaus.Where(b => b.JurisdictionId == jurisdiction.Id && b.Kind == kind).Select(b => (int?)b.Id).SingleOrDefaultAsync(cancellationToken);
                if (bureauId is null)
                {
                    errors.Add(new ValidationError("bureau", $"{jurisdiction.NameZh}没有{kind.Zh()}", $"{jurisdiction.NameZh} has no {kind} bureau"));
                }
            }
        }

        var account = new Account { UserName = login, Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, input.Password ?? "");
            errors.AddRange(result.Errors.Select(e => BilingualIdentityErrors.ToValidation("password", e)));
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = new Person { Login = login, DisplayName = displayName, Email = email, Role = role, JurisdictionId = jurisdiction!.Id, BureauId = bureauId };
        db.People.Add(person);
        await db.SaveChangesAsync(cancellationToken);
        account.PersonId = person.Id;
        Check(await users.CreateAsync(account, input.Password!), "password");
        await audit.RecordAsync(AuditKind.AccountAdded, admin.Login, login, null, $"{role} @ {jurisdiction.Code}", save: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return login;
    }

    public async Task ResetPasswordAsync(string? actorLogin, string? login, string? newPassword, CancellationToken cancellationToken)
    {
        var admin = await RequireAdminAsync(actorLogin, cancellationToken);
        var account = await FindAsync(login, cancellationToken);
        if (InputText.Check("password", newPassword) is { } bad)
        {
            throw new DomainValidationException([bad]);
        }

        var refused = new List<ValidationError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, newPassword ?? "");
            refused.AddRange(result.Errors.Select(e => BilingualIdentityErrors.ToValidation("password", e)));
        }

        if (refused.Count > 0)
        {
            throw new DomainValidationException(refused);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = await users.HasPasswordAsync(account) ? await users.RemovePasswordAsync(account) : IdentityResult.Success;
        Check(token, "password");
        Check(await users.AddPasswordAsync(account, newPassword ?? ""), "password");
        await users.ResetAccessFailedCountAsync(account);
        await audit.RecordAsync(AuditKind.PasswordReset, admin.Login, account.UserName, null, null, save: false, cancellationToken);
        // The new password renewed the security stamp: every session and API token of the account ends at its next request.
        await audit.RecordAsync(AuditKind.TokensRevoked, admin.Login, account.UserName, null, RevokedBecause("密码被管理员重设", "password reset by an administrator"), save: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Locks (until an administrator unlocks) or unlocks an account; its open sessions and API tokens end at their next request.</summary>
    public async Task SetLockedAsync(string? actorLogin, string? login, bool locked, CancellationToken cancellationToken)
    {
        var admin = await RequireAdminAsync(actorLogin, cancellationToken);
        var account = await FindAsync(login, cancellationToken);
        if (locked && account.UserName == admin.Login)
        {
            throw DomainValidationException.Single("login", "不能锁定自己的账户", "you cannot lock your own account");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.SetLockoutEndDateAsync(account, locked ? LockedForGood : null), "login");
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(account);
        }

        await users.UpdateSecurityStampAsync(account);
        await audit.RecordAsync(locked ? AuditKind.AccountLocked : AuditKind.AccountUnlocked, admin.Login, account.UserName, null, null, save: !locked, cancellationToken);
        if (locked)
        {
            // The new security stamp ends every session and API token of the account at its next request.
            await audit.RecordAsync(AuditKind.TokensRevoked, admin.Login, account.UserName, null, RevokedBecause("账户被管理员锁定", "account locked by an administrator"), save: true, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Creates the account of an existing person (demo data, or a person registered before sign-in existed).</summary>
    public async Task EnsureAccountAsync(Person person, string password, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(a => a.PersonId == person.Id, cancellationToken))
        {
            return;
        }

        Check(await users.CreateAsync(new Account { UserName = person.Login, Email = person.Email, PersonId = person.Id }, password), "password");
    }

    /// <summary>The audit line's words for ended sessions and tokens, Chinese first.</summary>
    public static string RevokedBecause(string zh, string en) => $"{zh}：该账户的全部会话和API令牌已作废（{en}: every session and API token of the account ended）";

    private async Task<Person> RequireAdminAsync(string? actorLogin, CancellationToken cancellationToken)
    {
        var actor = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Login == actorLogin, cancellationToken)
            ?? throw DomainValidationException.Single("as", $"用户“{actorLogin}”不存在", $"no user '{actorLogin}'");
        return actor.Role == Role.Admin
            ? actor
            : throw new Domain.Workflows.WorkflowRuleException("role-not-allowed", "只有系统管理员可以管理账户", "only administrators manage accounts");
    }

    private async Task<Account> FindAsync(string? login, CancellationToken cancellationToken) =>
        await users.FindByNameAsync(login?.Trim() ?? "")
        ?? throw DomainValidationException.Single("login", $"账户“{login}”不存在", $"no account '{login}'");

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw new DomainValidationException(result.Errors.Select(e => BilingualIdentityErrors.ToValidation(field, e)).ToList());
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,59}$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
