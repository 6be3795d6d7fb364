using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CapacityExit.Workflow.Core.Documents;

/// <summary>The bytes of one stored file, once per content (its SHA-256); what the file is lives in the row that names it.</summary>
public sealed class DocumentContent
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public long Size { get; set; }

    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>
/// Case files and photos in PostgreSQL (<c>document_contents</c>, bytea) under their SHA-256: the same bytes are stored
/// once, a stored file never changes, every host serves every file, and the database backup holds them all. What a file
/// is (its name, type, size, who brought it and when) is in the row that names it (<see cref="CaseDocument"/>, a 举报,
/// a kiln's shutdown record). Nothing is served from here except through the download pages' access checks.
/// Files kept on disk by earlier versions (under <c>ab/cd/abcd…</c> in <paramref name="legacyRoot"/>) are moved in at
/// start-up (<see cref="MoveInFromDiskAsync"/>).
/// </summary>
public sealed class DocumentStore(NpgsqlDataSource dataSource, TimeProvider clock, string? legacyRoot = null)
{
    private const string Insert =
        "insert into capacity_exit.document_contents (sha256, content, size, stored_at) values (@sha, @content, @size, @at) on conflict (sha256) do nothing";

    /// <summary>Where files of earlier versions may still be on disk (the setting CapacityExit:Uploads:Root).</summary>
    public string? LegacyRoot { get; } = legacyRoot is null ? null : Path.GetFullPath(legacyRoot);

    /// <summary>Keeps the bytes if they are not there yet, in a transaction of its own.</summary>
    public async Task SaveAsync(UploadedFile file, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command, file.Sha256, file.Content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps the bytes in the caller's transaction: they are kept exactly when what names them is.</summary>
    public async Task SaveAsync(UploadedFile file, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Insert, connection, transaction);
        Bind(command, file.Sha256, file.Content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored bytes, or null when nothing is stored under <paramref name="sha256"/>.</summary>
    public async Task<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select content from capacity_exit.document_contents where sha256 = @sha");
        command.Parameters.AddWithValue("sha", sha256);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] content ? new MemoryStream(content, writable: false) : null;
    }

    /// <summary>
    /// Moves the files an earlier version kept on disk into the database: each file whose content matches its name is
    /// stored, and deleted from disk only once its row is committed; a file that does not match its name is left where
    /// it is and logged. Safe to run on several hosts at once and again after a crash. Returns how many were moved.
    /// </summary>
    public async Task<int> MoveInFromDiskAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (LegacyRoot is null || !Directory.Exists(LegacyRoot))
        {
            return 0;
        }

        var moved = 0;
        foreach (var path in Directory.EnumerateFiles(LegacyRoot, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (name.Length != 64 || !name.All(Uri.IsHexDigit) || name.Any(char.IsUpper))
            {
                continue; // not a stored file (a temporary one a crash left behind, or something else): left alone
            }

            byte[] content;
            try
            {
                content = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                continue; // moved by another host starting at the same time
            }

            if (Convert.ToHexStringLower(SHA256.HashData(content)) != name)
            {
                logger.LogWarning("Stored file {Path} does not match its name (damaged on disk?): left where it is, not moved into the database", path);
                continue;
            }

            await using (var command = dataSource.CreateCommand(Insert))
            {
                Bind(command, name, content);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            File.Delete(path);
            moved++;
        }

        foreach (var directory in Directory.EnumerateDirectories(LegacyRoot, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
            catch (IOException)
            {
                // emptied or filled by another host meanwhile: left for the next start
            }
        }

        return moved;
    }

    private void Bind(NpgsqlCommand command, string sha256, byte[] content)
    {
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("content", content);
        command.Parameters.AddWithValue("size", (long)content.Length);
        command.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
    }
}
