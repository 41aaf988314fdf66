using System.Collections.Concurrent;
using System.Diagnostics;

namespace SessionGrains.Cluster.Tests.Failover;

/// <summary>
/// Concurrent callers looping over counter grains, each calling <see cref="ICounterGrain.IncrementAsync"/> and recording
/// every outcome: the acknowledged values per grain, and every failure with its timing.
/// </summary>
internal sealed class CounterLoad
{
    private readonly IGrainFactory _client;
    private readonly string[] _keys;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CounterCall>> _acknowledged = new();
    private readonly ConcurrentQueue<CallFailure> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _callers;
    private long _next = -1;
    private long _successes;

    private CounterLoad(IGrainFactory client, string[] keys, int callers)
    {
        _client = client;
        _keys = keys;
        foreach (var key in keys)
        {
            _acknowledged[key] = new ConcurrentQueue<CounterCall>();
        }

        _callers = [.. Enumerable.Range(0, callers).Select(_ => Task.Run(CallLoopAsync))];
    }

    /// <summary>Now, on the clock every recorded call is timed with.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public long Successes => Interlocked.Read(ref _successes);

    public IReadOnlyList<CallFailure> Failures => [.. _failures];

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Starts <paramref name="callers"/> callers over <paramref name="keys"/>.</summary>
    public static CounterLoad Start(IGrainFactory client, IReadOnlyList<string> keys, int callers) => new(client, [.. keys], callers);

    /// <summary>Every acknowledged increment of <paramref name="key"/>.</summary>
    public IReadOnlyList<CounterCall> Acknowledged(string key) => [.. _acknowledged[key]];

    /// <summary>Completes once <paramref name="count"/> more increments have been acknowledged.</summary>
    public Task WaitForMoreSuccessesAsync(long count, TimeSpan? timeout = null)
    {
        var target = Successes + count;
        return Eventually.WaitUntilAsync(() => Successes >= target, $"{count} more increments were acknowledged (at {Successes} of {target})", timeout);
    }

    /// <summary>Completes once every grain has acknowledged at least one increment, so every grain is active.</summary>
    public Task WaitUntilEveryGrainAcknowledgedAsync() =>
        Eventually.WaitUntilAsync(() => _acknowledged.Values.All(q => !q.IsEmpty), "every grain acknowledged an increment");

    /// <summary>Stops every caller after its current call, and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers).DefaultTimeout();
        _stop.Dispose();
    }

    private async Task CallLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var key = _keys[Interlocked.Increment(ref _next) % _keys.Length];
            var started = Now;
            try
            {
                var value = await _client.GetGrain<ICounterGrain>(key).IncrementAsync();
                _acknowledged[key].Enqueue(new CounterCall(key, value, started, Now));
                Interlocked.Increment(ref _successes);
            }
            catch (Exception exception)
            {
                _failures.Enqueue(new CallFailure(key, exception, started, Now));
            }
        }
    }
}
