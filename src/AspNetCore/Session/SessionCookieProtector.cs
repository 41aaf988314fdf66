using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SessionGrains.Grains.Security;

namespace SessionGrains.AspNetCore.Session;

/// <summary>
/// Wraps the session secret in Data Protection (a purpose of its own), so a cookie can be neither forged nor read, and
/// every front end sharing the key ring can read every cookie. Credentials read from a cookie are remembered for
/// <see cref="SessionGrainsOptions.CookieCacheLifetime"/>: unprotecting and deriving cost more than the rest of a
/// request that only loads its session.
/// </summary>
internal sealed class SessionCookieProtector : IDisposable
{
    public const string Purpose = "SessionGrains.SessionCookie.v1";

    private readonly IDataProtector _protector;
    private readonly MemoryCache? _read;
    private readonly MemoryCacheEntryOptions? _entry;

    public SessionCookieProtector(IDataProtectionProvider provider, IOptions<SessionGrainsOptions> options)
    {
        _protector = provider.CreateProtector(Purpose);
        var settings = options.Value;
        if (settings.CookieCacheLifetime > TimeSpan.Zero)
        {
            _read = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.CookieCacheSize });
            _entry = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = settings.CookieCacheLifetime, Size = 1 };
        }
    }

    public string Protect(SessionSecret secret) => _protector.Protect(secret.Reveal());

    /// <summary>The credentials a cookie carries; false for anything tampered, truncated, garbage or from another key ring.</summary>
    public bool TryRead(string cookie, [NotNullWhen(true)] out SessionCredentials? credentials)
    {
        if (_read is not null && _read.TryGetValue(cookie, out credentials) && credentials is not null)
        {
            return true;
        }

        credentials = TryUnprotect(cookie)?.Derive();
        if (credentials is null)
        {
            return false;
        }

        _read?.Set(cookie, credentials, _entry);
        return true;
    }

    public void Dispose() => _read?.Dispose();

    private SessionSecret? TryUnprotect(string cookie)
    {
        try
        {
            return SessionSecret.TryParse(_protector.Unprotect(cookie), out var secret) ? secret : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
