namespace SessionGrains.Runtime;

/// <summary>
/// The silo running a call was lost, or declared dead, while the call was in flight: the call may or may not have
/// run. Calls that were never delivered, and <see cref="IdempotentAttribute"/> methods, are retried instead.
/// </summary>
public sealed class SiloUnavailableException : SessionGrainsException
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SiloUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SiloUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
