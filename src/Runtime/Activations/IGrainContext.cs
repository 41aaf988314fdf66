namespace SessionGrains.Runtime.Activations;

/// <summary>What a grain instance sees of the activation that hosts it.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    TimeProvider TimeProvider { get; }

    void Deactivate(DeactivationReason reason);

    void DelayDeactivation(TimeSpan timeSpan);

    IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);
}
