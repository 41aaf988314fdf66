using System.Collections.Concurrent;

namespace SessionGrains.Grains.Tests.Calls;

/// <summary>
/// An outgoing call filter registered after (so inside) the retry filter: an armed method fails with the given
/// exceptions before it is sent, one per attempt, as a dead silo or a broken connection would make it fail; or, armed
/// with <see cref="ArmAfterCall"/>, once it has run, as the caller's crash right after it would leave things. It counts
/// every attempt it sees and every one it let through.
/// </summary>
internal sealed class FaultInjectionCallFilter : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Exception>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Exception> _faultsAfterCall = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _sent = new(StringComparer.Ordinal);

    /// <summary>Makes the next calls to <paramref name="methodName"/> on <paramref name="grainKey"/> fail, one exception each.</summary>
    public void Arm(string grainKey, string methodName, params Exception[] exceptions) =>
        _faults[Key(grainKey, methodName)] = new ConcurrentQueue<Exception>(exceptions);

    /// <summary>Makes the next call to <paramref name="methodName"/> on <paramref name="grainKey"/> run, then fail with <paramref name="exception"/>.</summary>
    public void ArmAfterCall(string grainKey, string methodName, Exception exception) => _faultsAfterCall[Key(grainKey, methodName)] = exception;

    public int Attempts(string grainKey, string methodName) => _attempts.GetValueOrDefault(Key(grainKey, methodName));

    public int Sent(string grainKey, string methodName) => _sent.GetValueOrDefault(Key(grainKey, methodName));

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var key = Key(context.TargetId.Key.ToString(), context.MethodName);
        _attempts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        if (_faults.TryGetValue(key, out var queue) && queue.TryDequeue(out var exception))
        {
            throw exception;
        }

        _sent.AddOrUpdate(key, 1, static (_, n) => n + 1);
        await context.Invoke();
        if (_faultsAfterCall.TryRemove(key, out var after))
        {
            throw after;
        }
    }

    private static string Key(string grainKey, string methodName) => grainKey + "/" + methodName;
}
