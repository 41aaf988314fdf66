using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SessionGrains.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml read with YamlDotNet, merge keys (<c>&lt;&lt;: *anchor</c>) applied, reduced to what the tests
/// check: each service's image or build, container name, command, ports, environment, volumes and fixed addresses.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(string text, IReadOnlyDictionary<string, ComposeService> services)
    {
        Text = text;
        Services = services;
    }

    /// <summary>The file as written, for checks on everything in it, anchors included.</summary>
    public string Text { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load(string path)
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var services = Child(root, "services") as YamlMappingNode
            ?? throw new FormatException($"{path} has no 'services' mapping.");
        return new ComposeFile(text, services.Children.ToDictionary(
            entry => Scalar(entry.Key)!,
            entry => ReadService(Scalar(entry.Key)!, (YamlMappingNode)entry.Value),
            StringComparer.Ordinal));
    }

    private static ComposeService ReadService(string name, YamlMappingNode service)
    {
        var build = Child(service, "build");
        var (context, dockerfile) = build switch
        {
            YamlScalarNode scalar => (scalar.Value, "Dockerfile"),
            YamlMappingNode mapping => (Scalar(Child(mapping, "context")) ?? ".", Scalar(Child(mapping, "dockerfile")) ?? "Dockerfile"),
            _ => ((string?)null, (string?)null),
        };
        return new ComposeService(
            name,
            Scalar(Child(service, "image")),
            context,
            dockerfile,
            Scalar(Child(service, "container_name")),
            Child(service, "command") switch
            {
                YamlSequenceNode sequence => [.. sequence.Select(n => Scalar(n) ?? "")],
                YamlScalarNode scalar => scalar.Value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
                _ => [],
            },
            Sequence(Child(service, "ports")).Select(ReadPort).ToList(),
            ReadEnvironment(Child(service, "environment")),
            [.. Sequence(Child(service, "volumes")).Select(n => Scalar(n) ?? "")],
            Scalar(Child(service, "restart")),
            Child(service, "networks") is YamlMappingNode networks
                ? [.. networks.Children.Values.OfType<YamlMappingNode>().Select(n => Scalar(Child(n, "ipv4_address"))).OfType<string>()]
                : []);
    }

    private static PortMapping ReadPort(YamlNode node) => node switch
    {
        YamlScalarNode scalar => PortMapping.Parse(scalar.Value ?? ""),
        YamlMappingNode mapping => PortMapping.Parse(
            (Scalar(Child(mapping, "published")) is { } published ? published + ":" : "") + Scalar(Child(mapping, "target"))
            + (Scalar(Child(mapping, "protocol")) is { } protocol ? "/" + protocol : "")),
        _ => throw new FormatException($"Unexpected port entry at {node.Start}."),
    };

    private static Dictionary<string, string> ReadEnvironment(YamlNode? node)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    environment[Scalar(key)!] = Scalar(value) ?? "";
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Select(Scalar))
                {
                    var (key, value) = item?.Split('=', 2) switch
                    {
                        [var k, var v] => (k, v),
                        [var k] => (k, ""),
                        _ => throw new FormatException($"Unexpected environment entry '{item}'."),
                    };
                    environment[key] = value;
                }

                break;
        }

        return environment;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static IEnumerable<YamlNode> Sequence(YamlNode? node) => node as YamlSequenceNode ?? Enumerable.Empty<YamlNode>();

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
