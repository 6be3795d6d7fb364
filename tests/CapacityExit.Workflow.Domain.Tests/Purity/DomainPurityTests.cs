using CapacityExit.Workflow.Domain.Deadlines;

namespace CapacityExit.Workflow.Domain.Tests.Purity;

/// <summary>The Domain project promises pure rules and no I/O: its assembly references no file or network API.</summary>
public sealed class DomainPurityTests
{
    [Fact]
    public void The_domain_assembly_references_no_file_or_network_api()
    {
        Assert.Empty(IoReferences.Find(typeof(HolidayCalendar).Assembly.Location));
    }

    [Fact]
    public void The_check_finds_file_access_where_there_is_some()
    {
        // This test assembly reads the repository's files (Repo, RepoFiles, and the check itself).
        var found = IoReferences.Find(typeof(DomainPurityTests).Assembly.Location);
        Assert.Contains("System.IO.File", found);
        Assert.Contains("System.IO.Directory", found);
        Assert.Contains("System.IO.DirectoryInfo", found);
    }
}
