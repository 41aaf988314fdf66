using Orleans.Runtime.Messaging;
using Orleans.Storage;
using SessionGrains.Grains.Calls;
using SessionGrains.Grains.Storage;

namespace SessionGrains.Grains.Tests.Calls;

/// <summary>Which failures the retry filter retries: never-delivered calls always, maybe-run calls only when idempotent.</summary>
public sealed class IdempotentRetryFilterTests
{
    public static TheoryData<Exception, bool, bool> Failures => new()
    {
        { new ConnectionFailedException("refused"), false, true },
        { new ConnectionFailedException("refused"), true, true },
        { new SiloUnavailableException("dead"), false, false },
        { new SiloUnavailableException("dead"), true, true },
        { new SiloUnavailableException("Silo 'S127.0.0.1:11111:1' is shutting down."), false, true },
        { Rejection(), false, false },
        { Rejection(), true, true },
        { new TimeoutException("no response"), false, false },
        { new TimeoutException("no response"), true, true },
        { new InvalidOperationException("bug"), true, false },
        { new ArgumentException("bad input"), true, false },
        { new InconsistentStateException("conflict"), true, false },
        { new SessionStorageException("redis down"), true, false },
        { new OrleansException("other"), true, false },
        { new OperationCanceledException(), true, false },
    };

    // Orleans makes this exception itself; its constructors are not public.
    private static OrleansMessageRejectionException Rejection() => (OrleansMessageRejectionException)Activator.CreateInstance(
        typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, null, ["rejected"], null)!;

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsRetriable_ByExceptionAndIdempotence_FollowsTheTable(Exception exception, bool idempotent, bool expected)
    {
        Assert.Equal(expected, IdempotentRetryFilter.IsRetriable(exception, idempotent));
    }
}
