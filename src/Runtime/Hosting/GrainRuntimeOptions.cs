namespace SessionGrains.Runtime.Hosting;

/// <summary>Settings of grain calls, bound from <c>SessionGrains:Runtime</c>.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Runtime";

    /// <summary>
    /// How long a caller waits for a grain call's response before it fails with <see cref="GrainCallTimeoutException"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever. Default: 30 seconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
