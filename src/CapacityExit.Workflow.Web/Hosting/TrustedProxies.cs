using System.Net;
using CapacityExit.Workflow.Core.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace CapacityExit.Workflow.Web.Hosting;

/// <summary>
/// The TLS proxy in front of the host, from settings: only a request that arrives from one of
/// <c>CapacityExit:ForwardedHeaders:KnownProxies</c> (addresses) or <c>KnownNetworks</c> (CIDR, e.g. 10.0.0.0/8) has its
/// X-Forwarded-For and X-Forwarded-Proto believed. With neither set, no forwarded header is believed from anyone (the
/// client's address is the connection's). A request that was HTTPS at the proxy gets Secure cookies and HSTS. A bad
/// value stops start-up with the key and the reason.
/// </summary>
public static class TrustedProxies
{
    public const string ProxiesKey = "CapacityExit:ForwardedHeaders:KnownProxies";
    public const string NetworksKey = "CapacityExit:ForwardedHeaders:KnownNetworks";

    /// <summary>How long a browser keeps to HTTPS once told (HSTS max-age): a year, not the subdomains (other offices' sites).</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static void AddCapacityExitTrustedProxies(this WebApplicationBuilder builder)
    {
        var proxies = Values(builder.Configuration, ProxiesKey).Select(v => Proxy(v)).ToList();
        var networks = Values(builder.Configuration, NetworksKey).Select(v => Network(v)).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Nothing configured, nothing believed. (With both lists empty the middleware would believe every sender, so
            // it is switched off instead.)
            o.ForwardedHeaders = proxies.Count + networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the older list of networks is still consulted: its default (127.0.0.0/8) must go too
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }

            // Walk X-Forwarded-For from the right while the hop is a known proxy: a chain of our own proxies is followed,
            // and the first address no proxy of ours added is the client, whatever a client wrote to the left of it.
            o.ForwardLimit = null;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = HstsMaxAge;
            o.IncludeSubDomains = false;
        });
        // Every cookie (sign-in, antiforgery, language) is Secure when the request was HTTPS at the proxy.
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
    }

    /// <summary>First in the pipeline: the forwarded headers (before anything reads the client's address or scheme), HSTS, the cookie policy.</summary>
    public static void UseCapacityExitTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseHsts();
        app.UseCookiePolicy();
    }

    /// <summary>A list setting: one value, comma- or semicolon-separated values, or an array (Key:0, Key:1, …).</summary>
    private static IEnumerable<(string Key, string Value)> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.Value is { } single
            ? [(key, single)]
            : section.GetChildren().Select(c => (c.Path, c.Value ?? ""));
        foreach (var (path, text) in items)
        {
            foreach (var part in text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return (path, part);
            }
        }
    }

    private static IPAddress Proxy((string Key, string Value) setting) =>
        // Written out in full: IPAddress would also read "10" as 0.0.0.10, which nobody means.
        IPAddress.TryParse(setting.Value, out var address)
            && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || setting.Value.Count(c => c == '.') == 3)
            ? address
            : throw new ConfigurationValueException(setting.Key, $"'{setting.Value}' is not an IP address of a proxy (e.g. 10.0.0.5 or fd00::5)");

    private static System.Net.IPNetwork Network((string Key, string Value) setting) =>
        // IPNetwork would quietly clear host bits ("10.0.0.1/8" as 10.0.0.0/8): a typo in a trust setting is refused instead.
        System.Net.IPNetwork.TryParse(setting.Value, out var network)
            && IPAddress.TryParse(setting.Value.Split('/')[0], out var written) && written.Equals(network.BaseAddress)
            ? network
            : throw new ConfigurationValueException(setting.Key,
                $"'{setting.Value}' is not a network in CIDR form with its host bits zero (e.g. 10.0.0.0/8 or fd00::/8)");
}
