using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SessionGrains.AspNetCore.Proxies;

/// <summary>
/// ASP.NET Core's <see cref="ForwardedHeadersOptions"/> from <see cref="TrustedProxyOptions"/>: the client's address
/// and scheme, one hop, from the configured proxies, or from loopback (ASP.NET Core's default) when none is configured.
/// </summary>
internal sealed class ForwardedHeadersSetup(IOptions<TrustedProxyOptions> trusted) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        var settings = trusted.Value;
        if (settings.KnownProxies.Count == 0 && settings.KnownNetworks.Count == 0)
        {
            return;
        }

        // Configured proxies replace loopback: a farm names its proxies, and anything on the host is not one of them.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
