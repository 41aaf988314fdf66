namespace SessionGrains.Runtime.Messaging;

/// <summary>The grain protocol over TCP, bound from <c>SessionGrains:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Messaging";

    /// <summary>The largest frame accepted; a larger one closes its connection. Default: 1 MiB.</summary>
    public int MaxFrameSize { get; set; } = 1024 * 1024;

    /// <summary>How long a new connection may take to complete its handshake. Default: 5 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for a TCP connection to a silo. Default: 2 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
