using CapacityExit.Workflow.Domain.Registry;
using Microsoft.AspNetCore.Identity;

namespace CapacityExit.Workflow.Core.Accounts;

/// <summary>Identity's refusals in Chinese first, English after, like every other error of the product.</summary>
public sealed class BilingualIdentityErrors : IdentityErrorDescriber
{
    /// <summary>A refusal as a field error, its Chinese and English parts apart again, for the reader's language.</summary>
    public static ValidationError ToValidation(string field, IdentityError error)
    {
        var text = error.Description;
        var open = text.IndexOf('（', StringComparison.Ordinal);
        return open > 0 && text.EndsWith('）')
            ? new ValidationError(field, text[..open], text[(open + 1)..^1])
            : new ValidationError(field, text, text);
    }

    private static IdentityError E(string code, string zh, string en) => new() { Code = code, Description = $"{zh}（{en}）" };

    public override IdentityError PasswordTooShort(int length) =>
        E(nameof(PasswordTooShort), $"密码至少需要{length}个字符", $"at least {length} characters");

    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "密码须含数字", "needs a digit");

    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "密码须含小写字母", "needs a lower-case letter");

    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "密码须含大写字母", "needs an upper-case letter");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        E(nameof(PasswordRequiresNonAlphanumeric), "密码须含符号", "needs a symbol");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        E(nameof(PasswordRequiresUniqueChars), $"密码须含至少{uniqueChars}个不同字符", $"needs {uniqueChars} different characters");

    public override IdentityError DuplicateUserName(string userName) =>
        E(nameof(DuplicateUserName), $"登录名“{userName}”已被使用", $"login '{userName}' is taken");

    public override IdentityError InvalidUserName(string? userName) =>
        E(nameof(InvalidUserName), $"登录名“{userName}”只能含小写字母、数字和连字符", $"login '{userName}' may hold only a-z, 0-9 and '-'");

    public override IdentityError DefaultError() => E(nameof(DefaultError), "账户操作失败", "the account change failed");
}
