using System.Collections.Immutable;

namespace SessionGrains.Runtime.Membership;

/// <summary>A versioned, immutable view of the cluster. Versions grow with every status change.</summary>
public sealed class MembershipView
{
    /// <summary>The view before any silo has been seen.</summary>
    public static readonly MembershipView Empty = new(0, []);

    /// <summary>Creates a view.</summary>
    public MembershipView(long version, IEnumerable<MembershipEntry> entries)
    {
        Version = version;
        Entries = [.. entries.OrderBy(e => e.Silo.ToString(), StringComparer.Ordinal)];
        ActiveSilos = [.. Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo)];
    }

    /// <summary>The view's version.</summary>
    public long Version { get; }

    /// <summary>Every silo the cluster has seen, dead ones included, ordered by id.</summary>
    public ImmutableArray<MembershipEntry> Entries { get; }

    /// <summary>The silos that own grains, ordered by id.</summary>
    public ImmutableArray<SiloAddress> ActiveSilos { get; }

    /// <summary>Returns the entry of <paramref name="silo"/>, or <see langword="null"/>.</summary>
    public MembershipEntry? Find(SiloAddress silo) => Entries.FirstOrDefault(e => e.Silo == silo);

    /// <summary>Whether every silo that can still hold activations has finished handing over for this view.</summary>
    public bool IsSettled => Entries.All(e => e.Status == SiloStatus.Dead || e.AppliedViewVersion >= Version);

    /// <inheritdoc/>
    public override string ToString() => $"v{Version}: {string.Join(", ", Entries.Select(e => $"{e.Silo} {e.Status} (applied v{e.AppliedViewVersion})"))}";
}
