using System.Diagnostics;
using System.Globalization;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// The progress display on stderr (stdout carries only the name=value figures): one line rewritten in place on a
/// terminal, a line every few seconds otherwise.
/// </summary>
public sealed class Progress : IAsyncDisposable
{
    private static readonly bool Terminal = !Console.IsErrorRedirected;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private Progress(string label, long total, Func<Task<long>> done)
    {
        _label = label;
        _total = total;
        _loop = Task.Run(async () =>
        {
            var period = TimeSpan.FromMilliseconds(Terminal ? 500 : 5000);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(period, _stop.Token);
                    Show(await done(), final: false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
                {
                    // A count that fails (database busy being dropped) only skips one update of the display.
                }
            }
        });
    }

    /// <summary>Shows <paramref name="label"/> with <paramref name="done"/> of <paramref name="total"/> until disposed.</summary>
    public static Progress Start(string label, long total, Func<Task<long>> done) => new(label, total, done);

    public static void Step(string text) => Console.Error.WriteLine($"[bench] {text}");

    public void Show(long done, bool final)
    {
        var seconds = _watch.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? done / seconds : 0;
        var bar = _total > 0 ? new string('#', (int)(20 * Math.Min(done, _total) / _total)).PadRight(20, '.') : "";
        var line = string.Create(CultureInfo.InvariantCulture, $"[bench] {_label} [{bar}] {done:N0}/{_total:N0}  {seconds:0.0} s  {rate:N0}/s");
        if (Terminal)
        {
            Console.Error.Write("\r" + line.PadRight(Math.Max(line.Length, 100)) + (final ? "\n" : ""));
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        if (Terminal)
        {
            Console.Error.Write("\r" + new string(' ', 110) + "\r");
        }
    }
}
