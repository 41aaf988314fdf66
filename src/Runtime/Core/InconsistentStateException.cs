namespace SessionGrains.Runtime;

/// <summary>
/// A write or clear found the stored record changed or removed since this activation read it. The activation that
/// gets it is deactivated, so the next call reads the newer state.
/// </summary>
public sealed class InconsistentStateException : SessionGrainsException
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InconsistentStateException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InconsistentStateException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a mismatch between the stored and the expected ETag.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag) : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag in storage, or <see langword="null"/> when the record no longer exists.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer expected.</summary>
    public string? CurrentEtag { get; }
}
