namespace SessionGrains.FaultHarness.Scenarios;

/// <summary>The faults of issue 6, and the graceful silo stop; the harness runs them in the order given.</summary>
internal enum FaultKind
{
    /// <summary>(a) SIGKILL one silo; a new silo joins afterwards.</summary>
    SiloKill,

    /// <summary>(b) SIGTERM one front end; nginx routes around it; it starts again afterwards.</summary>
    FrontendStop,

    /// <summary>(c) Stop redis-server and start it again on the same port and data directory, with AOF.</summary>
    RedisRestart,

    /// <summary>(d) SIGTERM one silo: it leaves membership and hands its grains over; a new silo joins afterwards.</summary>
    SiloStop,
}
