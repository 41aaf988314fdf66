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

    public long ReadInt64() => checked((long)ReadVarint());

    public long ReadSignedVarint()
    {
        var value = ReadVarint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public string ReadString()
    {
        var header = ReadVarint();
        var bytes = Take(checked((int)(header >> 1)));
        return (header & 1) == 1 ? Base64Url.EncodeToString(bytes) : Encoding.UTF8.GetString(bytes);
    }

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
