using System.Collections.Concurrent;

namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>
/// A DI singleton that lifecycle grains report to: constructions, activations and deactivations per key, and activation
/// failures a test asks for. One per host, so parallel tests never share counts.
/// </summary>
public sealed class LifecycleRecorder
{
    private readonly ConcurrentDictionary<string, int> _constructed = new();
    private readonly ConcurrentDictionary<string, int> _activated = new();
    private readonly ConcurrentQueue<(string Key, DeactivationReason Reason)> _deactivations = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly SemaphoreSlim _deactivationStarted = new(0);
    private TaskCompletionSource? _deactivationGate;
    private int _activationFailures;

    /// <summary>Lifecycle steps in the order they happened: <c>constructed:key</c>, <c>activated:key</c>, <c>deactivating:key</c>, <c>deactivated:key</c>.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    public IReadOnlyList<string> EventsOf(string key) => [.. _events.Where(e => e.EndsWith($":{key}", StringComparison.Ordinal))];

    public int ConstructedCount(string key) => _constructed.GetValueOrDefault(key);

    public int ActivatedCount(string key) => _activated.GetValueOrDefault(key);

    public IReadOnlyList<DeactivationReason> DeactivationsOf(string key) =>
        [.. _deactivations.Where(d => d.Key == key).Select(d => d.Reason)];

    /// <summary>The next <c>OnDeactivateAsync</c> of a lifecycle grain waits until the returned source is completed.</summary>
    public TaskCompletionSource BlockNextDeactivation() =>
        _deactivationGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitForDeactivationStartedAsync() => _deactivationStarted.WaitAsync();

    /// <summary>Makes the next <paramref name="count"/> activations of failing-activation grains throw.</summary>
    public void FailNextActivations(int count) => Volatile.Write(ref _activationFailures, count);

    internal void Constructed(string key)
    {
        _events.Enqueue($"constructed:{key}");
        _constructed.AddOrUpdate(key, 1, static (_, n) => n + 1);
    }

    internal void Activated(string key)
    {
        _events.Enqueue($"activated:{key}");
        _activated.AddOrUpdate(key, 1, static (_, n) => n + 1);
    }

    internal void Deactivated(string key, DeactivationReason reason) => _deactivations.Enqueue((key, reason));

    /// <summary>Records a deactivation that may be held by <see cref="BlockNextDeactivation"/>.</summary>
    internal async Task DeactivateAsync(string key, DeactivationReason reason)
    {
        _events.Enqueue($"deactivating:{key}");
        _deactivationStarted.Release();
        if (Interlocked.Exchange(ref _deactivationGate, null) is { } gate)
        {
            await gate.Task;
        }

        _events.Enqueue($"deactivated:{key}");
        Deactivated(key, reason);
    }

    internal bool TakeActivationFailure()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _activationFailures);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _activationFailures, remaining - 1, remaining) == remaining)
            {
                return true;
            }
        }
    }
}
