using Microsoft.Extensions.Logging;

namespace SessionGrains.Grains.Hosting;

/// <summary>
/// Keeps a cluster client trying to connect, once a second, while no silo is reachable, and says so at once: the
/// first failure is a warning, later ones are debug lines. The front end stays up and answers 503 meanwhile
/// (<see cref="ClusterClientReadiness"/>), instead of failing to start.
/// </summary>
internal sealed partial class NoSiloRetryFilter(ClusterClientReadiness readiness, ILogger<NoSiloRetryFilter> logger) : IClientConnectionRetryFilter
{
    private int _failures;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        readiness.Failed(exception.Message);
        if (Interlocked.Increment(ref _failures) == 1)
        {
            Log.NoSilo(logger, exception.Message);
        }
        else
        {
            Log.StillNoSilo(logger, _failures);
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Warning, "No silo is reachable; session requests answer 503 until one is. Retrying every second. {Reason}", EventName = "NoSiloReachable")]
        public static partial void NoSilo(ILogger logger, string reason);

        [LoggerMessage(5002, LogLevel.Debug, "Still no silo reachable after {Attempts} attempts.", EventName = "StillNoSiloReachable")]
        public static partial void StillNoSilo(ILogger logger, int attempts);
    }
}
