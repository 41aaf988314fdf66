using System.Collections.Concurrent;
using System.Diagnostics;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Steady load on counter grains: one loop per grain, incrementing, each call waiting for the last. Per grain it counts
/// acknowledged increments, increments in doubt (the connection broke while they were in flight, so they may or may
/// not have run), and notes when the grain first answered after a moment the test marks.
/// </summary>
public sealed class CounterLoad : IAsyncDisposable
{
    private readonly IClusterClient _client;
    private readonly TimeSpan _pause;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<string> _inDoubtReasons = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, GrainTally> _tallies;
    private Task? _loops;
    private long _mark = long.MaxValue;

    public CounterLoad(IClusterClient client, IEnumerable<string> keys, TimeSpan pause)
    {
        _client = client;
        _pause = pause;
        _tallies = keys.ToDictionary(k => k, _ => new GrainTally());
    }

    public IReadOnlyCollection<string> Keys => _tallies.Keys;

    /// <summary>Failures other than an increment in doubt: any of them means a call was lost that should not have been.</summary>
    public IReadOnlyCollection<string> UnexpectedFailures => _unexpected;

    /// <summary>Why each increment in doubt failed, for a failure's diagnosis.</summary>
    public IReadOnlyCollection<string> InDoubtReasons => _inDoubtReasons;

    public long Acknowledged(string key) => Volatile.Read(ref _tallies[key].Acknowledged);

    public long InDoubt(string key) => Volatile.Read(ref _tallies[key].InDoubt);

    public long TotalAcknowledged => _tallies.Values.Sum(t => Volatile.Read(ref t.Acknowledged));

    public long TotalInDoubt => _tallies.Values.Sum(t => Volatile.Read(ref t.InDoubt));

    public void Start() => _loops = Task.WhenAll(_tallies.Select(t => Task.Run(() => RunAsync(t.Key, t.Value))));

    /// <summary>Marks now: from here on, each grain's first acknowledged call is timed.</summary>
    public void Mark()
    {
        foreach (var tally in _tallies.Values)
        {
            Volatile.Write(ref tally.FirstAnswerAfterMark, long.MaxValue);
        }

        Volatile.Write(ref _mark, _clock.ElapsedTicks);
    }

    /// <summary>How long after <see cref="Mark"/> <paramref name="key"/> first answered; null if it has not yet.</summary>
    public TimeSpan? AnsweredAfterMark(string key)
    {
        var first = Volatile.Read(ref _tallies[key].FirstAnswerAfterMark);
        return first == long.MaxValue ? null : Stopwatch.GetElapsedTime(0, first - Volatile.Read(ref _mark));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await (_loops ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(40));
    }

    /// <summary>Stops the loops if a failed test did not, so they do not outlive it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await (_loops ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(40)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(string key, GrainTally tally)
    {
        var grain = _client.GetGrain<ICounterGrain>(key);
        while (!_stop.IsCancellationRequested)
        {
            var started = _clock.ElapsedTicks;
            try
            {
                await grain.IncrementAsync();
                Interlocked.Increment(ref tally.Acknowledged);
                if (started >= Volatile.Read(ref _mark))
                {
                    Interlocked.CompareExchange(ref tally.FirstAnswerAfterMark, _clock.ElapsedTicks, long.MaxValue);
                }
            }
            catch (SiloUnavailableException exception)
            {
                Interlocked.Increment(ref tally.InDoubt);
                _inDoubtReasons.Enqueue($"{key} at {_clock.Elapsed.TotalSeconds:F3}s: {exception.Message} ({exception.InnerException?.Message})");
            }
            catch (Exception exception)
            {
                _unexpected.Enqueue($"{key} at {_clock.Elapsed.TotalSeconds:F3}s: {exception.GetType().Name}: {exception.Message}");
            }

            await Task.Delay(_pause);
        }
    }

    private sealed class GrainTally
    {
        public long Acknowledged;
        public long InDoubt;
        public long FirstAnswerAfterMark = long.MaxValue;
    }
}
