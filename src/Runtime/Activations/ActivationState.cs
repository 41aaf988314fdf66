namespace SessionGrains.Runtime.Activations;

/// <summary>The lifecycle of an activation; it only moves forward.</summary>
internal enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Deactivated,
}
