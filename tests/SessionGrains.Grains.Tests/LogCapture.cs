using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// A logger provider for the silos: it keeps every message at every level (with its exception), so a test can search
/// what was logged, and writes warnings and errors to the test's output, where a failed run shows them.
/// </summary>
internal sealed class LogCapture(ITestOutputHelper? output) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The lines logged at <see cref="LogLevel.Error"/> or above.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {level} {category} [{eventId.Name}] {message}{(exception is null ? "" : " | " + exception)}";
        _lines.Enqueue(line);
        if (level >= LogLevel.Error)
        {
            _errors.Enqueue(line);
        }

        if (level < LogLevel.Warning || output is null)
        {
            return;
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a silo still shutting down has nowhere to write.
        }
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
