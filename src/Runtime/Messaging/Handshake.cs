namespace SessionGrains.Runtime.Messaging;

/// <summary>The first frame on a connection: who is calling, which cluster, which silo incarnation it expects.</summary>
internal sealed record Handshake(string ClusterId, string ExpectedSilo, string Caller)
{
    public const ushort ProtocolVersion = 1;

    public FrameBuffer ToFrame()
    {
        var frame = new FrameBuffer(MessageType.Handshake);
        frame.WriteInt32(ProtocolVersion);
        frame.WriteString(ClusterId);
        frame.WriteString(ExpectedSilo);
        frame.WriteString(Caller);
        return frame.Complete();
    }

    public static Handshake Read(ReadOnlySpan<byte> body)
    {
        var reader = new FrameReader(body[1..]);
        var version = reader.ReadInt32();
        if (version != ProtocolVersion)
        {
            throw new ProtocolException($"Protocol version {version} is not supported; this silo speaks {ProtocolVersion}.");
        }

        return new Handshake(reader.ReadString(), reader.ReadString(), reader.ReadString());
    }
}
