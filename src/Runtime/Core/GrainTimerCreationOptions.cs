namespace SessionGrains.Runtime;

/// <summary>Options for <c>Grain.RegisterGrainTimer</c>.</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Creates options with a due time and a period.</summary>
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Time until the first tick. <see cref="Timeout.InfiniteTimeSpan"/> creates a stopped timer.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time from the end of one tick to the start of the next. <see cref="Timeout.InfiniteTimeSpan"/> fires once.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Whether ticks count as use of the activation, keeping it from idle collection. Default: <see langword="false"/>.</summary>
    public bool KeepAlive { get; init; }
}
