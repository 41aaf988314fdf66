using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Redis;

/// <summary>
/// The process's one <see cref="ConnectionMultiplexer"/>, connected on first use. It never aborts on a failed
/// connect: the multiplexer keeps reconnecting in the background, and operations fail fast meanwhile.
/// </summary>
internal sealed partial class RedisConnection(IOptions<RedisConnectionOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private volatile ConnectionMultiplexer? _multiplexer;

    public RedisConnectionOptions Options { get; } = options.Value;

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        var multiplexer = _multiplexer ?? await ConnectAsync(cancellationToken);
        return multiplexer.GetDatabase();
    }

    public async Task<ISubscriber> GetSubscriberAsync(CancellationToken cancellationToken)
    {
        var multiplexer = _multiplexer ?? await ConnectAsync(cancellationToken);
        return multiplexer.GetSubscriber();
    }

    /// <summary>
    /// Runs <paramref name="operation"/> and turns its failure or a timeout into <see cref="RedisUnavailableException"/>.
    /// The first use also connects, bounded by <see cref="RedisConnectionOptions.ConnectTimeout"/>; the operation itself
    /// by <see cref="RedisConnectionOptions.OperationTimeout"/>.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<IDatabase, Task<T>> operation, string description, CancellationToken cancellationToken)
    {
        IDatabase database;
        try
        {
            database = await GetDatabaseAsync(cancellationToken).WaitAsync(Options.ConnectTimeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new RedisUnavailableException($"Redis could not be connected within {Options.ConnectTimeout} for {description}.", exception);
        }
        catch (RedisException exception)
        {
            throw new RedisUnavailableException($"Redis could not be connected for {description}: {exception.Message}", exception);
        }

        try
        {
            return await operation(database).WaitAsync(Options.OperationTimeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new RedisUnavailableException($"Redis did not complete {description} within {Options.OperationTimeout}.", exception);
        }
        catch (RedisException exception)
        {
            throw new RedisUnavailableException($"Redis failed {description}: {exception.Message}", exception);
        }
        catch (ObjectDisposedException exception)
        {
            // The host is shutting down and has closed the connection under a late caller.
            throw new RedisUnavailableException($"Redis could not run {description}: the connection is closed.", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }

        // The connect lock is not disposed: a connect still in flight at shutdown releases it afterwards.
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            var configuration = ConfigurationOptions.Parse(Options.Configuration ?? "");
            configuration.AbortOnConnectFail = false;
            configuration.ConnectTimeout = (int)Options.ConnectTimeout.TotalMilliseconds;
            configuration.SyncTimeout = (int)Options.OperationTimeout.TotalMilliseconds;
            var endpoints = string.Join(",", configuration.EndPoints);
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);

            // 1.x completes async calls one by one on a single thread by default; code that blocks after an await
            // (a synchronous IXmlRepository, say) would then stall every Redis reply of the process.
            multiplexer.PreserveAsyncOrder = false;
            Log.Connected(logger, endpoints, multiplexer.IsConnected);
            _multiplexer = multiplexer;
            return multiplexer;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Redis connection to {Endpoints} created; connected now: {IsConnected}.", EventName = "RedisConnected")]
        public static partial void Connected(ILogger logger, string endpoints, bool isConnected);
    }
}
