namespace SessionGrains.Runtime;

/// <summary>The base of the exceptions the SessionGrains runtime throws.</summary>
public class SessionGrainsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionGrainsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SessionGrainsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public SessionGrainsException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
