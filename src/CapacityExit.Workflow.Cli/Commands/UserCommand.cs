using CapacityExit.Workflow.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace CapacityExit.Workflow.Cli.Commands;

/// <summary>
/// <c>user list|add|reset-password|lock|unlock --as ADMIN ...</c>: administrators manage people and their sign-in
/// accounts, through the same <see cref="AccountService"/> as the users page (checked, audit-logged).
/// </summary>
public sealed class UserCommand : ICliCommand
{
    public string Name => "user";

    public string Usage =>
        "user list --as ADMIN | add --as ADMIN --login LOGIN --name NAME [--email ADDRESS] --role ROLE --jurisdiction CODE [--bureau KIND] --password PASSWORD" +
        " | reset-password --as ADMIN --login LOGIN --password PASSWORD | lock --as ADMIN --login LOGIN | unlock --as ADMIN --login LOGIN";

    public async Task<int> RunAsync(CliArgs args, CliContext context, CancellationToken cancellationToken)
    {
        var sub = args.Positionals is [var s] ? s : throw new CliUsageException("expected 'list', 'add', 'reset-password', 'lock' or 'unlock'.");
        var admin = args.Required("as");
        Func<AccountService, Task> action = sub switch
        {
            "list" => async service =>
            {
                await context.Out.WriteLineAsync("login\tname\trole\tjurisdiction\tbureau\temail\tlocked");
                foreach (var row in await service.ListAsync(admin, cancellationToken))
                {
                    await context.Out.WriteLineAsync(
                        $"{row.Login}\t{row.DisplayName}\t{row.Role}\t{row.Jurisdiction}\t{row.Bureau ?? "-"}\t{row.Email ?? "-"}\t{(row.Locked ? "locked" : "-")}");
                }
            },
            "add" => Add(args, admin, context, cancellationToken),
            "reset-password" => ResetPassword(args, admin, context, cancellationToken),
            "lock" or "unlock" => Lock(args, admin, sub == "lock", context, cancellationToken),
            _ => throw new CliUsageException($"unknown sub-command '{sub}': expected 'list', 'add', 'reset-password', 'lock' or 'unlock'."),
        };
        args.RejectUnknown();
        using var host = CliServices.Build(context);
        await using var scope = host.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        return await CliServices.RefusalsToExitCode(context, () => action(accounts));
    }

    private static Func<AccountService, Task> Add(CliArgs args, string admin, CliContext context, CancellationToken cancellationToken)
    {
        var input = new NewAccount(args.Required("login"), args.Required("name"), args.Optional("email"), args.Required("role"),
            args.Required("jurisdiction"), args.Optional("bureau"), args.Required("password"));
        return async service =>
        {
            var login = await service.AddAsync(admin, input, cancellationToken);
            await context.Out.WriteLineAsync($"已添加用户 {login}，可以登录（{login} added and may sign in）");
        };
    }

    private static Func<AccountService, Task> ResetPassword(CliArgs args, string admin, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("login");
        var password = args.Required("password");
        return async service =>
        {
            await service.ResetPasswordAsync(admin, login, password, cancellationToken);
            await context.Out.WriteLineAsync($"已重设 {login} 的密码（password of {login} reset）");
        };
    }

    private static Func<AccountService, Task> Lock(CliArgs args, string admin, bool locked, CliContext context, CancellationToken cancellationToken)
    {
        var login = args.Required("login");
        return async service =>
        {
            await service.SetLockedAsync(admin, login, locked, cancellationToken);
            await context.Out.WriteLineAsync(locked
                ? $"已锁定 {login}，其登录会话在下次请求时结束（{login} locked; its sessions end at their next request）"
                : $"已解锁 {login}（{login} unlocked）");
        };
    }
}
