namespace SessionGrains.Cluster.Tests.Grains;

/// <summary>A grain whose call holds its turn until a delay passes or the caller cancels.</summary>
[GrainType("cluster-tests-waiting")]
public interface IWaitingGrain : IGrainWithStringKey
{
    /// <summary>Waits <paramref name="milliseconds"/>; returns true when <paramref name="cancellationToken"/> ended the wait first.</summary>
    Task<bool> WaitAsync(int milliseconds, CancellationToken cancellationToken);

    /// <summary>Returns at once, once the turns queued before it have run.</summary>
    [Idempotent]
    Task<int> PingAsync();
}
