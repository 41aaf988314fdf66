namespace SessionGrains.Cluster.Tests.Failover;

/// <summary>An acknowledged increment: the value the grain returned, and when the call started and ended on the load's clock.</summary>
internal sealed record CounterCall(string Key, long Value, TimeSpan Started, TimeSpan Ended);
