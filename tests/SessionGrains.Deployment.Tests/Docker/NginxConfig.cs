using System.Text.RegularExpressions;

namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>
/// nginx.conf read for the directives the load balancer depends on: the ports it listens on, where it proxies (with
/// <c>set $variable</c> values substituted into <c>proxy_pass</c>) and the headers it sets.
/// </summary>
public sealed partial class NginxConfig
{
    private NginxConfig(IReadOnlyList<string> listen, IReadOnlyList<Uri> proxyTargets, IReadOnlyDictionary<string, string> proxyHeaders)
    {
        Listen = listen;
        ProxyTargets = proxyTargets;
        ProxyHeaders = proxyHeaders;
    }

    /// <summary>The arguments of every <c>listen</c> directive, such as <c>80</c> or <c>127.0.0.1:8080</c>.</summary>
    public IReadOnlyList<string> Listen { get; }

    /// <summary>Every <c>proxy_pass</c> target, variables resolved.</summary>
    public IReadOnlyList<Uri> ProxyTargets { get; }

    /// <summary>What <c>proxy_set_header</c> sends to the front ends, by header name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> ProxyHeaders { get; }

    public static NginxConfig Load(string path)
    {
        var text = string.Join('\n', File.ReadAllLines(path).Select(line => line.Split('#', 2)[0]));
        var variables = SetDirective().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim('"'), StringComparer.Ordinal);
        var targets = ProxyPassDirective().Matches(text)
            .Select(m => Variable().Replace(m.Groups["target"].Value.Trim('"'), v =>
                variables.TryGetValue(v.Groups["name"].Value, out var value) ? value : throw new FormatException($"{path}: ${v.Groups["name"].Value} is never set.")))
            .Select(target => new Uri(target, UriKind.Absolute))
            .ToList();
        var listen = ListenDirective().Matches(text).Select(m => m.Groups["address"].Value).ToList();
        var headers = ProxySetHeaderDirective().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Trim(), StringComparer.OrdinalIgnoreCase);
        return new NginxConfig(listen, targets, headers);
    }

    [GeneratedRegex(@"^\s*set\s+\$(?<name>\w+)\s+(?<value>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex SetDirective();

    [GeneratedRegex(@"^\s*proxy_pass\s+(?<target>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex ProxyPassDirective();

    [GeneratedRegex(@"^\s*listen\s+(?<address>[^\s;]+)[^;]*;", RegexOptions.Multiline)]
    private static partial Regex ListenDirective();

    [GeneratedRegex(@"^\s*proxy_set_header\s+(?<name>[^\s;]+)\s+(?<value>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex ProxySetHeaderDirective();

    [GeneratedRegex(@"\$(?<name>\w+)")]
    private static partial Regex Variable();
}
