using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionGrains.Grains.Security;

/// <summary>
/// The 256-bit random secret a session cookie carries. Grains never see it: they see only values derived from it one
/// way (<see cref="SessionCredentials"/>), so nothing in Redis or in logs can be replayed as a cookie.
/// </summary>
public sealed class SessionSecret
{
    /// <summary>The secret's size in bytes.</summary>
    public const int SizeInBytes = 32;

    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("sessiongrains/grain-key\0");
    private static readonly byte[] PublicIdLabel = Encoding.ASCII.GetBytes("sessiongrains/public-id\0");
    private static readonly byte[] ProofLabel = Encoding.ASCII.GetBytes("sessiongrains/proof\0");

    private readonly byte[] _bytes;

    private SessionSecret(byte[] bytes) => _bytes = bytes;

    /// <summary>Creates a new secret from the operating system's CSPRNG.</summary>
    public static SessionSecret Generate() => new(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>Reads a secret from its text form (43 characters of base64url); anything else is refused.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SessionSecret? secret)
    {
        secret = null;
        if (text.Length != Base64Url.GetEncodedLength(SizeInBytes))
        {
            return false;
        }

        // Not TryDecodeFromChars: it throws FormatException on characters outside base64url.
        var bytes = new byte[SizeInBytes];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != OperationStatus.Done
            || consumed != text.Length
            || written != SizeInBytes)
        {
            return false;
        }

        secret = new SessionSecret(bytes);
        return true;
    }

    /// <summary>The secret's text form, for the (protected) cookie only.</summary>
    public string Reveal() => Base64Url.EncodeToString(_bytes);

    /// <summary>
    /// Derives the values the grains work with. The grain key keeps 128 bits: it only has to be unique (it opens
    /// nothing without the proof), and it is stored in every Redis key name and user record.
    /// </summary>
    public SessionCredentials Derive() => new(
        Base64Url.EncodeToString(Hash(KeyLabel).AsSpan(0, 16)),
        Base64Url.EncodeToString(Hash(PublicIdLabel).AsSpan(0, 12)),
        new SessionProof(Base64Url.EncodeToString(Hash(ProofLabel).AsSpan(0, 16))));

    /// <summary>Never the secret: secrets must not reach logs by accident.</summary>
    public override string ToString() => "SessionSecret(****)";

    private byte[] Hash(byte[] label)
    {
        Span<byte> input = stackalloc byte[label.Length + SizeInBytes];
        label.CopyTo(input);
        _bytes.CopyTo(input[label.Length..]);
        return SHA256.HashData(input);
    }
}
