namespace SessionGrains.Farm;

/// <summary>One silo's row in the cluster's membership in Redis: its port, status and the view version it applied.</summary>
public sealed record SiloState(int Port, string Status, long AppliedViewVersion);
