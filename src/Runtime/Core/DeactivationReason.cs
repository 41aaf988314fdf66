namespace SessionGrains.Runtime;

/// <summary>Why an activation was deactivated, with a description.</summary>
/// <param name="ReasonCode">The kind of reason.</param>
/// <param name="Description">A human-readable description.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    /// <summary>Returns the description and its code.</summary>
    public override string ToString() => $"{ReasonCode}: {Description}";
}
