using Microsoft.Extensions.Logging;

namespace SessionGrains.Runtime.Activations;

/// <summary>Log messages of activations and the catalog, event ids 1000–1099.</summary>
internal static partial class ActivationLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Activated {GrainId}.", EventName = "GrainActivated")]
    public static partial void GrainActivated(ILogger logger, GrainId grainId);

    [LoggerMessage(1002, LogLevel.Debug, "Deactivated {GrainId}: {ReasonCode}, {Reason}", EventName = "GrainDeactivated")]
    public static partial void GrainDeactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reasonCode, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Activation of {GrainId} failed; its queued calls fail with the same exception.", EventName = "GrainActivationFailed")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(1004, LogLevel.Warning, "OnDeactivateAsync of {GrainId} failed during deactivation ({ReasonCode}).", EventName = "GrainDeactivationFailed")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId, DeactivationReasonCode reasonCode);

    [LoggerMessage(1005, LogLevel.Error, "The turn loop of {GrainId} failed; the activation is dropped.", EventName = "GrainActivationLoopFailed")]
    public static partial void ActivationLoopFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(1006, LogLevel.Debug, "Collected {Count} idle activations.", EventName = "IdleActivationsCollected")]
    public static partial void IdleActivationsCollected(ILogger logger, int count);
}
