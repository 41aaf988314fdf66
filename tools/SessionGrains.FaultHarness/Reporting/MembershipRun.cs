namespace SessionGrains.FaultHarness.Reporting;

/// <summary>One kill of the membership measurement: from SIGKILL to the first suspicion vote, and to Dead, in the table.</summary>
internal sealed record MembershipRun(int Run, string Silo, TimeSpan? FirstSuspicion, TimeSpan DeclaredDead);
