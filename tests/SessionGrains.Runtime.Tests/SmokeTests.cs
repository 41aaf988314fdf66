using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Call_ToNewGrain_ActivatesAndPersists()
    {
        await using var host = await RuntimeHost.StartAsync(r => r.AddGrain<CounterGrain>().AddMemoryGrainStorage());
        var grain = host.GrainFactory.GetGrain<ICounterGrain>("a");

        Assert.Equal(1, await grain.IncrementAsync().DefaultTimeout());
        Assert.Equal(2, await grain.IncrementAsync().DefaultTimeout());
        Assert.Equal("hi", await grain.EchoAsync("hi").DefaultTimeout());
        await grain.ResetAsync().DefaultTimeout();
        Assert.Equal(0, await grain.GetAsync().DefaultTimeout());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailAsync("boom").DefaultTimeout());
        Assert.Equal("boom", error.Message);
        Assert.Equal(1, host.Catalog.ActivationCount);
    }
}
