using System.Collections.Concurrent;

namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>A DI singleton that holds <see cref="SlowGrain"/> turns until the test opens it, and records what ran.</summary>
public sealed class CallGate
{
    private readonly SemaphoreSlim _entered = new(0);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Open() => _open.TrySetResult();

    /// <summary>Completes when a turn has reached the gate (or started waiting for cancellation).</summary>
    public Task WaitUntilEnteredAsync() => _entered.WaitAsync();

    internal async Task PassAsync()
    {
        _entered.Release();
        await _open.Task;
    }

    internal void Entered() => _entered.Release();

    internal void Record(string label) => _events.Enqueue(label);
}
