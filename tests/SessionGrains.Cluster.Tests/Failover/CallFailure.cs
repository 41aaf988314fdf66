namespace SessionGrains.Cluster.Tests.Failover;

/// <summary>An increment that failed, and when it started and ended on the load's clock.</summary>
internal sealed record CallFailure(string Key, Exception Exception, TimeSpan Started, TimeSpan Ended)
{
    public override string ToString() => $"{Key} [{Started.TotalMilliseconds:F0}..{Ended.TotalMilliseconds:F0} ms] {Exception.GetType().Name}: {Exception.Message}";
}
