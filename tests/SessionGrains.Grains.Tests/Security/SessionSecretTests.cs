using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionGrains.Grains.Tests.Security;

/// <summary>The cookie secret: strict parsing, one-way derivations that never repeat, and no accidental display.</summary>
public sealed class SessionSecretTests
{
    private const int TextLength = 43;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TextLength - 1)]
    [InlineData(TextLength + 1)]
    [InlineData(64)]
    public void TryParse_TextOfTheWrongLength_IsRefused(int length)
    {
        var text = (SessionSecret.Generate().Reveal() + SessionSecret.Generate().Reveal())[..length];

        Assert.False(SessionSecret.TryParse(text, out var secret));
        Assert.Null(secret);
    }

    [Fact]
    public void TryParse_RevealedTextWithPadding_IsRefused()
    {
        Assert.False(SessionSecret.TryParse(SessionSecret.Generate().Reveal() + "=", out var secret));
        Assert.Null(secret);
    }

    [Theory]
    [InlineData('!')]
    [InlineData('=')]
    [InlineData('+')]
    [InlineData('/')]
    [InlineData('.')]
    [InlineData(' ')]
    [InlineData('\0')]
    [InlineData('é')]
    public void TryParse_GarbageOfTheRightLength_IsRefusedWithoutThrowing(char garbage)
    {
        var valid = SessionSecret.Generate().Reveal();
        string[] texts = [new string(garbage, TextLength), valid[..20] + garbage + valid[21..], valid[..^1] + garbage];

        foreach (var text in texts)
        {
            Assert.False(SessionSecret.TryParse(text, out var secret), $"'{text}' was accepted.");
            Assert.Null(secret);
        }
    }

    [Fact]
    public void TryParse_LastCharacterWithUnusedBitsSet_IsRefused()
    {
        // 43 characters carry 258 bits for 256: the last character's two low bits must be zero, so each secret has
        // exactly one text form.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var text = SessionSecret.Generate().Reveal();
        var last = alphabet.IndexOf(text[^1], StringComparison.Ordinal);
        Assert.Equal(0, last & 3);

        for (var bits = 1; bits < 4; bits++)
        {
            Assert.False(SessionSecret.TryParse(text[..^1] + alphabet[last | bits], out var secret));
            Assert.Null(secret);
        }
    }

    [Fact]
    public void TryParse_RevealedText_GivesTheSameSecret()
    {
        var original = SessionSecret.Generate();

        Assert.True(SessionSecret.TryParse(original.Reveal(), out var parsed));

        Assert.NotNull(parsed);
        Assert.Equal(original.Reveal(), parsed.Reveal());
        Assert.Equal(original.Derive(), parsed.Derive());
    }

    [Fact]
    public void Generate_ManyTimes_NeverRepeatsAndAlwaysHasTheTextForm()
    {
        var texts = Enumerable.Range(0, 1000).Select(_ => SessionSecret.Generate().Reveal()).ToList();

        Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.All(texts, text => Assert.Equal(TextLength, text.Length));
        Assert.All(texts, text => Assert.True(SessionSecret.TryParse(text, out _)));
    }

    [Fact]
    public void Derive_SameSecret_GivesTheSameCredentialsEveryTime()
    {
        var secret = SessionSecret.Generate();
        Assert.True(SessionSecret.TryParse(secret.Reveal(), out var copy));

        var first = secret.Derive();

        Assert.Equal(first, secret.Derive());
        Assert.Equal(first, copy!.Derive());
        Assert.Equal(first.Proof.Value, copy.Derive().Proof.Value);
    }

    [Fact]
    public void Derive_KnownSecret_GivesLabelledSha256Values()
    {
        // Pinned: changing a derivation would orphan every live session.
        var bytes = Enumerable.Range(1, SessionSecret.SizeInBytes).Select(i => (byte)i).ToArray();
        Assert.True(SessionSecret.TryParse(Base64Url.EncodeToString(bytes), out var secret));

        var credentials = secret!.Derive();

        Assert.Equal(Base64Url.EncodeToString(Hash("sessiongrains/grain-key\0", bytes).AsSpan(0, 16)), credentials.GrainKey);
        Assert.Equal(Base64Url.EncodeToString(Hash("sessiongrains/public-id\0", bytes).AsSpan(0, 12)), credentials.PublicId);
        Assert.Equal(Base64Url.EncodeToString(Hash("sessiongrains/proof\0", bytes).AsSpan(0, 16)), credentials.Proof.Value);
    }

    [Fact]
    public void Derive_OneSecret_GivesValuesDistinctFromEachOtherAndFromTheSecret()
    {
        var secret = SessionSecret.Generate();
        var text = secret.Reveal();

        var credentials = secret.Derive();

        string[] values = [text, credentials.GrainKey, credentials.PublicId, credentials.Proof.Value];
        Assert.Equal(values.Length, values.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(22, credentials.GrainKey.Length);
        Assert.Equal(16, credentials.PublicId.Length);
        Assert.Equal(22, credentials.Proof.Value.Length);
        Assert.All(values.Skip(1), value => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
        Assert.All(values.Skip(1), value => Assert.DoesNotContain(text, value, StringComparison.Ordinal));
    }

    [Fact]
    public void Derive_ManySecrets_NeverShareAValue()
    {
        var credentials = Enumerable.Range(0, 1000).Select(_ => SessionSecret.Generate().Derive()).ToList();

        var all = credentials.SelectMany(c => new[] { c.GrainKey, c.PublicId, c.Proof.Value }).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ToString_OfSecretAndCredentials_NeverShowsTheSecretOrProof()
    {
        var secret = SessionSecret.Generate();
        var credentials = secret.Derive();

        string[] shown = [secret.ToString(), $"{secret}", string.Concat("cookie: ", secret), credentials.ToString(), credentials.Proof.ToString(), $"{credentials.Proof}"];

        Assert.All(shown, text => Assert.DoesNotContain(secret.Reveal(), text, StringComparison.Ordinal));
        Assert.All(shown, text => Assert.DoesNotContain(credentials.Proof.Value, text, StringComparison.Ordinal));
        Assert.Contains(credentials.GrainKey, credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_OnlyTheSameProofValue_IsTrue()
    {
        var proof = SessionSecret.Generate().Derive().Proof;
        var value = proof.Value;

        Assert.True(proof.Matches(value));
        Assert.True(proof.Matches(new string(value.AsSpan())));
        Assert.False(proof.Matches(null));
        Assert.False(proof.Matches(""));
        Assert.False(proof.Matches(value[..^1]));
        Assert.False(proof.Matches(value + "A"));
        Assert.False(proof.Matches(value[..^1] + (value[^1] == 'A' ? 'B' : 'A')));
        Assert.False(proof.Matches(SessionSecret.Generate().Derive().Proof.Value));
    }

    private static byte[] Hash(string label, byte[] secret) => SHA256.HashData([.. Encoding.ASCII.GetBytes(label), .. secret]);
}
