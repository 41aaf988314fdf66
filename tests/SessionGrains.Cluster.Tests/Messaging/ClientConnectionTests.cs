using System.Net.NetworkInformation;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Messaging;

[Collection(RedisCollection.Name)]
public sealed class ClientConnectionTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Client_ManyConcurrentFirstCalls_OpensOneConnectionPerSilo()
    {
        // Arrange: a client that has not called anyone yet.
        await using var cluster = await ClusterSetup.StartAsync(ClusterSetup.CreateOptions(redis, output: output), output);
        var keys = ClusterSetup.UniqueKeys("connect", 3000);

        // Act: its first calls race to open the connection to each silo.
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            Assert.True(start.Wait(TaskTimeoutExtensions.DefaultTimeoutValue));
            return Task.WhenAll(keys.Where((_, i) => i % 8 == t).Select(key => cluster.Client.GetGrain<ICounterGrain>(key).EchoAsync(key)));
        })).ToList();
        start.Set();
        await Task.WhenAll(threads).DefaultTimeout();

        // Assert: one connection per silo, so nothing is left behind that a graceful stop would wait for.
        var perSilo = cluster.Silos.Select(s => (s.Address, Connections: InboundConnections(s.Address.Port))).ToList();
        output.WriteLine("Inbound connections: " + string.Join(", ", perSilo.Select(p => $"{p.Address} {p.Connections}")));
        Assert.All(perSilo, p => Assert.Equal(1, p.Connections));
    }

    private static int InboundConnections(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections().Count(c => c.LocalEndPoint.Port == port && c.State == TcpState.Established);
}
