using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Invocation;

public sealed class GrainCallCopyTests
{
    [Fact]
    public async Task MutableListArgument_ChangedByGrain_IsNotSeenByCaller()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ICopyGrain>("list");
        var items = new List<string> { "from-caller" };

        // Act
        var countSeenByGrain = await grain.KeepAndAppendAsync(items).DefaultTimeout();
        items.Add("added-by-caller-later");

        // Assert: each side changed only its own list.
        Assert.Equal(2, countSeenByGrain);
        Assert.Equal(["from-caller", "added-by-caller-later"], items);
        Assert.Equal(2, await grain.CountItemsAsync().DefaultTimeout());
    }

    [Fact]
    public async Task MutableListResult_ChangedByCaller_IsNotSeenByGrain()
    {
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ICopyGrain>("list");
        await grain.KeepAndAppendAsync(["kept"]).DefaultTimeout();

        var result = await grain.GetItemsAsync().DefaultTimeout();
        result.Clear();
        result.Add("changed-by-caller");

        var again = await grain.GetItemsAsync().DefaultTimeout();
        Assert.NotSame(result, again);
        Assert.Equal(["kept", "added-by-grain"], again);
    }

    [Fact]
    public async Task MutableClass_ChangedOnEitherSide_IsNotSeenByTheOther()
    {
        // Arrange
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ICopyGrain>("bag");
        var bag = new MutableBag { Name = "caller", Values = [1] };

        // Act
        var returned = await grain.KeepAndChangeBagAsync(bag).DefaultTimeout();
        returned.Name = "changed-by-caller";
        returned.Values.Add(7);

        // Assert
        Assert.Equal("caller", bag.Name);
        Assert.Equal([1], bag.Values);
        var kept = await grain.GetBagAsync().DefaultTimeout();
        Assert.NotNull(kept);
        Assert.Equal("changed-by-grain", kept.Name);
        Assert.Equal([1, 42], kept.Values);
    }

    [Fact]
    public async Task StringArgument_EchoedByGrain_IsSameInstance()
    {
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ICopyGrain>("immutable");
        var value = new string('x', 64);

        var echoed = await grain.EchoStringAsync(value).DefaultTimeout();

        Assert.Same(value, echoed);
    }

    [Fact]
    public async Task SealedRecordWithInitProperties_EchoedByGrain_IsSameInstance()
    {
        await using var host = await StartHostAsync();
        var grain = host.GrainFactory.GetGrain<ICopyGrain>("immutable");
        var payload = new ImmutablePayload { Name = "payload", Number = 7 };

        var echoed = await grain.EchoPayloadAsync(payload).DefaultTimeout();

        Assert.Same(payload, echoed);
    }

    private static Task<RuntimeHost> StartHostAsync() => RuntimeHost.StartAsync(r => r.AddGrain<CopyGrain>());
}
