namespace SessionGrains.Runtime.Activations;

/// <summary>One turn of an activation: a call or a timer tick.</summary>
internal interface IWorkItem
{
    /// <summary>Whether running it counts as use of the activation for idle collection.</summary>
    bool KeepsAlive { get; }

    /// <summary>Whether it goes to the grain's next activation when this one ends before running it; ticks are dropped.</summary>
    bool IsCall { get; }

    /// <summary>Runs the turn. Never throws: failures complete the item.</summary>
    Task ExecuteAsync(GrainActivation activation);

    /// <summary>Fails an item that will never run, for example because activation failed.</summary>
    void Reject(Exception exception);
}
