namespace SessionGrains.Runtime.Invocation;

/// <summary>Delivers a call to the activation of its target, here or on another silo.</summary>
internal interface IGrainCallRouter
{
    /// <summary>Sends a new call: starts its response timeout and routes it.</summary>
    void Send(IGrainCall call);

    /// <summary>Routes again a call that was not run where it was sent: its activation moved, or it never left.</summary>
    void Reroute(IGrainCall call);
}
