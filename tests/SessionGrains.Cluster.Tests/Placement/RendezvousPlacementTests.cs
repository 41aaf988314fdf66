using System.Collections.Immutable;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Placement;

namespace SessionGrains.Cluster.Tests.Placement;

public sealed class RendezvousPlacementTests
{
    /// <summary>Owners of <c>session/pinned-0..11</c> among <see cref="Silos"/>(3), as computed when placement was written.</summary>
    private static readonly int[] PinnedOwners = [2, 0, 2, 2, 0, 2, 1, 0, 2, 0, 0, 0];

    private static readonly GrainId[] Grains = [.. Enumerable.Range(0, 10_000).Select(i => new GrainId("session", "key-" + i))];

    [Fact]
    public void GetOwner_SameGrainAndSilosInAnyOrder_SameOwner()
    {
        var silos = Silos(5);
        var reversed = silos.Reverse().ToImmutableArray();
        var copies = silos.Select(s => new SiloAddress(s.Host, s.Port, s.Generation)).ToImmutableArray();

        foreach (var grain in Grains)
        {
            var owner = RendezvousPlacement.GetOwner(grain, silos);
            Assert.Equal(owner, RendezvousPlacement.GetOwner(grain, reversed));
            Assert.Equal(owner, RendezvousPlacement.GetOwner(new GrainId(grain.Type, grain.Key), copies));
        }
    }

    [Fact]
    public void GetOwner_KnownInputs_MatchesOwnersComputedByEveryProcess()
    {
        // Every silo and client must compute the same owner, whatever process or version it runs: a hash seeded per
        // process (string.GetHashCode) would route each front end's calls to different silos. These owners are pinned.
        var silos = Silos(3);

        var owners = Enumerable.Range(0, 12).Select(i => silos.IndexOf(RendezvousPlacement.GetOwner(new GrainId("session", "pinned-" + i), silos)!)).ToArray();

        Assert.Equal(PinnedOwners, owners);
    }

    [Fact]
    public void GetOwner_SiloLeaves_OnlyItsGrainsMove()
    {
        var before = Silos(4);
        var leaving = before[2];
        var after = before.Remove(leaving);
        var moved = new Dictionary<SiloAddress, int>();

        foreach (var grain in Grains)
        {
            var oldOwner = RendezvousPlacement.GetOwner(grain, before)!;
            var newOwner = RendezvousPlacement.GetOwner(grain, after)!;
            if (oldOwner == leaving)
            {
                moved[newOwner] = moved.GetValueOrDefault(newOwner) + 1;
            }
            else
            {
                Assert.Equal(oldOwner, newOwner);
            }
        }

        // The leaving silo's grains spread over all the others rather than landing on one.
        Assert.Equal(3, moved.Count);
        Assert.All(moved.Values, count => Assert.InRange(count, Grains.Length / 4 / 3 / 2, Grains.Length / 4));
    }

    [Fact]
    public void GetOwner_SiloJoins_OnlyGrainsItNowOwnsMove()
    {
        var before = Silos(4);
        var joining = new SiloAddress("127.0.0.1", 20000, 1795350000999);
        var after = before.Add(joining);

        var moved = 0;
        foreach (var grain in Grains)
        {
            var newOwner = RendezvousPlacement.GetOwner(grain, after);
            if (newOwner == joining)
            {
                moved++;
            }
            else
            {
                Assert.Equal(RendezvousPlacement.GetOwner(grain, before), newOwner);
            }
        }

        Assert.InRange(moved, (int)(0.8 * Grains.Length / 5), (int)(1.2 * Grains.Length / 5));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void GetOwner_ManyGrains_SpreadWithinTwentyPercentOfEven(int siloCount)
    {
        var silos = Silos(siloCount);

        var counts = Grains.GroupBy(g => RendezvousPlacement.GetOwner(g, silos)).Select(g => g.Count()).ToList();

        Assert.Equal(siloCount, counts.Count);
        var even = Grains.Length / siloCount;
        Assert.All(counts, count => Assert.InRange(count, (int)(0.8 * even), (int)(1.2 * even)));
    }

    [Fact]
    public void GetOwner_SameKeyOtherGrainType_PlacedIndependently()
    {
        var silos = Silos(3);

        var differing = Grains.Count(g => RendezvousPlacement.GetOwner(g, silos) != RendezvousPlacement.GetOwner(g with { Type = "user" }, silos));

        Assert.InRange(differing, Grains.Length / 2, Grains.Length);
    }

    [Fact]
    public void GetOwner_NoSilos_ReturnsNull() =>
        Assert.Null(RendezvousPlacement.GetOwner(new GrainId("session", "k"), []));

    /// <summary>Silos as a TestCluster makes them: loopback, consecutive-ish ports, start times a few ms apart.</summary>
    private static ImmutableArray<SiloAddress> Silos(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SiloAddress("127.0.0.1", 35000 + 17 * i, 1795350000000 + 23 * i))];

}
