namespace SessionGrains.Runtime;

/// <summary>A timer registered by a grain. Its ticks are turns of the grain's activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and how often it then fires.</summary>
    /// <param name="dueTime">Time until the next tick; <see cref="Timeout.InfiniteTimeSpan"/> stops the timer.</param>
    /// <param name="period">Time between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
    /// <exception cref="ObjectDisposedException">The timer was disposed.</exception>
    void Change(TimeSpan dueTime, TimeSpan period);
}
