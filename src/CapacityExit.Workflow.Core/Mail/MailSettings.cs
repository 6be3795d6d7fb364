using CapacityExit.Workflow.Core.Hosting;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace CapacityExit.Workflow.Core.Mail;

public enum MailSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>
/// The mail sender's settings (section <c>CapacityExit:Mail</c>), checked at start-up. Without a Host every message
/// is written as an .eml file into <see cref="PickupDirectory"/> instead, which counts as delivered.
/// </summary>
public sealed record MailSettings(
    string? Host,
    int Port,
    MailSecurity Security,
    string? User,
    string? Password,
    MailboxAddress From,
    int MaxTries,
    TimeSpan BaseRetryDelay,
    int BatchSize,
    string PickupDirectory)
{
    public const string Section = "CapacityExit:Mail";
    public const string DefaultFrom = "落后产能退出工作平台 <noreply@capacity-exit.workflow>";

    public bool UsesPickup => Host is null;

    public static MailSettings Load(IConfiguration configuration, string root)
    {
        var host = Text(configuration, "Host");
        var security = ReadSecurity(configuration);
        var user = Text(configuration, "User");
        var password = configuration[$"{Section}:Password"];
        if (user is null && !string.IsNullOrEmpty(password))
        {
            throw new ConfigurationValueException($"{Section}:Password", "a password is set but no User to sign in with");
        }

        if (user is not null && host is not null && security == MailSecurity.None)
        {
            // Signing in over plain text would hand the mailbox password to anyone on the path.
            throw new ConfigurationValueException($"{Section}:Security", "a User is set: use StartTls or SslOnConnect, not None, so the password is never sent in clear");
        }

        var defaultPort = security switch { MailSecurity.SslOnConnect => 465, MailSecurity.StartTls => 587, _ => 25 };
        var pickup = Text(configuration, "PickupDirectory") is { } folder
            ? Path.GetFullPath(folder, root)
            : Path.Combine(ProjectPaths.DataDirectory(configuration, root), "mail-pickup");
        return new MailSettings(
            host,
            Int(configuration, "Port", defaultPort, 1, 65535),
            security,
            user,
            user is null ? null : password ?? "",
            Mailbox(configuration),
            Int(configuration, "MaxTries", 8, 1, 100),
            TimeSpan.FromSeconds(Int(configuration, "BaseRetryDelaySeconds", 60, 1, 86_400)),
            Int(configuration, "BatchSize", 50, 1, 1000),
            pickup);
    }

    private static string? Text(IConfiguration configuration, string name) =>
        configuration[$"{Section}:{name}"] is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static MailSecurity ReadSecurity(IConfiguration configuration)
    {
        var text = Text(configuration, "Security");
        if (text is null)
        {
            return MailSecurity.None;
        }

        return Enum.TryParse<MailSecurity>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new ConfigurationValueException($"{Section}:Security", $"'{text}' is not None, StartTls or SslOnConnect");
    }

    private static MailboxAddress Mailbox(IConfiguration configuration)
    {
        var text = Text(configuration, "From") ?? DefaultFrom;
        return MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@')
            ? mailbox
            : throw new ConfigurationValueException($"{Section}:From", $"'{text}' is not a mailbox such as 名称 <name@example.cn>");
    }

    private static int Int(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var text = Text(configuration, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new ConfigurationValueException($"{Section}:{name}", $"'{text}' is not a whole number from {min} to {max}");
    }
}
