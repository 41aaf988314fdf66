using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Redis.Resp;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Redis;

/// <summary>
/// Grain storage's own connection to Redis: one pipelined socket (<see cref="RespConnection"/>), opened on first use
/// and again on the first use after it fails. StackExchange.Redis 1.2.6 hands every command to a writer thread and
/// every reply to the thread pool; on the hot path (one compare-and-set per grain write) those wake-ups cost more than
/// Redis itself. Here the caller writes, and the replies of a batch are read at once. It connects to the first
/// endpoint of <see cref="RedisConnectionOptions.Configuration"/>, with its password, database and TLS settings.
/// </summary>
internal sealed partial class RedisPipeline(IOptions<RedisConnectionOptions> options, ILogger<RedisPipeline> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly ConfigurationOptions _configuration = ConfigurationOptions.Parse(options.Value.Configuration ?? "");
    private Task<RespConnection>? _connection;
    private bool _disposed;

    public RedisConnectionOptions Options { get; } = options.Value;

    /// <summary>
    /// Runs <paramref name="script"/> on <paramref name="key"/> with <paramref name="arguments"/> and returns its reply.
    /// </summary>
    /// <exception cref="RedisUnavailableException">
    /// Redis could not be reached, failed the script, or did not answer within
    /// <see cref="RedisConnectionOptions.OperationTimeout"/>; <paramref name="description"/> names the operation.
    /// </exception>
    public async Task<RespReply> EvaluateAsync(RedisScript script, string key, RespArgument[] arguments, string description, CancellationToken cancellationToken)
    {
        var command = new RespArgument[4 + arguments.Length];
        command[0] = "EVALSHA";
        command[1] = script.Sha1;
        command[2] = 1;
        command[3] = key;
        arguments.CopyTo(command, 4);
        var reply = await SendAsync(command, description, cancellationToken);
        if (reply.IsError && reply.Text!.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // A new or flushed Redis: EVAL runs the script and caches it for the next EVALSHA.
            command[0] = "EVAL";
            command[1] = script.Text;
            reply = await SendAsync(command, description, cancellationToken);
        }

        return reply.IsError ? throw new RedisUnavailableException($"Redis failed {description}: {reply.Text}") : reply;
    }

    public async ValueTask DisposeAsync()
    {
        Task<RespConnection>? connection;
        lock (_lock)
        {
            _disposed = true;
            connection = _connection;
        }

        if (connection is null)
        {
            return;
        }

        // A connect still in flight is waited for (at most ConnectTimeout), so its socket is not left open.
        await ((Task)connection).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (connection.IsCompletedSuccessfully)
        {
            await connection.Result.DisposeAsync();
        }
    }

    private async Task<RespReply> SendAsync(RespArgument[] command, string description, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(description, cancellationToken);
        try
        {
            return await connection.SendAsync(command).WaitAsync(Options.OperationTimeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            // The replies may never come (a half-open socket): the next command opens a new connection.
            connection.Abort(exception);
            throw new RedisUnavailableException($"Redis did not complete {description} within {Options.OperationTimeout}.", exception);
        }
        catch (RedisUnavailableException exception)
        {
            throw new RedisUnavailableException($"Redis failed {description}: {exception.Message}", exception);
        }
    }

    private async Task<RespConnection> GetConnectionAsync(string description, CancellationToken cancellationToken)
    {
        Task<RespConnection> connecting;
        lock (_lock)
        {
            if (_disposed)
            {
                throw new RedisUnavailableException($"Redis could not run {description}: the connection is closed.");
            }

            if (_connection is null || _connection.IsFaulted || _connection is { IsCompletedSuccessfully: true, Result.IsFailed: true })
            {
                // The connection outlives the caller that happens to open it, so it must not carry the caller's context.
                using (ExecutionContext.SuppressFlow())
                {
                    _connection = Task.Run(ConnectAsync, CancellationToken.None);
                }
            }

            connecting = _connection;
        }

        try
        {
            return await connecting.WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new RedisUnavailableException($"Redis could not be connected for {description}: {exception.Message}", exception);
        }
    }

    private async Task<RespConnection> ConnectAsync()
    {
        var endpoint = _configuration.EndPoints.FirstOrDefault()
            ?? throw new InvalidOperationException($"{RedisConnectionOptions.SectionName} names no Redis endpoint.");
        using var timeout = new CancellationTokenSource(Options.ConnectTimeout);
        RespConnection? connection = null;
        try
        {
            var tlsHost = _configuration.Ssl ? _configuration.SslHost ?? HostOf(endpoint) : null;
            connection = await RespConnection.ConnectAsync(endpoint, tlsHost, OnConnectionFailed, timeout.Token);
            if (_configuration.Password is { Length: > 0 } password)
            {
                await ExpectOkAsync(connection.SendAsync(["AUTH", password]), "AUTH", timeout.Token);
            }

            if (_configuration.DefaultDatabase is > 0 and var database)
            {
                await ExpectOkAsync(connection.SendAsync(["SELECT", database]), "SELECT", timeout.Token);
            }

            Log.Connected(logger, connection.Endpoint);
            return connection;
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested)
        {
            await DisposeAsync(connection);
            throw new TimeoutException($"Connecting took longer than {Options.ConnectTimeout}.", exception);
        }
        catch
        {
            await DisposeAsync(connection);
            throw;
        }
    }

    private static async Task ExpectOkAsync(Task<RespReply> reply, string command, CancellationToken cancellationToken)
    {
        var result = await reply.WaitAsync(cancellationToken);
        if (result.IsError)
        {
            throw new RedisUnavailableException($"Redis refused {command}: {result.Text}");
        }
    }

    private static async ValueTask DisposeAsync(RespConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private static string HostOf(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => dns.Host,
        System.Net.IPEndPoint ip => ip.Address.ToString(),
        _ => endpoint.ToString() ?? "",
    };

    private void OnConnectionFailed(RespConnection connection, Exception cause)
    {
        if (cause is not ObjectDisposedException)
        {
            Log.ConnectionLost(logger, connection.Endpoint, cause.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4002, LogLevel.Information, "Grain storage's Redis connection to {Endpoint} is open.", EventName = "RedisPipelineConnected")]
        public static partial void Connected(ILogger logger, string endpoint);

        [LoggerMessage(4003, LogLevel.Warning, "Grain storage's Redis connection to {Endpoint} was lost: {Reason} The next storage operation reconnects.", EventName = "RedisPipelineLost")]
        public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);
    }
}
