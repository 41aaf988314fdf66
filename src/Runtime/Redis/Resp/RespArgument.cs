using System.Buffers.Text;
using System.Text;

namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>One argument of a Redis command, sent as a bulk string: text (as UTF-8), bytes, or an integer.</summary>
internal readonly struct RespArgument
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly bool _isInteger;

    public RespArgument(string text) => _text = text;

    public RespArgument(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    public RespArgument(long integer)
    {
        _integer = integer;
        _isInteger = true;
    }

    public static implicit operator RespArgument(string text) => new(text);

    public static implicit operator RespArgument(byte[] bytes) => new(bytes);

    public static implicit operator RespArgument(long integer) => new(integer);

    /// <summary>The length of the argument's payload in bytes.</summary>
    public int ByteCount =>
        _isInteger ? FormatInteger(_integer, stackalloc byte[20]) : _text is null ? _bytes.Length : Encoding.UTF8.GetByteCount(_text);

    /// <summary>Writes the payload to <paramref name="destination"/>, which holds at least <see cref="ByteCount"/> bytes.</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (_isInteger)
        {
            return FormatInteger(_integer, destination);
        }

        if (_text is not null)
        {
            return Encoding.UTF8.GetBytes(_text, destination);
        }

        _bytes.Span.CopyTo(destination);
        return _bytes.Length;
    }

    private static int FormatInteger(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new ArgumentException("The destination is too small.", nameof(destination));
}
