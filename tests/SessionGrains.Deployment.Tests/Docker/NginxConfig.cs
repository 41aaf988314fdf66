using System.Text.RegularExpressions;

namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>
/// nginx.conf read for the directives the load balancer depends on: the ports it listens on and where it proxies,
/// with <c>set $variable</c> values substituted into <c>proxy_pass</c>.
/// </summary>
public sealed partial class NginxConfig
{
    private NginxConfig(IReadOnlyList<string> listen, IReadOnlyList<Uri> proxyTargets)
    {
        Listen = listen;
        ProxyTargets = proxyTargets;
    }

    /// <summary>The arguments of every <c>listen</c> directive, such as <c>80</c> or <c>127.0.0.1:8080</c>.</summary>
    public IReadOnlyList<string> Listen { get; }

    /// <summary>Every <c>proxy_pass</c> target, variables resolved.</summary>
    public IReadOnlyList<Uri> ProxyTargets { get; }

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
        return new NginxConfig(listen, targets);
    }

    [GeneratedRegex(@"^\s*set\s+\$(?<name>\w+)\s+(?<value>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex SetDirective();

    [GeneratedRegex(@"^\s*proxy_pass\s+(?<target>[^;]+);", RegexOptions.Multiline)]
    private static partial Regex ProxyPassDirective();

    [GeneratedRegex(@"^\s*listen\s+(?<address>[^\s;]+)[^;]*;", RegexOptions.Multiline)]
    private static partial Regex ListenDirective();

    [GeneratedRegex(@"\$(?<name>\w+)")]
    private static partial Regex Variable();
}
