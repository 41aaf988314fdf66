using System.Security.Cryptography;
using System.Text;

namespace SessionGrains.Grains.Security;

/// <summary>
/// A 128-bit value derived from the secret that a caller presents to its session grain. The grain stores it and
/// compares in constant time, so knowing a grain key (from a log line, say) is not enough to use the session.
/// </summary>
/// <param name="Value">The proof, base64url.</param>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-proof")]
public sealed record SessionProof(string Value)
{
    /// <summary>Compares with <paramref name="stored"/> in time independent of where they differ.</summary>
    public bool Matches(string? stored) =>
        stored is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Value), Encoding.ASCII.GetBytes(stored));

    /// <summary>Never the value.</summary>
    public override string ToString() => "SessionProof(****)";
}
