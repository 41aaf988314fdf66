namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>
/// What a probe turn saw: <see cref="OnCallersThread"/> when the caller's thread mark was still set (the turn ran
/// inline, before the call returned), <see cref="SawCallersContext"/> when the caller's async-local value reached it.
/// </summary>
public sealed record ProbeReport(bool OnCallersThread, bool SawCallersContext);
