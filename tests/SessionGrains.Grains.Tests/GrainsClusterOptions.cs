using Orleans.Hosting;

namespace SessionGrains.Grains.Tests;

/// <summary>How <see cref="GrainsCluster"/> builds a cluster: storage, clock, silos, configuration.</summary>
internal sealed class GrainsClusterOptions
{
    /// <summary>The Redis that stores sessions and users; null keeps them in silo memory (<c>AddSessionGrainsMemoryStorage</c>).</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>The grains' clock (registered under <c>TimeProviderNames.Grains</c>). Default: a fake clock at the real now, to the millisecond (as session times are stored).</summary>
    public FakeTimeProvider Clock { get; init; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    /// <summary>The silos started at first. Default: 3.</summary>
    public short Silos { get; init; } = 3;

    /// <summary>Configuration every silo host reads (<c>SessionGrains:*</c>), besides the Redis connection string.</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.Ordinal);

    /// <summary>More silo configuration, after the grains and their storage.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; init; }

    /// <summary>More client configuration, after the retry filter.</summary>
    public Action<IClientBuilder>? ConfigureClient { get; init; }

    /// <summary>Options for a cluster on <paramref name="redis"/>, or in memory when it is null.</summary>
    public static GrainsClusterOptions For(RedisFixture? redis) => new() { RedisConnectionString = redis?.ConnectionString };
}
