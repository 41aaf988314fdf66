namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>Redis sent bytes that are not a RESP2 reply, or a reply nobody waited for; the connection is unusable.</summary>
internal sealed class RespProtocolException(string message) : IOException(message);
