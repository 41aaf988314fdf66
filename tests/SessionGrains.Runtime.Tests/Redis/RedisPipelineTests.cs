using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Redis;
using SessionGrains.Runtime.Redis.Resp;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Tests.Redis;

/// <summary>
/// Grain storage's own Redis connection against a real redis-server: the shared one where nothing is disturbed, a
/// test's own where it is stopped, paused or locked with a password.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPipelineTests(RedisFixture redis)
{
    private static readonly RedisScript Echo = new("return {KEYS[1], ARGV[1]}");

    [Fact]
    public async Task EvaluateAsync_ScriptRedisDoesNotKnow_RunsItAndRedisKeepsIt()
    {
        // Arrange: a script of its own, flushed from the server's cache.
        var script = new RedisScript($"return 'fresh {Guid.NewGuid():n}'");
        using var admin = await redis.Server.ConnectAsync().DefaultTimeout();
        await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync().DefaultTimeout();
        await using var pipeline = CreatePipeline(redis.ConnectionString);

        // Act
        var reply = await pipeline.EvaluateAsync(script, "any", [], "a test", CancellationToken.None).DefaultTimeout();

        // Assert: run in full once, after which Redis knows it by the SHA-1 the pipeline sends.
        Assert.StartsWith("fresh ", reply.Text);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        Assert.True(await server.ScriptExistsAsync(script.Text).DefaultTimeout());
        Assert.Equal(Convert.ToHexStringLower(await server.ScriptLoadAsync(script.Text).DefaultTimeout()), System.Text.Encoding.ASCII.GetString(script.Sha1));
    }

    [Fact]
    public async Task EvaluateAsync_ManyConcurrentCallers_EachGetsItsOwnReplyInFewerReadsThanCommands()
    {
        // Arrange
        const int Callers = 2_000;
        await using var pipeline = CreatePipeline(redis.ConnectionString);
        await pipeline.EvaluateAsync(Echo, "warm-up", ["0"], "a test", CancellationToken.None).DefaultTimeout();
        using var admin = await redis.Server.ConnectAsync().DefaultTimeout();
        var readsBefore = await ReadsProcessedAsync(admin);

        // Act
        var replies = await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => Task.Run(() =>
            pipeline.EvaluateAsync(Echo, $"key-{i}", [i], "a test", CancellationToken.None)))).DefaultTimeout();

        // Assert: replies are matched to commands in order, and the commands were written in batches. (Other tests on
        // this server may add reads, never take them away.)
        for (var i = 0; i < Callers; i++)
        {
            Assert.Equal($"key-{i}", replies[i].Items![0].Text);
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), replies[i].Items![1].Text);
        }

        var reads = await ReadsProcessedAsync(admin) - readsBefore;
        Assert.True(reads < Callers, $"Redis read {reads} times for {Callers} commands.");
    }

    [Fact]
    public async Task EvaluateAsync_ScriptFails_ThrowsWithRedisMessageAndTheConnectionGoesOn()
    {
        // Arrange
        await using var pipeline = CreatePipeline(redis.ConnectionString);
        var failing = new RedisScript("return redis.error_reply('no such thing')");

        // Act
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => pipeline.EvaluateAsync(failing, "k", [], "the failing script", CancellationToken.None)).DefaultTimeout();

        // Assert
        Assert.Equal("Redis failed the failing script: no such thing", error.Message);
        Assert.Equal("k", (await pipeline.EvaluateAsync(Echo, "k", ["after"], "a test", CancellationToken.None).DefaultTimeout()).Items![0].Text);
    }

    [Fact]
    public async Task EvaluateAsync_WithPasswordAndDatabase_AuthenticatesAndUsesThatDatabase()
    {
        // Arrange: a server of its own that asks for a password.
        const string WrongPassword = "not-the-password-7f3a";
        await using var server = await RedisServer.StartAsync();
        using (var admin = await server.ConnectAsync().DefaultTimeout())
        {
            await admin.GetDatabase().ExecuteAsync("CONFIG", "SET", "requirepass", "s3cret").DefaultTimeout();
        }

        var set = new RedisScript("return redis.call('SET', KEYS[1], ARGV[1])");
        var get = new RedisScript("return redis.call('GET', KEYS[1])");
        await using var database3 = CreatePipeline($"{server.ConnectionString},password=s3cret,defaultDatabase=3");
        await using var database0 = CreatePipeline($"{server.ConnectionString},password=s3cret");
        await using var wrongPassword = CreatePipeline($"{server.ConnectionString},password={WrongPassword}");

        // Act
        await database3.EvaluateAsync(set, "where", ["three"], "a test", CancellationToken.None).DefaultTimeout();
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => wrongPassword.EvaluateAsync(get, "where", [], "a test", CancellationToken.None)).DefaultTimeout();

        // Assert
        Assert.Equal("three", (await database3.EvaluateAsync(get, "where", [], "a test", CancellationToken.None).DefaultTimeout()).Text);
        Assert.True((await database0.EvaluateAsync(get, "where", [], "a test", CancellationToken.None).DefaultTimeout()).IsNull);
        Assert.Contains("refused AUTH", error.Message);
        Assert.DoesNotContain(WrongPassword, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_RedisStoppedThenStarted_FailsFastThenReconnectsAndLogsTheLoss()
    {
        // Arrange
        await using var server = await RedisServer.StartAsync();
        var logs = new LogCapture();
        await using var pipeline = CreatePipeline(server.ConnectionString, logs: logs);
        await pipeline.EvaluateAsync(Echo, "k", ["before"], "a test", CancellationToken.None).DefaultTimeout();

        // Act
        await server.StopAsync().DefaultTimeout();
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => pipeline.EvaluateAsync(Echo, "k", ["during"], "the test's call", CancellationToken.None)).DefaultTimeout();
        stopwatch.Stop();
        await server.StartAsync().DefaultTimeout();
        var after = await pipeline.EvaluateAsync(Echo, "k", ["after"], "a test", CancellationToken.None).DefaultTimeout();

        // Assert: refused, not timed out; then the next call opens a new connection.
        Assert.StartsWith("Redis ", error.Message);
        Assert.Contains("the test's call", error.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"The failed call took {stopwatch.Elapsed}.");
        Assert.Equal("after", after.Items![1].Text);
        Assert.Single(logs.WithEventName("RedisPipelineLost"));
        Assert.Equal(2, logs.WithEventName("RedisPipelineConnected").Count);
    }

    [Fact]
    public async Task EvaluateAsync_RedisPausedPastTheTimeout_TimesOutThenWorksOnANewConnection()
    {
        // Arrange
        var timeout = TimeSpan.FromMilliseconds(500);
        await using var server = await RedisServer.StartAsync();
        var logs = new LogCapture();
        await using var pipeline = CreatePipeline(server.ConnectionString, timeout, logs);
        await pipeline.EvaluateAsync(Echo, "k", ["before"], "a test", CancellationToken.None).DefaultTimeout();
        using var admin = await server.ConnectAsync().DefaultTimeout();
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL").DefaultTimeout();

        // Act
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => pipeline.EvaluateAsync(Echo, "k", ["paused"], "the paused call", CancellationToken.None)).DefaultTimeout();
        await admin.GetDatabase().PingAsync().DefaultTimeout(); // Held too, so it returns when the pause ends.
        var after = await pipeline.EvaluateAsync(Echo, "k", ["after"], "a test", CancellationToken.None).DefaultTimeout();

        // Assert: the timed-out connection was given up, since its replies might never come.
        Assert.Equal($"Redis did not complete the paused call within {timeout}.", error.Message);
        Assert.Equal("after", after.Items![1].Text);
        Assert.Equal(2, logs.WithEventName("RedisPipelineConnected").Count);
    }

    [Fact]
    public async Task EvaluateAsync_ServerSendsSomethingElseThanResp_FailsWithProtocolError()
    {
        // Arrange: a listener that answers anything with bytes that are not RESP.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[1024];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray());
            _ = await stream.ReadAsync(buffer);
        });
        await using var pipeline = CreatePipeline($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        // Act
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => pipeline.EvaluateAsync(Echo, "k", ["x"], "a test", CancellationToken.None)).DefaultTimeout();

        // Assert
        Assert.Contains("unknown type", error.Message);
        await serving.DefaultTimeout();
    }

    [Fact]
    public async Task EvaluateAsync_AfterDispose_ThrowsConnectionClosed()
    {
        // Arrange
        var pipeline = CreatePipeline(redis.ConnectionString);
        await pipeline.EvaluateAsync(Echo, "k", ["x"], "a test", CancellationToken.None).DefaultTimeout();

        // Act
        await pipeline.DisposeAsync();
        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => pipeline.EvaluateAsync(Echo, "k", ["x"], "the late call", CancellationToken.None)).DefaultTimeout();

        // Assert
        Assert.Equal("Redis could not run the late call: the connection is closed.", error.Message);
    }

    private static RedisPipeline CreatePipeline(string configuration, TimeSpan? operationTimeout = null, LogCapture? logs = null)
    {
        var options = new RedisConnectionOptions { Configuration = configuration, OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5) };
        var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs ?? new LogCapture()));
        return new RedisPipeline(Options.Create(options), loggerFactory.CreateLogger<RedisPipeline>());
    }

    private static async Task<long> ReadsProcessedAsync(ConnectionMultiplexer admin)
    {
        var info = (string)(await admin.GetDatabase().ExecuteAsync("INFO", "stats").DefaultTimeout())!;
        var line = info.Split("\r\n").Single(l => l.StartsWith("total_reads_processed:", StringComparison.Ordinal));
        return long.Parse(line["total_reads_processed:".Length..], CultureInfo.InvariantCulture);
    }
}
