namespace SessionGrains.Runtime.Tests.Grains;

[GrainType("test-timer")]
public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool keepAlive);

    Task<int> GetTicksAsync();

    /// <summary>Records a call in <see cref="TimerRecorder.Events"/>; waits if the test blocked the next call.</summary>
    Task RecordCallAsync(string label);

    /// <summary>Calls <c>DeactivateOnIdle()</c>, then waits if the test blocked the next call.</summary>
    Task DeactivateOnIdleAsync();
}
