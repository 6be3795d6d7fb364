namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>What the sign-in form and <c>POST /api/token</c> say, the same for a login that exists and one that does not.</summary>
public static class SignInWords
{
    public const string WrongZh = "登录名或密码不正确。";
    public const string WrongEn = "The login or password is not right.";
    public const string LockedZh = "该账户已被系统管理员锁定，请联系系统管理员。";
    public const string LockedEn = "This account is locked by an administrator; ask an administrator.";

    public static string PausedZh(int minutes) => $"此登录名在您所在的网络地址多次输错密码，已暂停登录；请{minutes}分钟后再试，或联系系统管理员。";

    public static string PausedEn(int minutes) =>
        $"Too many wrong passwords for this login from your network address: signing in from here is paused; try again in {minutes} minute{(minutes == 1 ? "" : "s")} or ask an administrator.";
}
