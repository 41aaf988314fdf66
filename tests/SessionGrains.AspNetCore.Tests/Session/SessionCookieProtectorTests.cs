using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SessionGrains.AspNetCore.Session;
using SessionGrains.Grains.Security;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// Credentials read from a cookie are remembered for the configured lifetime, so a repeat request skips Data
/// Protection; a cookie that cannot be read is never remembered.
/// </summary>
public sealed class SessionCookieProtectorTests
{
    private readonly CountingDataProtectionProvider _provider = new();

    [Fact]
    public void RepeatRead_OfAGoodCookie_IsServedWithoutUnprotectingAgain()
    {
        // Arrange
        using var protector = Create(TimeSpan.FromMinutes(1));
        var secret = SessionSecret.Generate();
        var cookie = protector.Protect(secret);

        // Act
        Assert.True(protector.TryRead(cookie, out var first));
        Assert.True(protector.TryRead(cookie, out var second));

        // Assert
        Assert.Equal(secret.Derive(), first);
        Assert.Same(first, second);
        Assert.Equal(1, _provider.Unprotects);
    }

    [Fact]
    public void TamperedCookie_IsRefusedEveryTime_AndNeverRemembered()
    {
        using var protector = Create(TimeSpan.FromMinutes(1));
        var cookie = protector.Protect(SessionSecret.Generate());
        var tampered = cookie[..^2] + (cookie[^2] == 'A' ? "B" : "A") + cookie[^1];

        Assert.False(protector.TryRead(tampered, out var first));
        Assert.False(protector.TryRead(tampered, out var second));

        Assert.Null(first);
        Assert.Null(second);
        Assert.Equal(2, _provider.Unprotects);
    }

    [Fact]
    public void ZeroLifetime_UnprotectsEveryRead()
    {
        using var protector = Create(TimeSpan.Zero);
        var cookie = protector.Protect(SessionSecret.Generate());

        Assert.True(protector.TryRead(cookie, out _));
        Assert.True(protector.TryRead(cookie, out _));

        Assert.Equal(2, _provider.Unprotects);
    }

    [Fact]
    public async Task RememberedCookie_IsUnprotectedAgainOnceItsLifetimeHasPassed()
    {
        using var protector = Create(TimeSpan.FromMilliseconds(50));
        var cookie = protector.Protect(SessionSecret.Generate());
        Assert.True(protector.TryRead(cookie, out _));

        await Eventually.WaitUntilAsync(() => protector.TryRead(cookie, out _) && _provider.Unprotects == 2, "the cookie was read again after its lifetime");
    }

    private SessionCookieProtector Create(TimeSpan lifetime) =>
        new(_provider, Options.Create(new SessionGrainsOptions { CookieCacheLifetime = lifetime }));

    /// <summary>Real Data Protection (an ephemeral key ring) that counts the unprotect calls of its protectors.</summary>
    private sealed class CountingDataProtectionProvider : IDataProtectionProvider
    {
        private readonly EphemeralDataProtectionProvider _inner = new();
        private int _unprotects;

        public int Unprotects => Volatile.Read(ref _unprotects);

        public IDataProtector CreateProtector(string purpose) => new Protector(this, _inner.CreateProtector(purpose));

        private sealed class Protector(CountingDataProtectionProvider owner, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Protector(owner, inner.CreateProtector(purpose));

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                Interlocked.Increment(ref owner._unprotects);
                return inner.Unprotect(protectedData);
            }
        }
    }
}
