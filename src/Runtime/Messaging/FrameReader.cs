using System.Buffers.Binary;
using System.Text;

namespace SessionGrains.Runtime.Messaging;

/// <summary>Reads a frame body written by <see cref="FrameBuffer"/>; anything short or out of range is a <see cref="ProtocolException"/>.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> body)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ReadOnlySpan<byte> _remaining = body;

    public readonly ReadOnlySpan<byte> Remaining => _remaining;

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString()
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw new ProtocolException("A string is not valid UTF-8.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_remaining.Length < count)
        {
            throw new ProtocolException($"The frame is truncated: {count} more bytes expected, {_remaining.Length} left.");
        }

        var taken = _remaining[..count];
        _remaining = _remaining[count..];
        return taken;
    }
}
