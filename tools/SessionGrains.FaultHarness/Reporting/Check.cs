namespace SessionGrains.FaultHarness.Reporting;

/// <summary>One pass/fail statement of the report, such as "no acknowledged increment was lost".</summary>
internal sealed record Check(string Name, bool Passed, string Detail);
