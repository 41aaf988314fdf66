using System.Buffers.Binary;
using SessionGrains.Runtime.Messaging;

namespace SessionGrains.Cluster.Tests.Messaging;

public sealed class FrameReaderTests
{
    [Fact]
    public void Read_WhatFrameBufferWrote_RoundTrips()
    {
        var frame = new FrameBuffer(MessageType.Request, 8);
        frame.WriteByte(7);
        frame.WriteInt32(-123456);
        frame.WriteInt64(long.MinValue + 1);
        frame.WriteString("grüße ✓");
        frame.WriteString("");
        var bytes = frame.Complete().WrittenSpan.ToArray();
        frame.Return();

        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal((byte)MessageType.Request, bytes[4]);
        var reader = new FrameReader(bytes.AsSpan(5));
        Assert.Equal(7, reader.ReadByte());
        Assert.Equal(-123456, reader.ReadInt32());
        Assert.Equal(long.MinValue + 1, reader.ReadInt64());
        Assert.Equal("grüße ✓", reader.ReadString());
        Assert.Equal("", reader.ReadString());
        Assert.Equal(0, reader.Remaining.Length);
    }

    [Theory]
    [InlineData("byte", 0)]
    [InlineData("int32", 3)]
    [InlineData("int64", 7)]
    [InlineData("string length", 1)]
    public void Read_TruncatedValue_ThrowsProtocolException(string value, int available)
    {
        var body = new byte[available];

        var error = Assert.Throws<ProtocolException>(() =>
        {
            var reader = new FrameReader(body);
            _ = value switch
            {
                "byte" => reader.ReadByte(),
                "int32" => reader.ReadInt32(),
                "int64" => reader.ReadInt64(),
                _ => (object)reader.ReadString(),
            };
        });

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadString_LengthBeyondBody_ThrowsProtocolException()
    {
        byte[] body = [0, 10, (byte)'a', (byte)'b', (byte)'c'];

        Assert.Throws<ProtocolException>(() => new FrameReader(body).ReadString());
    }

    [Fact]
    public void ReadString_InvalidUtf8_ThrowsProtocolException()
    {
        byte[] body = [0, 2, 0xC3, 0x28];

        Assert.Throws<ProtocolException>(() => new FrameReader(body).ReadString());
    }

    [Fact]
    public void HandshakeRead_TruncatedBody_ThrowsProtocolException()
    {
        var frame = new Handshake("cluster", "127.0.0.1:1@2", "caller").ToFrame();
        var body = frame.WrittenSpan[4..].ToArray();
        frame.Return();

        for (var length = 1; length < body.Length; length++)
        {
            var truncated = body[..length];
            Assert.Throws<ProtocolException>(() => Handshake.Read(truncated));
        }

        Assert.Equal(new Handshake("cluster", "127.0.0.1:1@2", "caller"), Handshake.Read(body));
    }

    [Fact]
    public void HandshakeRead_OtherProtocolVersion_ThrowsProtocolException()
    {
        byte[] body = [(byte)MessageType.Handshake, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];

        var error = Assert.Throws<ProtocolException>(() => Handshake.Read(body));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }
}
