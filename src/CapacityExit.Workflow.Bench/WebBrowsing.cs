using System.Collections.Concurrent;
using System.Diagnostics;

namespace CapacityExit.Workflow.Bench;

/// <summary>
/// Signed-in people browsing at once, each alternating the case list and a case page with a short pause (0 to 1 s)
/// between pages; bounded by a count per person and by time. Only pages begun and finished while the burst
/// drained count for the figures "under burst".
/// </summary>
public sealed class WebBrowsing(IReadOnlyList<WebUser> users, WebRequests requests)
{
    public const int MaxPauseMs = 1000;
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private Task[] _running = [];
    private double _drainFrom = double.MaxValue;
    private double _drainTo = double.MaxValue;

    public sealed record Sample(bool List, double StartMs, double Ms, int Status);

    public void Start(int maxPerUser, TimeSpan limit)
    {
        _stop.CancelAfter(limit);
        _running = users.Select((user, i) => Task.Run(() => BrowseAsync(user, new Random(7_000 + i), maxPerUser))).ToArray();
    }

    public void MarkDrain(bool start)
    {
        if (start)
        {
            _drainFrom = _clock.Elapsed.TotalMilliseconds;
        }
        else
        {
            _drainTo = _clock.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>Stops everyone; returns the pages that began and ended within the drain.</summary>
    public async Task<List<Sample>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        _stop.Dispose();
        return _samples.Where(s => s.StartMs >= _drainFrom && s.StartMs + s.Ms <= _drainTo).ToList();
    }

    public static void Report(List<Sample> samples, BenchResults results)
    {
        var seconds = samples.Count == 0 ? 1 : (samples.Max(s => s.StartMs + s.Ms) - samples.Min(s => s.StartMs)) / 1000;
        results.Set("web_users_under_burst", WebPagesBench.Users);
        results.Set("web_requests_per_s_under_burst", samples.Count / Math.Max(0.001, seconds));
        foreach (var (list, name) in new[] { (true, "web_case_list"), (false, "web_case_page") })
        {
            var ms = samples.Where(s => s.List == list).Select(s => s.Ms).Order().ToList();
            results.Set($"{name}_p50_ms_under_burst", WebSequentialRun.Percentile(ms, 0.50));
            results.Set($"{name}_p95_ms_under_burst", WebSequentialRun.Percentile(ms, 0.95));
        }

        if (samples.Where(s => s.Status != 200).ToList() is { Count: > 0 } failed)
        {
            results.Note($"web under burst: {failed.Count} of {samples.Count} pages answered other than 200 (first: {failed[0].Status})");
        }
    }

    private async Task BrowseAsync(WebUser user, Random random, int max)
    {
        for (var i = 0; i < max && !_stop.IsCancellationRequested; i++)
        {
            var list = i % 2 == 0;
            var start = _clock.Elapsed.TotalMilliseconds;
            try
            {
                var (ms, status) = await user.GetAsync(list ? requests.List(random) : requests.Case(random), _stop.Token);
                _samples.Enqueue(new Sample(list, start, ms, status));
                await Task.Delay(random.Next(MaxPauseMs), _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
