using CapacityExit.Workflow.Core.Hosting;
using CapacityExit.Workflow.Core.Mail;
using Microsoft.Extensions.Configuration;

namespace CapacityExit.Workflow.Integration.Tests.Mail;

/// <summary>CapacityExit:Mail settings are checked at start-up; the retry delay grows, with jitter, up to a cap.</summary>
public sealed class MailSettingsTests
{
    private static MailSettings Load(params (string Key, string Value)[] values) => MailSettings.Load(
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>($"CapacityExit:Mail:{v.Key}", v.Value))).Build(),
        "/srv/capacity-exit");

    [Fact]
    public void Without_settings_mail_goes_to_the_pickup_folder_under_the_root_with_the_documented_defaults()
    {
        var settings = Load();

        Assert.True(settings.UsesPickup);
        Assert.Equal("/srv/capacity-exit/.data/mail-pickup", settings.PickupDirectory);
        Assert.Equal((25, MailSecurity.None, 8, 50), (settings.Port, settings.Security, settings.MaxTries, settings.BatchSize));
        Assert.Equal(TimeSpan.FromMinutes(1), settings.BaseRetryDelay);
        Assert.Equal(("落后产能退出工作平台", "noreply@capacity-exit.workflow"), (settings.From.Name, settings.From.Address));
    }

    [Fact]
    public void A_host_with_StartTls_and_a_user_defaults_to_the_submission_port()
    {
        var settings = Load(("Host", "smtp.chenzhou.gov.example"), ("Security", "starttls"), ("User", "capexit"), ("Password", "s3cret"),
            ("From", "郴州市淘汰落后产能工作领导小组办公室 <office@chenzhou.gov.example>"), ("PickupDirectory", "mail-out"));

        Assert.Equal(("smtp.chenzhou.gov.example", 587, MailSecurity.StartTls, "capexit", "s3cret"), (settings.Host, settings.Port, settings.Security, settings.User, settings.Password));
        Assert.Equal("/srv/capacity-exit/mail-out", settings.PickupDirectory);
        Assert.Equal("郴州市淘汰落后产能工作领导小组办公室", settings.From.Name);
    }

    [Theory]
    [InlineData("Port", "smtp", "CapacityExit:Mail:Port")]
    [InlineData("Port", "70000", "CapacityExit:Mail:Port")]
    [InlineData("Security", "Tls", "CapacityExit:Mail:Security")]
    [InlineData("Security", "1", "CapacityExit:Mail:Security")]
    [InlineData("MaxTries", "0", "CapacityExit:Mail:MaxTries")]
    [InlineData("BaseRetryDelaySeconds", "-5", "CapacityExit:Mail:BaseRetryDelaySeconds")]
    [InlineData("BatchSize", "5000", "CapacityExit:Mail:BatchSize")]
    [InlineData("From", "领导小组办公室", "CapacityExit:Mail:From")]
    public void A_bad_value_names_its_key(string name, string value, string key)
    {
        var e = Assert.Throws<ConfigurationValueException>(() => Load((name, value)));

        Assert.Equal(key, e.Key);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact]
    public void A_password_without_a_user_is_refused_without_echoing_it()
    {
        var e = Assert.Throws<ConfigurationValueException>(() => Load(("Password", "s3cret")));

        Assert.Equal("CapacityExit:Mail:Password", e.Key);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public void A_password_is_never_sent_in_clear()
    {
        var e = Assert.Throws<ConfigurationValueException>(() => Load(("Host", "smtp.example.cn"), ("User", "capexit"), ("Password", "x")));

        Assert.Equal("CapacityExit:Mail:Security", e.Key);
    }

    [Theory]
    [InlineData(1, 30, 60)]
    [InlineData(2, 60, 120)]
    [InlineData(3, 120, 240)]
    [InlineData(7, 1800, 3600)]
    [InlineData(8, 1800, 3600)] // capped at an hour
    [InlineData(40, 1800, 3600)]
    public void The_retry_delay_doubles_per_attempt_within_its_jitter_up_to_an_hour(int tries, int minSeconds, int maxSeconds)
    {
        var lowest = OutboxBackoff.Delay(tries, TimeSpan.FromMinutes(1), 0);
        var highest = OutboxBackoff.Delay(tries, TimeSpan.FromMinutes(1), 0.999999);

        Assert.Equal(TimeSpan.FromSeconds(minSeconds), lowest);
        Assert.InRange(highest, TimeSpan.FromSeconds(maxSeconds - 0.01), TimeSpan.FromSeconds(maxSeconds));
    }
}
