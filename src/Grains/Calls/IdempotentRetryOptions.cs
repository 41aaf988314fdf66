namespace SessionGrains.Grains.Calls;

/// <summary>How <see cref="IdempotentRetryFilter"/> retries, bound from <c>SessionGrains:Calls</c>.</summary>
public sealed class IdempotentRetryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Calls";

    /// <summary>
    /// How long after a call first started it may still be retried. It must outlast the detection of a dead silo (about
    /// 2–3 s with the tuned membership) plus one response timeout. Default: 10 seconds.
    /// </summary>
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause before the first retry; it doubles with each one, up to 1 s. Default: 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
