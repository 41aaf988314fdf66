using System.Text;

namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>One reply read from Redis.</summary>
internal readonly struct RespReply
{
    private RespReply(RespReplyKind kind, long integer = 0, byte[]? bytes = null, RespReply[]? items = null)
    {
        Kind = kind;
        Integer = integer;
        Bytes = bytes;
        Items = items;
    }

    public RespReplyKind Kind { get; }

    /// <summary>An integer reply's value.</summary>
    public long Integer { get; }

    /// <summary>A bulk string's bytes, or a simple string's or error's text as bytes.</summary>
    public byte[]? Bytes { get; }

    /// <summary>An array's elements.</summary>
    public RespReply[]? Items { get; }

    public bool IsNull => Kind == RespReplyKind.Null;

    public bool IsError => Kind == RespReplyKind.Error;

    /// <summary>A simple string's, error's or bulk string's text.</summary>
    public string? Text => Bytes is null ? null : Encoding.UTF8.GetString(Bytes);

    public static RespReply Null { get; } = new(RespReplyKind.Null);

    public static RespReply SimpleString(byte[] text) => new(RespReplyKind.SimpleString, bytes: text);

    public static RespReply Error(byte[] message) => new(RespReplyKind.Error, bytes: message);

    public static RespReply FromInteger(long value) => new(RespReplyKind.Integer, integer: value);

    public static RespReply BulkString(byte[] bytes) => new(RespReplyKind.BulkString, bytes: bytes);

    public static RespReply Array(RespReply[] items) => new(RespReplyKind.Array, items: items);

    public override string ToString() => Kind switch
    {
        RespReplyKind.Null => "(nil)",
        RespReplyKind.Integer => $"(integer) {Integer}",
        RespReplyKind.Array => $"(array of {Items!.Length})",
        RespReplyKind.BulkString => $"({Bytes!.Length} bytes)",
        _ => $"({Kind}) {Text}",
    };
}
