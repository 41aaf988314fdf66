namespace SessionGrains.Runtime.Timers;

/// <summary>A timer as its activation holds it: started after registration, disposed at deactivation.</summary>
internal interface IGrainTimerHandle : IGrainTimer
{
    void Start();
}
