namespace SessionGrains.Cluster.Tests;

[Collection(RedisCollection.Name)]
public sealed class ClusterSmokeTests(RedisFixture redis)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_CallsGrainsOnThreeSilos_OverTcp(bool useRedis)
    {
        var options = new TestClusterOptions
        {
            ConfigureSilo = r => r.AddGrain<CounterGrain>(),
            RedisConnectionString = useRedis ? redis.ConnectionString : null,
        };
        await using var cluster = await TestCluster.StartAsync(options).DefaultTimeout();

        for (var i = 0; i < 30; i++)
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("g" + i);
            Assert.Equal(1, await grain.IncrementAsync().DefaultTimeout());
            Assert.Equal("x" + i, await grain.EchoAsync("x" + i).DefaultTimeout());
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Client.GetGrain<ICounterGrain>("g0").FailAsync("remote boom").DefaultTimeout());
        Assert.Equal("remote boom", error.Message);
        Assert.Equal(30, cluster.Silos.Sum(s => s.Catalog.ActivationCount));
        Assert.All(cluster.Silos, s => Assert.True(s.Catalog.ActivationCount > 0));
    }
}
