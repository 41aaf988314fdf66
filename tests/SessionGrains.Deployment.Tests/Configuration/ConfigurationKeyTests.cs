using System.Text.Json;
using System.Text.RegularExpressions;
using SessionGrains.Deployment.Tests.Docker;

namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>
/// Every SessionGrains configuration key that the deployment files, the apps' appsettings.json and the docs set or
/// name is an option the apps really bind: renaming an option without updating them fails here, not in production,
/// where a mistyped key is silently ignored.
/// </summary>
public sealed partial class ConfigurationKeyTests
{
    private const string Prefix = "SessionGrains";

    [Theory]
    [InlineData("silo")]
    [InlineData("frontend")]
    public void ComposeEnvironment_EverySessionGrainsVariable_IsAnOptionOfTheServicesApp(string name)
    {
        var service = DeploymentFiles.Service(name);
        var catalog = DeploymentFiles.CatalogOf(service);

        var keys = service.Environment.Where(e => IsSessionGrainsVariable(e.Key)).ToList();

        Assert.NotEmpty(keys);
        AssertNoProblems($"docker-compose.yml, service {name}", keys.Select(e => catalog.Check(ToKey(e.Key), e.Value)));
    }

    [Fact]
    public void ComposeEnvironment_ServicesRunningNoSessionGrainsApp_SetNoSessionGrainsVariable()
    {
        var strays = DeploymentFiles.Compose.Services.Values
            .Where(s => s.BuildContext is null)
            .SelectMany(s => s.Environment.Keys.Where(IsSessionGrainsVariable).Select(k => $"{s.Name}: {k}"))
            .ToList();

        Assert.Empty(strays);
    }

    [Fact]
    public void ComposeFile_EverySessionGrainsVariableWrittenAnywhere_IsARealOption()
    {
        // Anchors (x-cluster-environment) included, even one no service merges yet.
        var names = SessionGrainsVariable().Matches(DeploymentFiles.Compose.Text).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(names);
        AssertNoProblems("docker-compose.yml", names.Select(n => OptionCatalog.AnyApp.Check(ToKey(n))));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("frontend")]
    public void DockerfileEnv_EverySessionGrainsVariable_IsAnOptionOfItsApp(string name)
    {
        var service = DeploymentFiles.Service(name);
        var dockerfile = DeploymentFiles.DockerfileOf(service);
        var catalog = DeploymentFiles.CatalogOf(service);

        var problems = dockerfile.Environment.Where(e => IsSessionGrainsVariable(e.Key)).Select(e => catalog.Check(ToKey(e.Key), e.Value));

        AssertNoProblems(dockerfile.Path, problems);
    }

    [Fact]
    public void ClusterScript_EverySessionGrainsVariable_IsARealOption()
    {
        var script = File.ReadAllText(RepositoryRoot.File("scripts/cluster.sh"));

        var names = SessionGrainsVariable().Matches(script).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(names);
        AssertNoProblems("scripts/cluster.sh", names.Select(n => OptionCatalog.AnyApp.Check(ToKey(n))));
    }

    [Theory]
    [InlineData("src/Silo/appsettings.json")]
    [InlineData("src/WebFrontend/appsettings.json")]
    public void AppSettings_EverySessionGrainsKey_IsAnOptionOfItsApp(string path)
    {
        var catalog = path.Contains("Silo", StringComparison.Ordinal) ? OptionCatalog.Silo : OptionCatalog.WebFrontend;
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File(path)));

        var settings = Flatten(json.RootElement.GetProperty(Prefix), Prefix).ToList();

        Assert.NotEmpty(settings);
        AssertNoProblems(path, settings.Select(s => catalog.Check(s.Key, s.Value)));
    }

    [Fact]
    public void Docs_EverySessionGrainsKeyNamed_IsARealOption()
    {
        var files = Directory.GetFiles(RepositoryRoot.File("docs"), "*.md").Append(RepositoryRoot.File("README.md"));

        var problems = files.SelectMany(file => DocumentedKey().Matches(File.ReadAllText(file))
            .Select(m => m.Value)
            .Distinct()
            .Select(name => OptionCatalog.AnyApp.Check(DocumentedKeyToKey(name)) is { } problem ? $"{Path.GetFileName(file)}: {problem}" : null));

        AssertNoProblems("docs", problems);
    }

    [Fact]
    public void ConfigurationTable_EveryKey_IsARealOption()
    {
        var keys = ConfigurationTable.Keys();

        Assert.NotEmpty(keys);
        AssertNoProblems(ConfigurationTable.Path, keys.Select(k => OptionCatalog.AnyApp.Check(DocumentedKeyToKey(k))));
    }

    /// <summary>
    /// The table is read against the options in code, not a list kept here: an option added to
    /// SessionGrainsClusterOptions, SiloHostOptions, SessionGrainsOptions and the rest, or a new section of Orleans'
    /// options, fails this until the table has a row for it.
    /// </summary>
    [Fact]
    public void ConfigurationTable_EveryOptionInCode_HasARow()
    {
        var rows = ConfigurationTable.Keys().Select(k => Placeholder().Replace(k, "{name}").TrimEnd('*').TrimEnd(':')).ToList();

        var missing = OptionCatalog.AnyApp.DocumentableKeys()
            .Where(key => !rows.Any(row => string.Equals(row, key, StringComparison.OrdinalIgnoreCase) || row.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.True(missing.Count == 0, $"{ConfigurationTable.Path}'s configuration table has no row for: {string.Join(", ", missing)}");
    }

    private static bool IsSessionGrainsVariable(string name) => name.StartsWith(Prefix + "__", StringComparison.Ordinal);

    /// <summary><c>SessionGrains__Silo__Port</c> is the key <c>SessionGrains:Silo:Port</c>, as the environment provider reads it.</summary>
    private static string ToKey(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>A documented key with placeholders: <c>{name}</c> stands for any name, and a trailing <c>:*</c> for its section.</summary>
    private static string DocumentedKeyToKey(string name) =>
        Placeholder().Replace(ToKey(name), "x") is var key && key.EndsWith(":*", StringComparison.Ordinal) ? key[..^2] : key;

    /// <summary>The leaves of a JSON tree as configuration keys and values; an empty array or object is a key without value.</summary>
    private static IEnumerable<(string Key, string? Value)> Flatten(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object when element.EnumerateObject().Any() => element.EnumerateObject().SelectMany(p => Flatten(p.Value, $"{path}:{p.Name}")),
        JsonValueKind.Array when element.GetArrayLength() > 0 => element.EnumerateArray().SelectMany((e, i) => Flatten(e, $"{path}:{i}")),
        JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null => [(path, null)],
        JsonValueKind.String => [(path, element.GetString())],
        _ => [(path, element.GetRawText())],
    };

    private static void AssertNoProblems(string source, IEnumerable<string?> problems)
    {
        var found = problems.OfType<string>().ToList();
        Assert.True(found.Count == 0, $"{source}:\n  {string.Join("\n  ", found)}");
    }

    [GeneratedRegex(@"SessionGrains__[A-Za-z0-9_]+")]
    private static partial Regex SessionGrainsVariable();

    [GeneratedRegex(@"SessionGrains(?:(?::|__)(?:[A-Za-z0-9]+|\{[A-Za-z]+\}|\*))+")]
    private static partial Regex DocumentedKey();

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}
