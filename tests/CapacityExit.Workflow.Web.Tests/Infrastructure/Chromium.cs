namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>
/// Debian's chromium, which scripts/test.sh installs and names in CAPEXIT_TEST_CHROMIUM. The tests never download a
/// browser: without this one they fail, loudly, rather than skip.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CAPEXIT_TEST_CHROMIUM") is { Length: > 0 } set ? set : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"chromium not found at {path}: run the tests through scripts/test.sh, which installs Debian's chromium", path);
        }
    }
}
