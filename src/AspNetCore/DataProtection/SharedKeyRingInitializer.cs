using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionGrains.AspNetCore.DataProtection;

/// <summary>
/// Makes front ends started together on an empty key ring share one key. Each would otherwise create a key of its
/// own when Data Protection first reads the ring, and after Data Protection's refresh-on-miss window one front end
/// rejects the others' cookies (dotnet/aspnetcore#52678). Before any hosted service starts (so before Data
/// Protection's own), this takes a Redis lock, creates a key only if the ring has no usable one, and lets go; the
/// others then find that key. Redis being down only skips this: Data Protection goes on as it would.
/// </summary>
internal sealed partial class SharedKeyRingInitializer(
    IConnectionMultiplexer redis,
    IKeyManager keys,
    IOptions<KeyManagementOptions> options,
    TimeProvider timeProvider,
    ILogger<SharedKeyRingInitializer> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisKey lockKey = SessionGrainsDataProtection.KeysKey + ":lock";
        var token = Guid.NewGuid().ToString("N");
        var started = timeProvider.GetTimestamp();
        try
        {
            while (!await db.LockTakeAsync(lockKey, token, LockTimeout))
            {
                if (timeProvider.GetElapsedTime(started) > LockTimeout)
                {
                    Log.Skipped(logger, "another front end held the lock too long");
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
            }

            try
            {
                var now = timeProvider.GetUtcNow();
                if (!keys.GetAllKeys().Any(key => !key.IsRevoked && key.ActivationDate <= now && now < key.ExpirationDate))
                {
                    keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
                    Log.Created(logger);
                }
            }
            finally
            {
                await db.LockReleaseAsync(lockKey, token);
            }
        }
        catch (RedisException exception)
        {
            Log.Skipped(logger, exception.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(8201, LogLevel.Information, "Created the first key of the shared Data Protection key ring.", EventName = "DataProtectionKeyCreated")]
        public static partial void Created(ILogger logger);

        [LoggerMessage(8202, LogLevel.Warning, "Did not check the shared Data Protection key ring at start ({Reason}); front ends started together may create a key each.", EventName = "DataProtectionKeyRingUnchecked")]
        public static partial void Skipped(ILogger logger, string reason);
    }
}
