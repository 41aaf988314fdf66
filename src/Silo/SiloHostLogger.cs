using System.Reflection;

namespace SessionGrains.Silo;

/// <summary>Says what this process hosts when it starts, and when a graceful stop begins.</summary>
internal sealed partial class SiloHostLogger(
    IReadOnlyList<Assembly> grainAssemblies,
    TimeSpan shutdownTimeout,
    IHostApplicationLifetime lifetime,
    ILogger<SiloHostLogger> logger) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, string.Join(", ", grainAssemblies.Select(a => a.GetName().Name)), Environment.ProcessId);
        _stopping = lifetime.ApplicationStopping.Register(() => Log.Stopping(logger, shutdownTimeout));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(9001, LogLevel.Information, "Silo host starting (process {ProcessId}) with grains from {GrainAssemblies}.", EventName = "SiloHostStarting")]
        public static partial void Starting(ILogger logger, string grainAssemblies, int processId);

        [LoggerMessage(9002, LogLevel.Information, "Silo host stopping gracefully: handing over grains, at most {ShutdownTimeout}.", EventName = "SiloHostStopping")]
        public static partial void Stopping(ILogger logger, TimeSpan shutdownTimeout);
    }
}
