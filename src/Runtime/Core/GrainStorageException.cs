namespace SessionGrains.Runtime;

/// <summary>A storage provider failed or did not answer within its operation timeout.</summary>
public sealed class GrainStorageException : SessionGrainsException
{
    /// <summary>Creates the exception.</summary>
    public GrainStorageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GrainStorageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public GrainStorageException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
