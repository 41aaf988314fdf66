namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>What a <see cref="SequenceGrain"/> saw: arguments in the order its turns started, and the most turns in flight at once.</summary>
public sealed record SequenceReport(int[] Values, int MaxConcurrency);
