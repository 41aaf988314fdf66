using System.Text.RegularExpressions;

namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>
/// The configuration table of docs/architecture.md (section "## Configuration"): the key of each row, from its first
/// cell (<c>| `SessionGrains:Silo:Port` | 11111 | … |</c>), placeholders such as <c>{name}</c> kept.
/// </summary>
public static partial class ConfigurationTable
{
    public const string Path = "docs/architecture.md";

    public static IReadOnlyList<string> Keys()
    {
        var text = File.ReadAllText(RepositoryRoot.File(Path));
        var start = text.IndexOf("\n## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Path} has no '## Configuration' section.");
        var next = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = next < 0 ? text[start..] : text[start..next];
        return [.. Row().Matches(section).Select(m => m.Groups["key"].Value)];
    }

    [GeneratedRegex(@"^\|\s*`(?<key>SessionGrains[^`]*)`", RegexOptions.Multiline)]
    private static partial Regex Row();
}
