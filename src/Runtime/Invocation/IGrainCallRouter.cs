namespace SessionGrains.Runtime.Invocation;

/// <summary>Delivers a call to the activation of its target, here or on another silo.</summary>
internal interface IGrainCallRouter
{
    void Send(IGrainCall call);
}
