using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SessionGrains.AspNetCore.Proxies;

/// <summary>Rejects proxy addresses and networks that do not parse, naming the configuration key of each.</summary>
internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        List<string>? failures = null;
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IsAddress(options.KnownProxies[i]))
            {
                (failures ??= []).Add($"{Key(nameof(options.KnownProxies), i)} '{options.KnownProxies[i]}' is not an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IsNetwork(options.KnownNetworks[i]))
            {
                (failures ??= []).Add($"{Key(nameof(options.KnownNetworks), i)} '{options.KnownNetworks[i]}' is not a network in CIDR notation (10.0.0.0/24), with no bits set past its prefix.");
            }
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// An IPv6 address or a dotted-quad IPv4 one: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
    /// the old short forms (<c>10</c> is 0.0.0.10), which in a trust list are typos.
    /// </summary>
    private static bool IsAddress(string text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);

    /// <summary>
    /// CIDR with no bits set past the prefix: <see cref="IPNetwork"/> would quietly clear them (10.0.0.1/8 is 10.0.0.0/8),
    /// and in a trust list that is a typo more likely than a wish.
    /// </summary>
    private static bool IsNetwork(string text) =>
        IPNetwork.TryParse(text, out var network)
        && IPAddress.TryParse(text.AsSpan(0, text.IndexOf('/')), out var address)
        && address.Equals(network.BaseAddress);

    private static string Key(string property, int index) => $"{TrustedProxyOptions.SectionName}:{property}:{index}";
}
