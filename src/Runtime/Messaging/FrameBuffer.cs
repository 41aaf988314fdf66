using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// Builds one frame in a pooled array: a 4-byte big-endian body length, then the body. Strings are a 2-byte length and
/// UTF-8. The array goes back to the pool when the frame has been written to the socket.
/// </summary>
internal sealed class FrameBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _length;

    public FrameBuffer(MessageType type, int sizeHint = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        _length = 4;
        WriteByte((byte)type);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(GetSpan(4), value);
        Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value);
        Advance(8);
    }

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ushort.MaxValue)
        {
            throw new ArgumentException($"A protocol string is at most {ushort.MaxValue} bytes of UTF-8; this one has {byteCount}.", nameof(value));
        }

        var span = GetSpan(2 + byteCount);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)byteCount);
        Encoding.UTF8.GetBytes(value, span[2..]);
        Advance(2 + byteCount);
    }

    /// <summary>Writes the body length into the header; call once, before sending.</summary>
    public FrameBuffer Complete()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer, _length - 4);
        return this;
    }

    public void Return()
    {
        var buffer = _buffer;
        _buffer = [];
        ArrayPool<byte>.Shared.Return(buffer);
    }

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _length >= sizeHint)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + sizeHint));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
