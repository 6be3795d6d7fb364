namespace CapacityExit.Workflow.Core.Documents;

/// <summary>
/// Case files on disk under their SHA-256 (<c>ab/cd/abcd…</c>), outside the web root: the same bytes are stored once,
/// a stored file never changes, and nothing is served from here except through the download page's access check.
/// </summary>
public sealed class DocumentStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string sha256) => Path.Combine(Root, sha256[..2], sha256[2..4], sha256);

    /// <summary>Writes the bytes if they are not there yet (write to a temporary name, then move: never half a file).</summary>
    public async Task SaveAsync(UploadedFile file, CancellationToken cancellationToken)
    {
        var path = PathOf(file.Sha256);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, file.Content, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));
}
