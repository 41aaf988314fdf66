using System.Buffers.Text;

namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>Writes a command as RESP2: an array of bulk strings.</summary>
internal static class RespWriter
{
    /// <summary>The bytes <see cref="Write"/> needs for <paramref name="command"/>.</summary>
    public static int GetByteCount(ReadOnlySpan<RespArgument> command)
    {
        var count = 1 + DigitCount(command.Length) + 2;
        foreach (var argument in command)
        {
            var length = argument.ByteCount;
            count += 1 + DigitCount(length) + 2 + length + 2;
        }

        return count;
    }

    /// <summary>Writes <paramref name="command"/> to <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<RespArgument> command, Span<byte> destination)
    {
        var position = WriteHeader((byte)'*', command.Length, destination);
        foreach (var argument in command)
        {
            position += WriteHeader((byte)'$', argument.ByteCount, destination[position..]);
            position += argument.CopyTo(destination[position..]);
            destination[position++] = (byte)'\r';
            destination[position++] = (byte)'\n';
        }

        return position;
    }

    private static int WriteHeader(byte type, int length, Span<byte> destination)
    {
        destination[0] = type;
        Utf8Formatter.TryFormat(length, destination[1..], out var written);
        destination[1 + written] = (byte)'\r';
        destination[2 + written] = (byte)'\n';
        return written + 3;
    }

    private static int DigitCount(int value)
    {
        var digits = 1;
        for (; value >= 10; value /= 10)
        {
            digits++;
        }

        return digits;
    }
}
