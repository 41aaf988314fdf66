using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Orleans.Configuration;
using SessionGrains.AspNetCore;
using SessionGrains.AspNetCore.Proxies;
using SessionGrains.Grains.Calls;
using SessionGrains.Grains.Hosting;
using SessionGrains.Grains.Sessions;
using SessionGrains.Silo;
using SessionGrains.WebFrontend.Users;

namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>
/// The configuration sections an app binds and the options types behind them, built from the real types and their
/// <c>SectionName</c> constants. <see cref="Check"/> says whether a key (<c>SessionGrains:Silo:Port</c>) names a public
/// property reachable from one of them, and whether a value converts to its type as the configuration binder would.
/// </summary>
public sealed class OptionCatalog
{
    private const string Orleans = SessionGrainsClusterExtensions.OrleansSectionName;

    /// <summary>The old runtime's section, whose response timeout and collection keys still bind to Orleans' options.</summary>
    private const string OldRuntime = "SessionGrains:Runtime";

    /// <summary>What every app binds: the Redis connection, the cluster's ids and endpoints, the retry filter.</summary>
    private static readonly OptionSection[] Cluster =
    [
        new(SessionGrainsClusterOptions.RedisKey, typeof(string), SectionValueBinds: true),
        new(SessionGrainsClusterOptions.ClusterSectionName, typeof(SessionGrainsClusterOptions),
            Properties: [nameof(SessionGrainsClusterOptions.ClusterId), nameof(SessionGrainsClusterOptions.ServiceId)]),
        new(SessionGrainsClusterOptions.SiloSectionName, typeof(SessionGrainsClusterOptions),
            Properties: [nameof(SessionGrainsClusterOptions.Port), nameof(SessionGrainsClusterOptions.GatewayPort), nameof(SessionGrainsClusterOptions.ListenAddress), nameof(SessionGrainsClusterOptions.AdvertisedHost)]),
        new(IdempotentRetryOptions.SectionName, typeof(IdempotentRetryOptions)),
    ];

    /// <summary>What a process hosting a silo binds (src/Silo, and a front end in Silo mode): UseSessionGrainsCluster(ISiloBuilder), AddSessionGrains.</summary>
    private static readonly OptionSection[] SiloRuntime =
    [
        new(Orleans + ":Membership", typeof(ClusterMembershipOptions), Orleans: true),
        new(Orleans + ":Messaging", typeof(SiloMessagingOptions), Orleans: true),
        new(Orleans + ":Collection", typeof(GrainCollectionOptions), Orleans: true),
        new(OldRuntime, typeof(SiloMessagingOptions), Orleans: true, Legacy: true),
        new(OldRuntime + ":Collection", typeof(GrainCollectionOptions), Orleans: true, Legacy: true),
        new(SessionGrainOptions.SectionName, typeof(SessionGrainOptions)),
    ];

    /// <summary>What a cluster client binds (a front end in Client mode): UseSessionGrainsCluster(IClientBuilder).</summary>
    private static readonly OptionSection[] ClientRuntime =
    [
        new(Orleans + ":Gateway", typeof(GatewayOptions), Orleans: true),
        new(Orleans + ":Messaging", typeof(ClientMessagingOptions), Orleans: true),
        new(OldRuntime, typeof(ClientMessagingOptions), Orleans: true, Legacy: true),
    ];

    private readonly IReadOnlyList<OptionSection> _sections;

    private OptionCatalog(string app, IReadOnlyList<OptionSection> sections)
    {
        App = app;
        _sections = sections;
    }

    /// <summary>src/Silo: the cluster's options, a silo's, and the silo host's own.</summary>
    public static OptionCatalog Silo { get; } = new(
        typeof(SiloHostOptions).Assembly.GetName().Name!,
        [.. Cluster, .. SiloRuntime, new(SiloHostOptions.SectionName, typeof(SiloHostOptions))]);

    /// <summary>src/WebFrontend: the front end's options (src/AspNetCore, its trusted proxies too), the demo users, and a silo's or a client's.</summary>
    public static OptionCatalog WebFrontend { get; } = new(
        typeof(DemoUserOptions).Assembly.GetName().Name!,
        [.. Cluster, .. SiloRuntime, .. ClientRuntime, new(SessionGrainsOptions.SectionName, typeof(SessionGrainsOptions)), new(TrustedProxyOptions.SectionName, typeof(TrustedProxyOptions)), new(DemoUserOptions.SectionName, typeof(DemoUserOptions))]);

    /// <summary>Both apps: for files that configure either, such as scripts/cluster.sh or the docs.</summary>
    public static OptionCatalog AnyApp { get; } = new("any app", [.. Silo._sections, .. WebFrontend._sections.Except(Silo._sections)]);

    /// <summary>The assembly name of the app, or a description for <see cref="AnyApp"/>.</summary>
    public string App { get; }

    /// <summary>The catalog of the app whose assembly is <paramref name="assemblyName"/>; null for any other.</summary>
    public static OptionCatalog? ForAssembly(string assemblyName) =>
        new[] { Silo, WebFrontend }.FirstOrDefault(c => c.App == assemblyName);

    /// <summary>
    /// Null when <paramref name="key"/> binds to an option (and <paramref name="value"/>, if given, converts to it);
    /// otherwise why not. A key that is a whole section is accepted only with no value, as docs name sections.
    /// </summary>
    public string? Check(string key, string? value = null)
    {
        var segments = key.Split(':');
        var problems = new List<string>();
        foreach (var section in _sections.Where(s => Matches(s, segments)))
        {
            var rest = segments[section.Segments.Count..];
            var problem = rest.Length == 0 && section.SectionValueBinds
                ? CheckValue(typeof(string), value)
                : rest.Length > 0 && section.Properties is { } properties && !properties.Contains(rest[0], StringComparer.OrdinalIgnoreCase)
                    ? $"{section.Path} holds only {string.Join(", ", properties)} of {section.OptionsType.Name}, not '{rest[0]}'."
                    : Resolve(section.OptionsType, rest, value, section.OptionsType.Name);
            if (problem is null)
            {
                return null;
            }

            problems.Add($"{section.OptionsType.Name} ({section.Path}): {problem.TrimEnd('.')}");
        }

        return problems.Count == 0
            ? $"'{key}' is in no section that {App} binds ({string.Join(", ", _sections.Select(s => s.Path).Distinct())})."
            : $"'{key}' names no option of {App}: {string.Join("; ", problems)}";
    }

    /// <summary>
    /// The keys a configuration table should name: every option of the project's own types, one per property
    /// (<c>SessionGrains:Demo:Users:{name}</c> for a dictionary), and each section of Orleans' options as a whole; not
    /// the old runtime's sections, which are read only for upgrades.
    /// </summary>
    public IEnumerable<string> DocumentableKeys() => _sections.Where(s => !s.Legacy).SelectMany(section => section switch
    {
        { Orleans: true } => [section.Path],
        { SectionValueBinds: true } => [section.Path],
        _ => section.OptionsType
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => section.Properties?.Contains(p.Name) ?? true)
            .Where(p => p.SetMethod?.IsPublic == true || !IsScalar(p.PropertyType))
            .Select(p => DictionaryValueType(p.PropertyType) is null ? $"{section.Path}:{p.Name}" : $"{section.Path}:{p.Name}:{{name}}"),
    }).Distinct();

    private static bool Matches(OptionSection section, string[] segments) =>
        section.Segments.Count <= segments.Length
        && section.Segments.Select((s, i) => s == "*" || string.Equals(s, segments[i], StringComparison.OrdinalIgnoreCase)).All(m => m);

    private static string? Resolve(Type type, ReadOnlySpan<string> rest, string? value, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return rest.Length == 0 ? CheckValue(type, value) : $"{path} is a {type.Name} value, with no '{rest[0]}' under it.";
        }

        if (rest.Length == 0)
        {
            return value is null ? null : $"{path} is a section ({type.Name}), not a value.";
        }

        if (DictionaryValueType(type) is { } dictionaryValue)
        {
            return Resolve(dictionaryValue, rest[1..], value, $"{path}[{rest[0]}]");
        }

        if (ElementType(type) is { } element)
        {
            return int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? Resolve(element, rest[1..], value, $"{path}[{rest[0]}]")
                : $"{path} is a list, indexed by number, not '{rest[0]}'.";
        }

        var property = type.GetProperty(rest[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { CanRead: true } && (property.SetMethod?.IsPublic == true || !IsScalar(property.PropertyType))
            ? Resolve(property.PropertyType, rest[1..], value, $"{path}.{property.Name}")
            : $"{path} has no public property '{rest[0]}' (it has {string.Join(", ", type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name))}).";
    }

    private static string? CheckValue(Type type, string? value)
    {
        if (value is null || type == typeof(string))
        {
            return null;
        }

        try
        {
            // What ConfigurationBinder does for a value: the type's converter, invariant culture.
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException || exception.InnerException is FormatException or OverflowException)
        {
            return $"'{value}' is not a {type.Name}.";
        }
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal)
            || (!typeof(IEnumerable).IsAssignableFrom(type) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));
    }

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
