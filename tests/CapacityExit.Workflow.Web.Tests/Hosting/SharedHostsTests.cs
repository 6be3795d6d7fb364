using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Web.Tests.Api;
using CapacityExit.Workflow.Web.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Web.Tests.Hosting;

/// <summary>
/// Two complete hosts on one PostgreSQL, each with a home folder of its own (where ASP.NET Core would keep its keys by
/// default), both reaching the database through a relay the test can cut.
/// </summary>
public sealed class TwoHosts : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly List<string> _homes = [];

    public TcpRelay Relay { get; private set; } = null!;

    public HostProcess First { get; private set; } = null!;

    public HostProcess Second { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        Relay = new TcpRelay(server.Host!, server.Port);
        Relay.Open();
        First = Start(demo: true, uploads: null);
        await First.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));
        // A file the second host's earlier version kept on disk (under its SHA-256, as it did): moved in when it starts.
        var uploads = Directory.CreateTempSubdirectory("capexit-uploads-").FullName;
        _homes.Add(uploads);
        LegacyFile = Path.Combine(uploads, LegacySha256[..2], LegacySha256[2..4], LegacySha256);
        Directory.CreateDirectory(Path.GetDirectoryName(LegacyFile)!);
        await File.WriteAllBytesAsync(LegacyFile, LegacyPdf);
        Second = Start(demo: false, uploads);
        await Second.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));
    }

    /// <summary>A PDF kept on disk before files moved into the database.</summary>
    public byte[] LegacyPdf { get; } = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% kept on disk {Guid.NewGuid():N}\n%%EOF\n");

    public string LegacySha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(LegacyPdf));

    public string LegacyFile { get; private set; } = "";

    private HostProcess Start(bool demo, string? uploads)
    {
        var home = Directory.CreateTempSubdirectory("capexit-home-").FullName;
        _homes.Add(home);
        var settings = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["ConnectionStrings__Default"] = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Host = "127.0.0.1", Port = Relay.Port, Timeout = 5 }.ConnectionString,
            ["CapacityExit__LoadDemoData"] = demo ? "true" : "false",
            ["CapacityExit__Mail__Enabled"] = "false",
            // The test stands where the proxy would: the address it forwards is the visitor's.
            [WebApp.ProxyKey] = "127.0.0.1",
        };
        if (uploads is not null)
        {
            settings["CapacityExit__Uploads__Root"] = uploads;
        }

        return HostProcess.Start(settings);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { First, Second })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        Relay?.Dispose();
        await _database.DisposeAsync();
        foreach (var home in _homes)
        {
            Directory.Delete(home, recursive: true);
        }
    }
}

/// <summary>
/// Several hosts serve one office: a person signed in on one host is signed in on the other, a form read from one is
/// accepted by the other (the keys are in the database, not in a host's home folder); a monitor tells a live host from a
/// ready one while the database is out of reach; the 举报 limit counts one address's posts over both hosts; a file
/// uploaded through one host downloads from the other, and one kept on disk before is moved into the database.
/// </summary>
public sealed class SharedHostsTests(TwoHosts hosts) : IClassFixture<TwoHosts>
{
    [Fact]
    public async Task A_person_signed_in_on_one_host_is_signed_in_on_the_other_and_a_form_from_one_is_accepted_by_the_other()
    {
        // Signed in on the first host; the same cookies sent to the second.
        using var first = await HttpSession.OpenAsync(hosts.First.BaseAddress, DemoPeople.Office);
        using var second = Sibling(first, hosts.Second.BaseAddress);
        using (var dashboard = await second.GetAsync("/dashboard"))
        {
            Assert.True(dashboard.StatusCode == HttpStatusCode.OK, $"the second host answered {(int)dashboard.StatusCode} {dashboard.Headers.Location}");
            Assert.Contains("/account/signout", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal); // signed in there
        }

        // The sign-in form read from the first host (its antiforgery cookie and field) and posted to the second.
        using var visitor = await HttpSession.OpenAsync(hosts.First.BaseAddress, null);
        var token = HttpSession.AntiforgeryToken(await visitor.Client.GetStringAsync("/"));
        using var toSecond = Sibling(visitor, hosts.Second.BaseAddress);
        using var signIn = await toSecond.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Login"] = DemoPeople.County, ["Input.Password"] = DemoPeople.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"the second host refused the first one's form: {(int)signIn.StatusCode}");
        Assert.Equal("/dashboard", signIn.Headers.Location?.ToString());

        // The key ring is one row set in the database, whichever host made it.
        Assert.True(await ScalarAsync<long>("select count(*) from capacity_exit.data_protection_keys") >= 1);
    }

    [Fact]
    public async Task While_the_database_is_out_of_reach_a_host_is_live_but_not_ready_and_ready_again_once_it_is_back()
    {
        using var monitor = new HttpClient { BaseAddress = hosts.First.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadyAfterAsync(monitor, TimeSpan.FromSeconds(60)));

        hosts.Relay.Cut();
        try
        {
            using var live = await monitor.GetAsync("/health/live");
            using var ready = await monitor.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
            // Liveness runs no check: it names none, so a database outage never gets a host restarted.
            using var liveReport = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
            Assert.Empty(liveReport.RootElement.GetProperty("checks").EnumerateObject());
        }
        finally
        {
            hosts.Relay.Open();
        }

        Assert.Equal(HttpStatusCode.OK, await ReadyAfterAsync(monitor, TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task The_report_limit_counts_the_posts_of_one_address_over_both_hosts()
    {
        // One address of its own (the proxy says which), its posts alternating between the hosts as a round-robin proxy sends them.
        var address = $"198.51.100.{Random.Shared.Next(1, 255)}";
        using var first = await HttpSession.OpenAsync(hosts.First.BaseAddress, null);
        using var second = await HttpSession.OpenAsync(hosts.Second.BaseAddress, null);
        var statuses = new List<HttpStatusCode>();
        for (var n = 1; n <= 14; n++)
        {
            var session = n % 2 == 1 ? first : second;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/public/report")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Enterprise"] = $"双机限流测试企业{n}", ["Input.Place"] = "北湖区" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await session.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        // Ten a minute from one address whichever host takes them (they pass the limit and fail the form's antiforgery
        // check: nothing stored); the 11th to the 14th are refused, on both hosts. Counted per host, all fourteen would pass.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(10));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(4L, await ScalarAsync<long>(
            $"select count(*) from capacity_exit.public_reports where client_address = '{address}' and refused_because = 'rate-limit'"));
    }

    [Fact]
    public async Task A_document_uploaded_through_one_host_downloads_from_the_other_and_a_file_kept_on_disk_before_still_downloads()
    {
        // The officer opens a case and records the enterprise's extension request with its application, through the first host.
        const string officer = "chenzhou-industryit";
        using var first = await ApiClient.OpenAsync(hosts.First.BaseAddress, officer);
        var bureau = await ScalarAsync<int>($"select bureau_id from capacity_exit.people where login = '{officer}'");
        var (opened, body) = await first.PostJsonAsync("/api/cases", new
        {
            creditCode = ApiSamples.CreditCodeOf(880_001), enterpriseName = "双机上传示例水泥有限公司", industry = "Cement", countyCode = ApiSamples.CountyCode,
            item = "1号生产线", amount = "12.5", unit = "万吨/年", standard = "energy", findingDate = "2026-11-02", legalBasis = "郴州市2017年工作方案 §三.5",
            bureauId = bureau.ToString(System.Globalization.CultureInfo.InvariantCulture), variables = new Dictionary<string, string>(),
        });
        Assert.True(opened == HttpStatusCode.Created, $"opening the case: {(int)opened} {body}");
        var caseId = body.GetProperty("id").GetInt64();
        var pdf = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% application {Guid.NewGuid():N}\n%%EOF\n");
        var (requested, after) = await first.PostJsonAsync($"/api/cases/{caseId}/commands/request-extension", new
        {
            data = new Dictionary<string, string> { ["reason"] = "设备改造需要时间", ["documentRef"] = "示例〔2026〕12号", ["requestedPeriod"] = "P2M" },
            files = new[] { new { field = "attachment", fileName = "延期申请书.pdf", contentBase64 = Convert.ToBase64String(pdf) } },
        });
        Assert.True(requested == HttpStatusCode.OK, $"the extension request: {(int)requested} {after}");
        var documentId = after.GetProperty("documents").EnumerateArray().Single().GetProperty("id").GetInt64();

        // The office downloads it from the second host, page and API (the first host's bearer token is good there too).
        using var office = await HttpSession.OpenAsync(hosts.Second.BaseAddress, DemoPeople.Office);
        Assert.Equal(pdf, await office.Client.GetByteArrayAsync($"/documents/{documentId}"));
        using var second = new HttpClient { BaseAddress = hosts.Second.BaseAddress };
        second.DefaultRequestHeaders.Authorization = first.Client.DefaultRequestHeaders.Authorization;
        Assert.Equal(pdf, await second.GetByteArrayAsync($"/api/documents/{documentId}"));

        // The file the second host's earlier version kept on disk is in the database now, gone from the disk, and a
        // document naming it downloads from either host.
        Assert.False(File.Exists(hosts.LegacyFile), "the file kept on disk was not moved in");
        Assert.Equal(1L, await ScalarAsync<long>($"select count(*) from capacity_exit.document_contents where sha256 = '{hosts.LegacySha256}'"));
        var legacyId = await ScalarAsync<long>(
            $"""
            insert into capacity_exit.case_documents (case_id, purpose, file_name, content_type, size, sha256, uploaded_by, uploaded_at)
            values ({caseId}, 'attachment', '旧版上传.pdf', 'application/pdf', {hosts.LegacyPdf.Length}, '{hosts.LegacySha256}', '{officer}', now())
            returning id
            """);
        Assert.Equal(hosts.LegacyPdf, await office.Client.GetByteArrayAsync($"/documents/{legacyId}"));
        using var officeOnFirst = await HttpSession.OpenAsync(hosts.First.BaseAddress, DemoPeople.Office);
        Assert.Equal(hosts.LegacyPdf, await officeOnFirst.Client.GetByteArrayAsync($"/documents/{legacyId}"));
    }

    [Fact]
    public async Task A_holiday_year_entered_on_one_host_is_counted_on_by_the_other_at_once_and_the_shipped_file_stays_as_shipped()
    {
        var shipped = Path.Combine(RepoPaths.Root, "workflows", "calendar", "cn-holidays.txt");
        var before = await File.ReadAllTextAsync(shipped);
        using var office = await HttpSession.OpenAsync(hosts.Second.BaseAddress, DemoPeople.Office);
        // February 2027 on the second host: no arrangement yet, weekends only (provisional).
        Assert.DoesNotContain("春节", await office.Client.GetStringAsync("/calendar?month=2027-02"));

        using var admin = await HttpSession.OpenAsync(hosts.First.BaseAddress, DemoPeople.Admin);
        using var added = await admin.PostFormAsync("/admin/calendar/add", "/admin/calendar/add", new Dictionary<string, string>
        {
            ["Input.Year"] = "2027", ["Input.Notice"] = "国务院办公厅关于2027年部分节假日安排的通知（示例）", ["Input.Replace"] = "false",
            ["Input.Holidays[0].Name"] = "春节", ["Input.Holidays[0].First"] = "2027-02-06", ["Input.Holidays[0].Last"] = "2027-02-13",
            ["Input.Holidays[0].Work"] = "2027-02-14, 2027-02-20",
        });
        Assert.True(added.StatusCode == HttpStatusCode.Redirect, $"entering 2027: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");

        // The second host counts on it as soon as PostgreSQL tells it (a notification at the commit): its month view marks
        // 春节 and the make-up working days, the same calendar its deadlines are counted on.
        var page = "";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10) && !page.Contains("春节", StringComparison.Ordinal); await Task.Delay(100))
        {
            page = await office.Client.GetStringAsync("/calendar?month=2027-02");
        }

        Assert.Contains("春节", page);
        Assert.Contains("调休上班", page);
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from capacity_exit.holiday_years where year = 2027"));
        Assert.Equal(before, await File.ReadAllTextAsync(shipped)); // the checkout's file is starting data, never written
    }

    /// <summary>Polls /health/ready until it answers 200 or the limit passes; the last status.</summary>
    private static async Task<HttpStatusCode> ReadyAfterAsync(HttpClient monitor, TimeSpan limit)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < limit && status != HttpStatusCode.OK; await Task.Delay(250))
        {
            using var ready = await monitor.GetAsync("/health/ready");
            status = ready.StatusCode;
        }

        return status;
    }

    /// <summary>A client for another host carrying the same cookies (cookies are per host name, not per port).</summary>
    private static HttpClient Sibling(HttpSession session, Uri other) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = session.Cookies, UseCookies = true })
        {
            BaseAddress = other, Timeout = TimeSpan.FromSeconds(30),
        };

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(hosts.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
