namespace SessionGrains.AspNetCore.Proxies;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the front end believes, bound from
/// <c>SessionGrains:ForwardedHeaders</c>. From them the request takes the client's address (a session's device IP)
/// and scheme (https gives the <c>__Host-</c>, Secure cookie); the same headers from any other address are ignored.
/// Only the last hop is read (ASP.NET Core's <c>ForwardLimit</c> of 1): the proxy in front must set
/// <c>X-Forwarded-For</c> to the address it sees, as <c>docker/nginx.conf</c> does. With neither list set, only
/// loopback is trusted (ASP.NET Core's default: 127.0.0.0/8 and ::1); set either and exactly the listed are trusted.
/// </summary>
public sealed class TrustedProxyOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:ForwardedHeaders";

    /// <summary>Proxies' IP addresses (<c>10.0.0.5</c>, <c>fd00::5</c>). Default: none, so loopback only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxies' networks in CIDR notation (<c>10.0.0.0/24</c>). Default: none, so loopback only.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
