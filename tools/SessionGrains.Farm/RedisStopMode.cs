namespace SessionGrains.Farm;

/// <summary>How <see cref="Farm.StopRedisAsync"/> takes Redis away.</summary>
public enum RedisStopMode
{
    /// <summary>SIGTERM: Redis flushes its append-only file and exits, as on a service restart.</summary>
    Terminate,

    /// <summary>SIGKILL: Redis dies at once, as on a crash or an OOM kill; what it wrote to its file is kept.</summary>
    Kill,

    /// <summary>
    /// SIGSTOP: the process stays, its connections stay open, and nothing answers, as in a network partition or a
    /// frozen VM; <see cref="Farm.StartRedisAsync"/> then sends SIGCONT.
    /// </summary>
    Pause,
}
