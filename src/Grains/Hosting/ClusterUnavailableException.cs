namespace SessionGrains.Grains.Hosting;

/// <summary>No silo of the cluster can be reached; the message says why.</summary>
[GenerateSerializer, Alias("sessiongrains.cluster-unavailable-exception")]
public sealed class ClusterUnavailableException : SessionGrainsException
{
    /// <summary>Creates an exception with no message.</summary>
    public ClusterUnavailableException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public ClusterUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public ClusterUnavailableException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
