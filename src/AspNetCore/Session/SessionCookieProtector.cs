using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using SessionGrains.Grains.Security;

namespace SessionGrains.AspNetCore.Session;

/// <summary>
/// Wraps the session secret in Data Protection (a purpose of its own), so a cookie can be neither forged nor read, and
/// every front end sharing the key ring can read every cookie.
/// </summary>
internal sealed class SessionCookieProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "SessionGrains.SessionCookie.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(SessionSecret secret) => _protector.Protect(secret.Reveal());

    /// <summary>False for anything tampered, truncated, garbage or from another key ring.</summary>
    public bool TryUnprotect(string cookie, out SessionSecret? secret)
    {
        secret = null;
        try
        {
            return SessionSecret.TryParse(_protector.Unprotect(cookie), out secret);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
