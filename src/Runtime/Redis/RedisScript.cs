using System.Security.Cryptography;
using System.Text;

namespace SessionGrains.Runtime.Redis;

/// <summary>A Lua script sent by its SHA-1 (<c>EVALSHA</c>), and in full only when Redis does not know it yet.</summary>
internal sealed class RedisScript
{
    public RedisScript(string text)
    {
        Text = text;
        Sha1 = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text))));
    }

    public string Text { get; }

    /// <summary>The script's SHA-1 as Redis names it: 40 lower-case hex digits, as ASCII.</summary>
    public byte[] Sha1 { get; }
}
