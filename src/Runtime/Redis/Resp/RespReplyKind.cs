namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>The RESP2 reply types.</summary>
internal enum RespReplyKind : byte
{
    /// <summary>A null bulk string or null array (Lua's <c>false</c> or <c>nil</c>).</summary>
    Null,

    /// <summary><c>+OK</c>.</summary>
    SimpleString,

    /// <summary><c>-ERR …</c>: a failed command, not a failed connection.</summary>
    Error,

    /// <summary><c>:42</c>.</summary>
    Integer,

    /// <summary><c>$3 abc</c>.</summary>
    BulkString,

    /// <summary><c>*2 …</c>.</summary>
    Array,
}
