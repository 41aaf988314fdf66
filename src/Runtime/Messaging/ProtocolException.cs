namespace SessionGrains.Runtime.Messaging;

/// <summary>A peer broke the protocol: a malformed, truncated or oversized frame, or a refused handshake. Its connection is closed.</summary>
internal sealed class ProtocolException(string message) : Exception(message);
