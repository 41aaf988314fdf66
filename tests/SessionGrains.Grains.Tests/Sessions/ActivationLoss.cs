namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>How a session's activation goes away while the session is still alive. (A crash is a separate process and kill -9: not here.)</summary>
public enum ActivationLoss
{
    /// <summary>Its silo shuts down gracefully: the activation is deactivated and stores its last use.</summary>
    SiloStopped,

    /// <summary>It is deactivated on request (the test cluster's <c>DeactivateAsync</c>) while its silo runs on.</summary>
    Deactivated,

    /// <summary>Orleans' idle collection deactivates it, its class's collection age being short.</summary>
    Collected,
}
