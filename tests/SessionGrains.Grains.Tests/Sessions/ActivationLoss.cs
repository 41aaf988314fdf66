namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>How a session's activation goes away while the session is still alive. (A crash is a separate process and kill -9: not here.)</summary>
public enum ActivationLoss
{
    /// <summary>Its silo shuts down gracefully: the activation is deactivated and stores its last use.</summary>
    SiloStopped,

    /// <summary>
    /// It is deactivated while its silo runs on, as idle collection does (through the test cluster: a short
    /// per-class collection age did not collect it here).
    /// </summary>
    Deactivated,
}
