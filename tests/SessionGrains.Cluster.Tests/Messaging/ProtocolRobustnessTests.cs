using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Placement;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Messaging;

/// <summary>
/// Raw sockets against a silo's port: each protocol violation must close that connection, and only that one, while the
/// cluster client and a well-behaved connection keep working.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ProtocolRobustnessTests(RedisFixture redis, ITestOutputHelper output)
{
    private const int MaxFrameSize = 64 * 1024;

    [Fact]
    public async Task Handshake_Valid_IsAcceptedAndCallsWork()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            foreach (var expectedSilo in new[] { "", silo.Address.ToString() })
            {
                using var socket = await RawSiloSocket.ConnectAsync(silo.Address.Port);
                await socket.SendAsync(RawSiloSocket.HandshakeFrame(clusterId, expectedSilo));
                var (type, payload) = await socket.ReadFrameAsync().DefaultTimeout();
                Assert.Equal(RawSiloSocket.HandshakeAccepted, type);
                var length = BinaryPrimitives.ReadUInt16BigEndian(payload);
                Assert.Equal(silo.Address.ToString(), Encoding.UTF8.GetString(payload, 2, length));
                Assert.Equal(8, payload.Length - 2 - length);
                await AssertEchoWorksAsync(socket, silo, 1);
            }
        });
    }

    [Fact]
    public async Task FirstFrame_Malformed_ClosesThatConnection()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            var cases = new Dictionary<string, byte[]>
            {
                ["HTTP request"] = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: silo\r\n\r\n"),
                ["random bytes"] = [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11))],
                ["empty frame"] = [0, 0, 0, 0],
                ["unknown message type"] = RawSiloSocket.Frame(0x7F, [1, 2, 3]),
                ["response instead of handshake"] = RawSiloSocket.Frame(RawSiloSocket.Response, new byte[9]),
                ["request instead of handshake"] = RawSiloSocket.RequestFrame(1, "counter", "k", 0, "[]"),
                ["handshake body cut short"] = RawSiloSocket.Frame(RawSiloSocket.Handshake, [0, 0, 0, 1, 0, 50, (byte)'a']),
                ["handshake with invalid UTF-8"] = RawSiloSocket.Frame(RawSiloSocket.Handshake, [0, 0, 0, 1, 0, 2, 0xC3, 0x28, 0, 0, 0, 0]),
                ["unsupported protocol version"] = RawSiloSocket.HandshakeFrame(clusterId, version: 2),
            };
            foreach (var (name, bytes) in cases)
            {
                await AssertClosedWithoutAcceptanceAsync(silo, name, bytes);
            }
        });
    }

    [Fact]
    public async Task Handshake_TruncatedThenSenderCloses_ClosesThatConnection()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            var handshake = RawSiloSocket.HandshakeFrame(clusterId);
            using var socket = await RawSiloSocket.ConnectAsync(silo.Address.Port);
            await socket.SendAsync(handshake[..(handshake.Length / 2)]);
            socket.ShutdownSend();
            Assert.Empty(await socket.ReadUntilClosedAsync());
        });
    }

    [Fact]
    public async Task Handshake_WrongClusterId_ClosesThatConnectionWithoutAccepting()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            await AssertClosedWithoutAcceptanceAsync(silo, "other cluster", RawSiloSocket.HandshakeFrame(clusterId + "-other"));
            await AssertClosedWithoutAcceptanceAsync(silo, "cluster id differing in case", RawSiloSocket.HandshakeFrame(clusterId.ToUpperInvariant()));
            await AssertClosedWithoutAcceptanceAsync(silo, "other silo incarnation", RawSiloSocket.HandshakeFrame(clusterId, (silo.Address with { Generation = silo.Address.Generation + 1 }).ToString()));
        });
    }

    [Fact]
    public async Task FrameHeader_LongerThanMaxFrameSize_ClosesThatConnectionWithoutWaitingForTheBody()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            var oversized = RawSiloSocket.Int32(MaxFrameSize + 1);
            await AssertClosedWithoutAcceptanceAsync(silo, "oversized first frame", oversized);
            await AssertClosedWithoutAcceptanceAsync(silo, "negative length", RawSiloSocket.Int32(-1));

            using var socket = await HandshakeAsync(silo, clusterId);
            await socket.SendAsync(oversized);
            Assert.Empty(await socket.ReadUntilClosedAsync());
        });
    }

    [Fact]
    public async Task FrameAfterHandshake_Malformed_ClosesThatConnection()
    {
        await RunAgainstServingClusterAsync(async (silo, clusterId) =>
        {
            var cases = new Dictionary<string, byte[]>
            {
                ["unknown message type"] = RawSiloSocket.Frame(0x7F, [1, 2, 3]),
                ["second handshake"] = RawSiloSocket.HandshakeFrame(clusterId),
                ["empty frame"] = [0, 0, 0, 0],
                ["request cut short"] = RawSiloSocket.Frame(RawSiloSocket.Request, [0, 0, 0]),
                ["request naming no grain"] = RawSiloSocket.RequestFrame(7, "", "", EchoMethodId, "[\"x\"]"),
                ["cancel cut short"] = RawSiloSocket.Frame(5, [1, 2]),
            };
            foreach (var (name, bytes) in cases)
            {
                using var socket = await HandshakeAsync(silo, clusterId);
                await socket.SendAsync(bytes);
                var received = await socket.ReadUntilClosedAsync();
                Assert.True(received.Length == 0, $"{name}: the silo answered {received.Length} bytes before closing.");
            }

            using var truncated = await HandshakeAsync(silo, clusterId);
            await truncated.SendAsync(RawSiloSocket.Frame(RawSiloSocket.Request, new byte[40])[..20]);
            truncated.ShutdownSend();
            Assert.Empty(await truncated.ReadUntilClosedAsync());
        });
    }

    private static int EchoMethodId => GrainInterfaceMetadata.GetMethod(typeof(ICounterGrain).GetMethod(nameof(ICounterGrain.EchoAsync))!).Id;

    /// <summary>
    /// Starts a cluster, keeps the client calling and a well-behaved raw connection open to the first silo, runs
    /// <paramref name="abuse"/> against that silo, and checks that neither the client nor the good connection noticed.
    /// </summary>
    private async Task RunAgainstServingClusterAsync(Func<TestSilo, string, Task> abuse)
    {
        var options = ClusterSetup.CreateOptions(redis, silos: 2, output: output);
        options.Configuration["SessionGrains:Messaging:MaxFrameSize"] = MaxFrameSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        var silo = cluster.Silos[0];
        using var healthy = await HandshakeAsync(silo, options.ClusterId);
        await AssertEchoWorksAsync(healthy, silo, 1);

        var keys = ClusterSetup.UniqueKeys("protocol", 20);
        var failures = new ConcurrentQueue<Exception>();
        long successes = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = c; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var key = keys[i % keys.Length];
                    Assert.Equal(key, await cluster.Client.GetGrain<ICounterGrain>(key).EchoAsync(key));
                    Interlocked.Increment(ref successes);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }
            }
        })).ToList();
        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref successes) > 100, "the client made calls before the abuse");

        await abuse(silo, options.ClusterId);

        var afterAbuse = Interlocked.Read(ref successes);
        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref successes) > afterAbuse + 100, "the client kept making calls after the abuse");
        await stop.CancelAsync();
        await Task.WhenAll(callers).DefaultTimeout();
        await AssertEchoWorksAsync(healthy, silo, 2);
        output.WriteLine($"The client made {successes} calls meanwhile.");
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(5)));
        Assert.Equal(2, cluster.ClientView.ActiveSilos.Length);
    }

    private static async Task<RawSiloSocket> HandshakeAsync(TestSilo silo, string clusterId)
    {
        var socket = await RawSiloSocket.ConnectAsync(silo.Address.Port);
        await socket.SendAsync(RawSiloSocket.HandshakeFrame(clusterId));
        var (type, _) = await socket.ReadFrameAsync().DefaultTimeout();
        Assert.Equal(RawSiloSocket.HandshakeAccepted, type);
        return socket;
    }

    private static async Task AssertClosedWithoutAcceptanceAsync(TestSilo silo, string name, byte[] bytes)
    {
        using var socket = await RawSiloSocket.ConnectAsync(silo.Address.Port);
        await socket.SendAsync(bytes);
        var received = await socket.ReadUntilClosedAsync();
        Assert.True(received.Length == 0, $"{name}: the silo answered {received.Length} bytes (type {(received.Length > 4 ? received[4] : 0)}) before closing.");
    }

    /// <summary>Sends <see cref="ICounterGrain.EchoAsync"/> by hand for a grain <paramref name="silo"/> owns, and reads its response.</summary>
    private static async Task AssertEchoWorksAsync(RawSiloSocket socket, TestSilo silo, long callId)
    {
        var key = Enumerable.Range(0, 1000).Select(i => $"raw-{i}").First(k => RendezvousPlacement.GetOwner(new GrainId("counter", k), silo.View.ActiveSilos) == silo.Address);
        await socket.SendAsync(RawSiloSocket.RequestFrame(callId, "counter", key, EchoMethodId, "[\"ping\"]"));
        var (type, payload) = await socket.ReadFrameAsync().DefaultTimeout();
        Assert.Equal(RawSiloSocket.Response, type);
        Assert.Equal(callId, BinaryPrimitives.ReadInt64BigEndian(payload));
        Assert.Equal(0, payload[8]);
        Assert.Equal("\"ping\"", Encoding.UTF8.GetString(payload, 9, payload.Length - 9));
    }
}
