using System.Buffers.Text;
using System.Text;

namespace SessionGrains.Grains.Tests.Security;

/// <summary>
/// Finds any of many secrets, in any of their forms (base64url, standard base64, hex either case, raw bytes), anywhere
/// inside many texts or byte strings. Every window of each form's length is looked up in one set, so thousands of
/// secrets cost one pass over what is searched rather than one pass each.
/// </summary>
internal sealed class SecretScanner
{
    private readonly HashSet<string> _forms = new(StringComparer.Ordinal);
    private readonly int[] _lengths;

    public SecretScanner(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var form in Forms(secret))
            {
                _forms.Add(Encoding.Latin1.GetString(form));
            }
        }

        _lengths = [.. _forms.Select(f => f.Length).Distinct()];
    }

    public int FormCount => _forms.Count;

    /// <summary>The secret forms found in <paramref name="text"/> (its UTF-8 bytes).</summary>
    public IReadOnlyList<string> FindIn(string text) => FindIn(Encoding.UTF8.GetBytes(text));

    /// <summary>The secret forms found in <paramref name="bytes"/>.</summary>
    public IReadOnlyList<string> FindIn(byte[] bytes)
    {
        var found = new List<string>();
        var text = Encoding.Latin1.GetString(bytes);
        var lookup = _forms.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var length in _lengths)
        {
            for (var i = 0; i + length <= text.Length; i++)
            {
                if (lookup.TryGetValue(text.AsSpan(i, length), out var form))
                {
                    found.Add(form);
                }
            }
        }

        return found;
    }

    /// <summary>The secret as base64url text, standard base64, hex, and raw bytes.</summary>
    private static IEnumerable<byte[]> Forms(string secret)
    {
        var bytes = Base64Url.DecodeFromChars(secret);
        yield return Encoding.UTF8.GetBytes(secret);
        yield return Encoding.UTF8.GetBytes(Convert.ToBase64String(bytes).TrimEnd('='));
        yield return Encoding.UTF8.GetBytes(Convert.ToHexStringLower(bytes));
        yield return Encoding.UTF8.GetBytes(Convert.ToHexString(bytes));
        yield return bytes;
    }
}
