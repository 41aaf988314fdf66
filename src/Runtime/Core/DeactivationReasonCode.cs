namespace SessionGrains.Runtime;

/// <summary>Why an activation was deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason was given.</summary>
    None,

    /// <summary>The activation was idle longer than its collection age.</summary>
    ActivationIdle,

    /// <summary>The grain called <c>DeactivateOnIdle()</c>.</summary>
    ApplicationRequested,

    /// <summary>The grain's code failed: activation threw, or its state was written by someone else.</summary>
    ApplicationError,

    /// <summary>The hosting runtime is shutting down.</summary>
    ShuttingDown,

    /// <summary>The grain is now owned by another silo.</summary>
    ActivationMigrated,
}
