namespace SessionGrains.Runtime.Redis;

/// <summary>Redis failed, or did not answer within <see cref="RedisConnectionOptions.OperationTimeout"/>.</summary>
public sealed class RedisUnavailableException : SessionGrainsException
{
    /// <summary>Creates the exception.</summary>
    public RedisUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public RedisUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
