using System.Diagnostics;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Reliability;

public sealed class BackupRestoreTests
{
    private const string Counts = """
        select concat_ws(',', (select count(*) from capacity_exit.cases), (select count(*) from capacity_exit.workflow_timers),
                              (select count(*) from capacity_exit.case_history), (select count(*) from capacity_exit.outbox_messages),
                              (select count(*) from capacity_exit.workflow_instances), (select count(*) from capacity_exit.document_contents),
                              (select count(*) from capacity_exit.data_protection_keys), (select count(*) from capacity_exit.holiday_years))
        """;

    [Fact]
    public async Task A_backup_taken_while_the_host_runs_restores_a_complete_office_into_a_fresh_cluster()
    {
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Default"] = database.ConnectionString,
            ["CapacityExit__LoadDemoData"] = "true",
        });
        await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(60));
        await using (var source = new NpgsqlConnection(database.ConnectionString))
        {
            await source.OpenAsync();
            await using var outbox = new NpgsqlCommand("""
                insert into capacity_exit.outbox_messages (case_id, kind, recipient_role, template_id, data, message_id, status, tries, created_at, next_attempt_at)
                select id, 'reminder', 'bureau-officer', 'energy/reminder', '{}', '<backup-test-' || id || '@capacity-exit.workflow>', 'Pending', 0, now(), now()
                from capacity_exit.cases
                """, source);
            await outbox.ExecuteNonQueryAsync();
        }

        // What an office adds beyond the demo: a person signed in (the keys), a file uploaded with an action, a holiday year entered.
        using var officer = await Web.WebSession.SignInAsync(host.BaseAddress, "chenzhou-industryit");
        var pdf = Web.UploadKit.Pdf(64 * 1024);
        var documentId = await UploadAsync(host.BaseAddress, database.ConnectionString, pdf);
        using (var admin = await Web.WebSession.SignInAsync(host.BaseAddress, "admin"))
        {
            var added = await admin.PostFormAsync("/admin/calendar/add", "/admin/calendar/add", new Dictionary<string, string>
            {
                ["Input.Year"] = "2027", ["Input.Notice"] = "国务院办公厅关于2027年部分节假日安排的通知（示例）", ["Input.Replace"] = "false",
                ["Input.Holidays[0].Name"] = "春节", ["Input.Holidays[0].First"] = "2027-02-06", ["Input.Holidays[0].Last"] = "2027-02-13",
                ["Input.Holidays[0].Work"] = "2027-02-14, 2027-02-20",
            });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, added.StatusCode);
        }

        var expected = await ScalarAsync(database.ConnectionString, Counts);
        var file = Path.Combine(Path.GetTempPath(), $"capexit-backup-{Guid.NewGuid():N}.dump");
        try
        {
            var backup = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "backup.sh"), file])
            {
                UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
                Environment = { ["ConnectionStrings__Default"] = database.ConnectionString },
            })!;
            var log = await backup.StandardError.ReadToEndAsync();
            await backup.WaitForExitAsync();
            Assert.True(backup.ExitCode == 0, log);
            Assert.False(host.HasExited, "the host kept running through the backup");

            await using var fresh = new PrivateCluster();
            await fresh.StartAsync();
            await fresh.CreateDatabaseAsync("restored");
            await PrivateCluster.LibraryAsync($"\"$PG_BIN/pg_restore\" --no-owner -h 127.0.0.1 -p {fresh.Port} -U postgres -d restored '{file}'");

            var restored = await ScalarAsync(fresh.ConnectionString("restored"), Counts);
            Assert.Equal(expected, restored);
            Assert.DoesNotContain(",0,", $",{restored},"); // every table had rows to lose
            // 12 demo cases, the public lists' exited one, the sealed paper machine and the serious over-emitter (DemoPublic), and
            // the two exited ones of the measures (DemoMeasures), and the one opened above
            Assert.Equal(18L, long.Parse(restored.Split(',')[0]));

            // A host on the restored database (with a home folder of its own) is the same office: the person's cookie from
            // before the backup is still good, the file downloads, 2027's 春节 is in the calendar.
            var home = Directory.CreateTempSubdirectory("capexit-home-").FullName;
            try
            {
                await using var again = HostProcess.Start(new Dictionary<string, string>
                {
                    ["ConnectionStrings__Default"] = fresh.ConnectionString("restored"), ["HOME"] = home, ["CapacityExit__Mail__Enabled"] = "false",
                });
                await again.WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
                using var download = await officer.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(again.BaseAddress, $"/documents/{documentId}")));
                Assert.True(download.StatusCode == System.Net.HttpStatusCode.OK, $"the file on the restored office: {(int)download.StatusCode} {download.Headers.Location}");
                Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
                using var month = await officer.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(again.BaseAddress, "/calendar?month=2027-02")));
                Assert.Contains("春节", await month.Content.ReadAsStringAsync());
            }
            finally
            {
                Directory.Delete(home, recursive: true);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>工信局's officer opens a case and records an extension request with <paramref name="pdf"/> attached, through the API; the document's id.</summary>
    private static async Task<long> UploadAsync(Uri host, string connectionString, byte[] pdf)
    {
        using var officer = await Web.UploadKit.ApiAsync(host, "chenzhou-industryit");
        var bureau = await Web.UploadKit.CountAsync(connectionString, "select bureau_id::bigint from capacity_exit.people where login = 'chenzhou-industryit'");
        using var opened = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(officer, "/api/cases", new
        {
            creditCode = Domain.Registry.CreditCode.Complete("91431002MA7990001"), enterpriseName = "郴州示例备份恢复水泥有限公司", industry = "Cement", countyCode = "431002",
            item = "1号生产线", amount = "12.5", unit = "万吨/年", standard = "energy", findingDate = "2026-11-02", legalBasis = "郴州市2017年工作方案 §三.5",
            bureauId = bureau.ToString(System.Globalization.CultureInfo.InvariantCulture), variables = new Dictionary<string, string>(),
        });
        Assert.True(opened.StatusCode == System.Net.HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        using var body = System.Text.Json.JsonDocument.Parse(await opened.Content.ReadAsStringAsync());
        var caseId = body.RootElement.GetProperty("id").GetInt64();
        using var asked = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(officer, $"/api/cases/{caseId}/commands/request-extension", new
        {
            data = new Dictionary<string, string> { ["reason"] = "设备改造需要时间", ["documentRef"] = "示例〔2026〕12号", ["requestedPeriod"] = "P2M" },
            files = new[] { new { field = "attachment", fileName = "延期申请书.pdf", contentBase64 = Convert.ToBase64String(pdf) } },
        });
        Assert.True(asked.StatusCode == System.Net.HttpStatusCode.OK, await asked.Content.ReadAsStringAsync());
        return await Web.UploadKit.CountAsync(connectionString, $"select id from capacity_exit.case_documents where case_id = {caseId}");
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
