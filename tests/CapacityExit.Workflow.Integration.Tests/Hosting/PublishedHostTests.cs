using System.Diagnostics;
using System.Net;
using CapacityExit.Workflow.Integration.Tests.Infrastructure;
using CapacityExit.Workflow.Integration.Tests.Web;

namespace CapacityExit.Workflow.Integration.Tests.Hosting;

/// <summary>
/// A release runs without the checkout: the `dotnet publish` output, in a folder of its own outside the checkout and
/// started from yet another folder, finds its definitions, profiles, calendar, templates and settings beside its binaries,
/// serves the demo, and writes its runtime state (the mail pickup files) under the configured data directory only.
/// </summary>
public sealed class PublishedHostTests
{
    [Fact]
    public async Task A_published_build_started_outside_the_checkout_serves_the_demo_and_writes_only_under_its_data_directory()
    {
        var scratch = Directory.CreateTempSubdirectory("capexit-release-").FullName;
        var release = Path.Combine(scratch, "release");
        var data = Path.Combine(scratch, "data");
        var elsewhere = Directory.CreateDirectory(Path.Combine(scratch, "elsewhere")).FullName;
        try
        {
            // The build scripts/test.sh made, published as an operator publishes it (no rebuild: the same binaries).
            var publish = Process.Start(new ProcessStartInfo("dotnet",
                ["publish", Path.Combine(RepoPaths.Root, "src", "CapacityExit.Workflow.Web"), "-c", RepoPaths.Configuration, "--no-build", "-o", release, "-v", "quiet", "-nologo"])
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.True(publish.ExitCode == 0, log);
            foreach (var shipped in new[] { "appsettings.json", "workflows/calendar/cn-holidays.txt", "workflows/definitions", "workflows/profiles", "workflows/templates", "workflows/notices" })
            {
                Assert.True(Path.Exists(Path.Combine(release, shipped)), $"the release lacks {shipped}");
            }

            await using var database = new TestDatabase();
            await database.InitializeAsync();
            await using var host = HostProcess.StartPublished(release, elsewhere, new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = database.ConnectionString,
                ["CapacityExit__LoadDemoData"] = "true",
                ["CapacityExit__DataDirectory"] = data,
            });
            await host.WaitUntilListeningAsync(TimeSpan.FromSeconds(180));

            using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
            Assert.Contains("<h1>落后产能退出工作平台</h1>", await anonymous.GetStringAsync("/"));
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/site.css")).StatusCode);
            using var office = await WebSession.SignInAsync(host.BaseAddress, "chenzhou-office");
            Assert.Contains("我的待办", await office.GetPageAsync("/tasks"));

            // The demo's mail falls due on its first day and, with no SMTP server configured, is written as .eml files:
            // under the data directory, and nothing is written into the release or the folder it was started from.
            var pickup = Path.Combine(data, "mail-pickup");
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(90) && !(Directory.Exists(pickup) && Directory.EnumerateFiles(pickup, "*.eml").Any()); await Task.Delay(250))
            {
            }

            Assert.True(Directory.Exists(pickup) && Directory.EnumerateFiles(pickup, "*.eml").Any(), $"no mail in {pickup}:\n{host.Output}");
            Assert.False(Directory.Exists(Path.Combine(release, ".data")), "the host wrote into the release folder");
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
