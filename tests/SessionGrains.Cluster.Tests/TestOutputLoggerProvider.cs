using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests;

/// <summary>Writes the silos' warnings and errors to the test's output, where a failed run shows them.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimumLevel = LogLevel.Warning) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, minimumLevel, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, LogLevel minimumLevel, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category} [{eventId.Name}] {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; a silo still shutting down has nowhere to write.
            }
        }
    }
}
