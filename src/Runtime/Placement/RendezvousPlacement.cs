using System.Collections.Concurrent;
using System.Collections.Immutable;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Placement;

/// <summary>
/// Rendezvous (highest random weight) hashing: a grain's owner is the active silo with the highest score for it. Every
/// caller computes the same owner from the same view, and a view change moves only the grains of the silos that came
/// or went.
/// </summary>
internal static class RendezvousPlacement
{
    private static readonly ConcurrentDictionary<SiloAddress, ulong> s_siloHashes = new();

    public static SiloAddress? GetOwner(GrainId grainId, ImmutableArray<SiloAddress> silos)
    {
        var grainHash = Hash(grainId.Type, Hash(grainId.Key, 0xcbf29ce484222325));
        SiloAddress? owner = null;
        ulong best = 0;
        foreach (var silo in silos)
        {
            var score = Mix(grainHash ^ GetSiloHash(silo));
            if (owner is null || score > best)
            {
                owner = silo;
                best = score;
            }
        }

        return owner;
    }

    private static ulong GetSiloHash(SiloAddress silo) =>
        s_siloHashes.TryGetValue(silo, out var hash) ? hash : s_siloHashes.GetOrAdd(silo, static s => Hash(s.ToString(), 0x84222325cbf29ce4));

    /// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong Hash(string value, ulong seed)
    {
        var hash = seed;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 0x100000001b3;
        }

        return hash;
    }

    /// <summary>The splitmix64 finaliser, so scores of similar inputs are independent.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9;
        value = (value ^ (value >> 27)) * 0x94d049bb133111eb;
        return value ^ (value >> 31);
    }
}
