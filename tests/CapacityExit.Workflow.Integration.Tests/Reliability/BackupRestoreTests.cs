using System.Diagnostics;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using Npgsql;

namespace CapacityExit.Workflow.Integration.Tests.Reliability;

public sealed class BackupRestoreTests
{
    private const string Counts = """
        select concat_ws(',', (select count(*) from capacity_exit.cases), (select count(*) from capacity_exit.workflow_timers),
                              (select count(*) from capacity_exit.case_history), (select count(*) from capacity_exit.outbox_messages),
                              (select count(*) from capacity_exit.workflow_instances))
        """;

    [Fact]
    public async Task A_backup_taken_while_the_host_runs_restores_into_a_fresh_cluster_with_every_case_timer_history_and_outbox_row()
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
            // the two exited ones of the measures (DemoMeasures)
            Assert.Equal(17L, long.Parse(restored.Split(',')[0]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
