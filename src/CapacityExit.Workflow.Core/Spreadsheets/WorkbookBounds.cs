using System.IO.Compression;

namespace CapacityExit.Workflow.Core.Spreadsheets;

/// <summary>A workbook over a bound: unpacked larger than allowed, or too many parts. Nothing of it was kept.</summary>
public sealed class WorkbookTooLargeException(long maxUnpackedBytes) : Exception($"the workbook unpacks to more than {maxUnpackedBytes} bytes")
{
    public long MaxUnpackedBytes { get; } = maxUnpackedBytes;
}

/// <summary>
/// An .xlsx is a ZIP: a few megabytes may unpack to gigabytes (a "zip bomb" in a sheet or in sharedStrings.xml). Before
/// any spreadsheet library reads a workbook, every part of it is read here through <see cref="CountingStream"/>, which
/// counts the bytes that really come out of the decompressor (never the sizes the ZIP's headers declare, which a
/// hostile file may understate) and stops at the cap. Memory stays at one read buffer whatever the file holds.
/// </summary>
public static class WorkbookBounds
{
    /// <summary>More parts than any workbook our templates produce has by far (a dozen); each is opened and counted.</summary>
    public const int MaxParts = 1_000;

    /// <summary>Reads every part of <paramref name="xlsx"/>; throws <see cref="WorkbookTooLargeException"/> past <paramref name="maxUnpackedBytes"/> in all.</summary>
    public static long EnsureUnpackedWithin(byte[] xlsx, long maxUnpackedBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxParts)
        {
            throw new WorkbookTooLargeException(maxUnpackedBytes);
        }

        var counter = new CountingStream.Budget(maxUnpackedBytes);
        var buffer = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            using var part = new CountingStream(entry.Open(), counter);
            while (part.Read(buffer, 0, buffer.Length) > 0)
            {
                // counted (and stopped at the cap) by the stream itself
            }
        }

        return counter.Used;
    }
}

/// <summary>
/// A read-only stream over another that counts what is read against a <see cref="Budget"/> shared by several streams
/// (the parts of one workbook) and throws <see cref="WorkbookTooLargeException"/> the moment the budget is passed.
/// </summary>
public sealed class CountingStream(Stream inner, CountingStream.Budget budget) : Stream
{
    /// <summary>How many bytes may be read in all, and how many were.</summary>
    public sealed class Budget(long max)
    {
        public long Max { get; } = max;

        public long Used { get; private set; }

        public void Take(int count)
        {
            Used += count;
            if (Used > Max)
            {
                throw new WorkbookTooLargeException(Max);
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        budget.Take(read);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        budget.Take(read);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
