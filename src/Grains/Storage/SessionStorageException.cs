namespace SessionGrains.Grains.Storage;

/// <summary>Redis could not read or write a grain's state; nothing was changed that the caller was told of.</summary>
[GenerateSerializer, Alias("sessiongrains.session-storage-exception")]
public sealed class SessionStorageException : SessionGrainsException
{
    /// <summary>Creates an exception with no message.</summary>
    public SessionStorageException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SessionStorageException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SessionStorageException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
