using System.Buffers.Text;
using System.Text;

namespace SessionGrains.Grains.Serialization;

/// <summary>Reads what <see cref="StateWriter"/> wrote; anything malformed is a <see cref="FormatException"/>.</summary>
internal ref struct StateReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _data = data;

    public readonly bool IsAtEnd => _data.IsEmpty;

    public byte ReadByte() => Take(1)[0];

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = ReadByte();
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("A varint in a stored state is too long.");
    }

    public long ReadInt64()
    {
        var value = ReadVarint();
        return value <= long.MaxValue ? (long)value : throw new FormatException("A time in a stored state is out of range.");
    }

    /// <summary>Reads how many items follow; each takes at least one byte, so more than the bytes left is damage.</summary>
    public int ReadCount() => ReadLength();

    public long ReadSignedVarint()
    {
        var value = ReadVarint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public string ReadString()
    {
        var header = ReadVarint();
        var bytes = Take(ReadLength(header >> 1));
        return (header & 1) == 1 ? Base64Url.EncodeToString(bytes) : Encoding.UTF8.GetString(bytes);
    }

    private int ReadLength() => ReadLength(ReadVarint());

    private readonly int ReadLength(ulong length) =>
        length <= (ulong)_data.Length ? (int)length : throw new FormatException("A stored state ends early.");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length)
        {
            throw new FormatException("A stored state ends early.");
        }

        var taken = _data[..length];
        _data = _data[length..];
        return taken;
    }
}
