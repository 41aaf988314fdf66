using Microsoft.AspNetCore.Http;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore;

/// <summary>Front-end settings, bound from the <c>SessionGrains</c> configuration section.</summary>
public sealed class SessionGrainsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains";

    /// <summary>How long a session may go unused. Default: 20 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long a session may live however much it is used. Default: 12 hours.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The most live sessions a user may have; 0 for no limit. Default: 10.</summary>
    public int MaxSessionsPerUser { get; set; } = 10;

    /// <summary>What sign-in does at <see cref="MaxSessionsPerUser"/>. Default: evict the oldest session.</summary>
    public SessionCapPolicy CapPolicy { get; set; } = SessionCapPolicy.EvictOldest;

    /// <summary>
    /// Ends a session whose User-Agent changes. Off by default: it stops a stolen cookie replayed from another
    /// browser, but browsers change their User-Agent on update, which signs users out, and a thief can copy it.
    /// </summary>
    public bool BindToUserAgent { get; set; }

    /// <summary>The session cookie's name; over HTTPS it gets the <c>__Host-</c> prefix. Default: <c>sg</c>.</summary>
    public string CookieName { get; set; } = "sg";

    /// <summary>The session cookie's SameSite mode. Default: Lax.</summary>
    public SameSiteMode CookieSameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>
    /// Whether the cookie is Secure. Default: <see cref="CookieSecurePolicy.SameAsRequest"/>, so the embedded default
    /// works over plain HTTP on a developer's machine; set <see cref="CookieSecurePolicy.Always"/> in production
    /// behind TLS.
    /// </summary>
    public CookieSecurePolicy CookieSecure { get; set; } = CookieSecurePolicy.SameAsRequest;

    /// <summary>Cookies longer than this are ignored as bad input. Default: 4096 characters.</summary>
    public int MaxCookieLength { get; set; } = 4096;

    /// <summary>
    /// How long a front end remembers the credentials it read from a cookie, so a repeat request skips Data Protection
    /// and the key derivation. Zero turns the cache off. Default: 1 minute. Revoking a session is never delayed: its
    /// grain checks every request. A revoked Data Protection key is still accepted for this long after this front end
    /// last read a cookie under it; other front ends see a revocation only when Data Protection refreshes its key ring
    /// (every 24 hours by default) anyway.
    /// </summary>
    public TimeSpan CookieCacheLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most cookies remembered at once; the least recently used are dropped first. Default: 10,000.</summary>
    public int CookieCacheSize { get; set; } = 10_000;

    /// <summary>
    /// How this front end reaches the grains when <c>SessionGrains:Redis</c> is set: <see cref="SessionGrainsHostingMode.Silo"/>
    /// hosts a silo in this process, <see cref="SessionGrainsHostingMode.Client"/> calls a silo cluster. Without Redis
    /// the front end always runs the embedded default. Default: Client.
    /// </summary>
    public SessionGrainsHostingMode Mode { get; set; } = SessionGrainsHostingMode.Client;
}
