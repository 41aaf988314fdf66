namespace SessionGrains.FaultHarness.Scenarios;

/// <summary>The faults of issue 6, in the order the harness runs them.</summary>
internal enum FaultKind
{
    /// <summary>(a) SIGKILL one silo; a new silo joins afterwards.</summary>
    SiloKill,

    /// <summary>(b) SIGTERM one front end; nginx routes around it; it starts again afterwards.</summary>
    FrontendStop,

    /// <summary>(c) Stop redis-server and start it again on the same port and data directory, with AOF.</summary>
    RedisRestart,
}
