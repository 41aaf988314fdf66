using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Hosting;

/// <summary>Warns at start that sessions live in this process only: fine for a developer, wrong for a farm.</summary>
internal sealed partial class EmbeddedDefaultNotice(ILogger<EmbeddedDefaultNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Embedded(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(8101, LogLevel.Warning, "SessionGrains:Redis is not set: sessions run on the embedded default (one silo in this process, in-memory storage) and are lost when it stops. Set SessionGrains:Redis for a web farm.", EventName = "EmbeddedDefault")]
        public static partial void Embedded(ILogger logger);
    }
}
