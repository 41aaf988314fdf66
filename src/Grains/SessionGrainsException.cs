namespace SessionGrains.Grains;

/// <summary>The base of the exceptions SessionGrains throws: the session service could not do what was asked.</summary>
[GenerateSerializer, Alias("sessiongrains.exception")]
public class SessionGrainsException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public SessionGrainsException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public SessionGrainsException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SessionGrainsException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
