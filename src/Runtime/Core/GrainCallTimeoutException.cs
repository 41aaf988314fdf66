namespace SessionGrains.Runtime;

/// <summary>A grain call got no response within the response timeout.</summary>
public sealed class GrainCallTimeoutException : SessionGrainsException
{
    /// <summary>Creates the exception.</summary>
    public GrainCallTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainCallTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public GrainCallTimeoutException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
