namespace CapacityExit.Workflow.Integration.Tests.Infrastructure;

/// <summary>A copy of the installation root (appsettings.json and workflows/) that a test may change.</summary>
public sealed class TempRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("capacity-exit-root-").FullName;

    public TempRoot()
    {
        File.Copy(System.IO.Path.Combine(RepoPaths.Root, "appsettings.json"), System.IO.Path.Combine(Path, "appsettings.json"));
        Copy(System.IO.Path.Combine(RepoPaths.Root, "workflows"), System.IO.Path.Combine(Path, "workflows"));
    }

    public string Workflow(string relative) => System.IO.Path.Combine(Path, "workflows", relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
        }
    }
}
