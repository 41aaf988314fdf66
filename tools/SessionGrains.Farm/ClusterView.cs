using System.Globalization;
using StackExchange.Redis;

namespace SessionGrains.Farm;

/// <summary>The cluster's membership as Redis holds it (<c>sg:cluster:{id}:silos</c> and <c>…:version</c>), read from outside.</summary>
public sealed record ClusterView(long Version, IReadOnlyList<SiloState> Silos)
{
    /// <summary>Ports of the silos that own grains.</summary>
    public IEnumerable<int> ActivePorts => Silos.Where(s => s.Status == "Active").Select(s => s.Port);

    /// <summary>Whether every silo that can still hold activations has handed over for this view.</summary>
    public bool IsSettled => Silos.All(s => s.Status == "Dead" || s.AppliedViewVersion >= Version);

    /// <summary>Reads the view of <paramref name="clusterId"/> through <paramref name="redis"/>.</summary>
    public static async Task<ClusterView> ReadAsync(IDatabase redis, string clusterId)
    {
        var root = $"sg:cluster:{clusterId}";
        var version = await redis.StringGetAsync(root + ":version");
        var silos = await redis.HashGetAllAsync(root + ":silos");
        return new ClusterView(
            version.IsNull ? 0 : long.Parse(version.ToString(), CultureInfo.InvariantCulture),
            [.. silos.Select(e => Parse(e.Name.ToString(), e.Value.ToString())).OrderBy(s => s.Port)]);
    }

    public override string ToString() => $"v{Version}: {string.Join(", ", Silos.Select(s => $"{s.Port} {s.Status} (applied v{s.AppliedViewVersion})"))}";

    private static SiloState Parse(string silo, string value)
    {
        // silo: host:port@generation; value: Status|applied
        var port = int.Parse(silo.AsSpan(silo.LastIndexOf(':') + 1, silo.IndexOf('@', StringComparison.Ordinal) - silo.LastIndexOf(':') - 1), CultureInfo.InvariantCulture);
        var separator = value.IndexOf('|', StringComparison.Ordinal);
        return new SiloState(port, value[..separator], long.Parse(value.AsSpan(separator + 1), CultureInfo.InvariantCulture));
    }
}
