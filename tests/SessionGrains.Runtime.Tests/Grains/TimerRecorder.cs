using System.Collections.Concurrent;

namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>
/// A DI singleton that <see cref="TimerGrain"/> ticks report to. Tests use it to count ticks, see the order of ticks and
/// calls, block a tick or a call until they release it, and make a tick fail.
/// </summary>
public sealed class TimerRecorder
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly SemaphoreSlim _tickStarted = new(0);
    private readonly SemaphoreSlim _callStarted = new(0);
    private readonly TaskCompletionSource<DeactivationReason> _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _tickGate;
    private TaskCompletionSource? _callGate;
    private int _ticks;
    private int _inFlight;
    private int _maxConcurrentTicks;
    private int _failingTick;

    public int Ticks => Volatile.Read(ref _ticks);

    public int MaxConcurrentTicks => Volatile.Read(ref _maxConcurrentTicks);

    /// <summary>Tick starts and ends and calls, in the order they happened: <c>tick-start:1</c>, <c>tick-end:1</c>, <c>call:x</c>.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>Completes with the reason once the timer grain's <c>OnDeactivateAsync</c> has run.</summary>
    public Task<DeactivationReason> Deactivated => _deactivated.Task;

    /// <summary>The grain's clock reading when it was deactivated.</summary>
    public DateTimeOffset? DeactivatedAt { get; private set; }

    /// <summary>The next tick waits until the returned source is completed.</summary>
    public TaskCompletionSource BlockNextTick() => _tickGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next blocking call waits until the returned source is completed.</summary>
    public TaskCompletionSource BlockNextCall() => _callGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tick number <paramref name="number"/> (from 1) throws a <see cref="TestGrainException"/>.</summary>
    public void FailTick(int number) => Volatile.Write(ref _failingTick, number);

    public Task WaitForTickStartedAsync() => _tickStarted.WaitAsync();

    public Task WaitForCallStartedAsync() => _callStarted.WaitAsync();

    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _ticks);
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxConcurrentTicks, inFlight);
        _events.Enqueue($"tick-start:{number}");
        _tickStarted.Release();
        try
        {
            if (Interlocked.Exchange(ref _tickGate, null) is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await Task.Yield();
            if (number == Volatile.Read(ref _failingTick))
            {
                throw new TestGrainException($"Tick {number} failed on purpose.");
            }

            _events.Enqueue($"tick-end:{number}");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    internal async Task CallAsync(string label)
    {
        _events.Enqueue($"call:{label}");
        _callStarted.Release();
        if (Interlocked.Exchange(ref _callGate, null) is { } gate)
        {
            await gate.Task;
        }
    }

    internal void OnDeactivated(DeactivationReason reason, DateTimeOffset at)
    {
        DeactivatedAt = at;
        _deactivated.TrySetResult(reason);
    }

    private static void InterlockedMax(ref int location, int value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
