using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SessionGrains.Grains.Serialization;

/// <summary>
/// Writes the compact binary forms of the grains' states: unsigned LEB128 varints, and strings as a varint header
/// then their bytes. A base64url token (a key, an id, a proof) is stored as its raw bytes, a quarter shorter.
/// </summary>
internal readonly ref struct StateWriter(IBufferWriter<byte> writer)
{
    private readonly IBufferWriter<byte> _writer = writer;

    public void WriteByte(byte value)
    {
        _writer.GetSpan(1)[0] = value;
        _writer.Advance(1);
    }

    public void WriteVarint(ulong value)
    {
        var span = _writer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _writer.Advance(length);
    }

    /// <summary>Writes a count, a length or a time that cannot be negative.</summary>
    public void WriteVarint(long value) => WriteVarint(checked((ulong)value));

    /// <summary>Writes a time relative to another, which may fall either side of it.</summary>
    public void WriteSignedVarint(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>
    /// Writes <paramref name="value"/>; the header's low bit says whether its raw base64url bytes follow (the
    /// string is a canonical base64url token) or its UTF-8.
    /// </summary>
    public void WriteString(string value)
    {
        var maxRaw = Base64Url.GetMaxDecodedLength(value.Length);
        Span<byte> raw = maxRaw <= 256 ? stackalloc byte[maxRaw] : new byte[maxRaw];

        // Not TryDecodeFromChars: it throws FormatException on characters outside base64url.
        if (value.Length > 0
            && Base64Url.DecodeFromChars(value, raw, out var consumed, out var written) == OperationStatus.Done
            && consumed == value.Length
            && IsCanonical(value, raw[..written]))
        {
            WriteVarint(((ulong)written << 1) | 1);
            Write(raw[..written]);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length << 1);
        var span = _writer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _writer.Advance(length);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_writer.GetSpan(bytes.Length));
        _writer.Advance(bytes.Length);
    }

    // Unused low bits of the last character make several texts decode to the same bytes; only the canonical one may
    // be stored as bytes, or reading it back would give a different string.
    private static bool IsCanonical(string value, ReadOnlySpan<byte> raw)
    {
        Span<char> text = stackalloc char[Base64Url.GetEncodedLength(raw.Length)];
        return Base64Url.TryEncodeToChars(raw, text, out var length) && text[..length].SequenceEqual(value);
    }
}
