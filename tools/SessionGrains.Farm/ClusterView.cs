using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace SessionGrains.Farm;

/// <summary>
/// The cluster's membership as Orleans' Redis clustering keeps it, read from outside: one hash
/// <c>{ServiceId}/members/{ClusterId}</c> with a <c>Version</c> field and one field per silo address holding a JSON
/// <c>MembershipEntry</c>.
/// </summary>
public sealed record ClusterView(int Version, IReadOnlyList<SiloState> Silos)
{
    /// <summary>The membership hash of <paramref name="clusterId"/> under <paramref name="serviceId"/>.</summary>
    public static RedisKey Key(string serviceId, string clusterId) => $"{serviceId}/members/{clusterId}";

    /// <summary>Ports of the silos that are Active: they host grains and serve as gateways.</summary>
    public IEnumerable<int> ActivePorts => Silos.Where(s => s.Status == SiloState.Active).Select(s => s.Port);

    /// <summary>Whether the silo on <paramref name="port"/> has a row that says it is dead.</summary>
    public bool IsDead(int port) => Silos.Any(s => s.Port == port && s.Status == SiloState.Dead);

    /// <summary>Reads the view through <paramref name="redis"/>.</summary>
    public static async Task<ClusterView> ReadAsync(IDatabase redis, string serviceId, string clusterId)
    {
        var fields = await redis.HashGetAllAsync(Key(serviceId, clusterId));
        var version = 0;
        var silos = new List<SiloState>();
        foreach (var field in fields)
        {
            if (field.Name == "Version")
            {
                version = int.Parse(field.Value.ToString(), CultureInfo.InvariantCulture);
            }
            else
            {
                silos.Add(Parse(field.Value.ToString()));
            }
        }

        return new ClusterView(version, [.. silos.OrderBy(s => s.Port).ThenBy(s => s.Generation)]);
    }

    public override string ToString() => $"v{Version}: {(Silos.Count == 0 ? "no silos" : string.Join(", ", Silos))}";

    private static SiloState Parse(string json)
    {
        using var entry = JsonDocument.Parse(json);
        var root = entry.RootElement;

        // "127.0.0.1:11111@155242844": host, port, generation.
        var address = root.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString()!;
        var at = address.LastIndexOf('@');
        var colon = address.LastIndexOf(':', at);
        return new SiloState(
            int.Parse(address.AsSpan(colon + 1, at - colon - 1), CultureInfo.InvariantCulture),
            int.Parse(address.AsSpan(at + 1), CultureInfo.InvariantCulture),
            root.TryGetProperty("ProxyPort", out var proxy) ? proxy.GetInt32() : 0,
            SiloState.StatusName(root.GetProperty("Status").GetInt32()),
            root.TryGetProperty("SuspectTimes", out var suspects) && suspects.ValueKind == JsonValueKind.Array ? suspects.GetArrayLength() : 0,
            root.TryGetProperty("IAmAliveTime", out var alive) ? alive.GetDateTimeOffset() : DateTimeOffset.MinValue);
    }
}
