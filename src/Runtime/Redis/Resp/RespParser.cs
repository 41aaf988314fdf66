using System.Buffers.Text;

namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>Reads RESP2 replies from a buffer that may hold a part of one, one or many.</summary>
internal static class RespParser
{
    /// <summary>Redis's own limit on a bulk string (<c>proto-max-bulk-len</c>'s default).</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    private const int MaxArrayLength = 1024 * 1024;
    private const int MaxLineLength = 64 * 1024;

    /// <summary>
    /// Reads the first complete reply in <paramref name="buffer"/>; returns <see langword="false"/> when it is not all
    /// there yet.
    /// </summary>
    /// <exception cref="RespProtocolException">The bytes are not RESP2.</exception>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out RespReply reply, out int consumed)
    {
        consumed = 0;
        return TryRead(buffer, ref consumed, out reply);
    }

    private static bool TryRead(ReadOnlySpan<byte> buffer, ref int position, out RespReply reply)
    {
        reply = default;
        if (position >= buffer.Length)
        {
            return false;
        }

        var type = buffer[position];
        if (!TryReadLine(buffer, position + 1, out var line, out var next))
        {
            return false;
        }

        switch (type)
        {
            case (byte)'+':
                reply = RespReply.SimpleString(line.ToArray());
                break;
            case (byte)'-':
                reply = RespReply.Error(line.ToArray());
                break;
            case (byte)':':
                reply = RespReply.FromInteger(ParseInteger(line));
                break;
            case (byte)'$':
                var length = ParseInteger(line);
                if (length == -1)
                {
                    reply = RespReply.Null;
                    break;
                }

                if (length is < 0 or > MaxBulkLength)
                {
                    throw new RespProtocolException($"Redis sent a bulk string of length {length}.");
                }

                if (buffer.Length - next < length + 2)
                {
                    return false;
                }

                if (buffer[next + (int)length] != '\r' || buffer[next + (int)length + 1] != '\n')
                {
                    throw new RespProtocolException("Redis sent a bulk string not followed by CRLF.");
                }

                reply = RespReply.BulkString(buffer.Slice(next, (int)length).ToArray());
                next += (int)length + 2;
                break;
            case (byte)'*':
                var count = ParseInteger(line);
                if (count == -1)
                {
                    reply = RespReply.Null;
                    break;
                }

                if (count is < 0 or > MaxArrayLength)
                {
                    throw new RespProtocolException($"Redis sent an array of length {count}.");
                }

                var items = new RespReply[count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryRead(buffer, ref next, out items[i]))
                    {
                        return false;
                    }
                }

                reply = RespReply.Array(items);
                break;
            default:
                throw new RespProtocolException($"Redis sent a reply of unknown type 0x{type:x2}.");
        }

        position = next;
        return true;
    }

    /// <summary>Finds the line starting at <paramref name="start"/>; <paramref name="next"/> is where the one after starts.</summary>
    private static bool TryReadLine(ReadOnlySpan<byte> buffer, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var rest = buffer[start..];
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            if (rest.Length > MaxLineLength)
            {
                throw new RespProtocolException($"Redis sent a line longer than {MaxLineLength} bytes.");
            }

            line = default;
            next = 0;
            return false;
        }

        line = rest[..end];
        next = start + end + 2;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> line) =>
        Utf8Parser.TryParse(line, out long value, out var consumed) && consumed == line.Length
            ? value
            : throw new RespProtocolException("Redis sent a malformed integer.");
}
