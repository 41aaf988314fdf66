namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>How a session's activation goes away while the session is still alive.</summary>
public enum ActivationLoss
{
    /// <summary>Its silo crashes: nothing is written.</summary>
    SiloKilled,

    /// <summary>Its silo shuts down gracefully: the activation is deactivated and stores its last use.</summary>
    SiloStopped,

    /// <summary>It is idle longer than its collection age and is deactivated.</summary>
    Collected,
}
