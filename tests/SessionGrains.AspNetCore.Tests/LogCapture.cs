using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// A logger provider that keeps every entry of one host: level, category, event, the formatted message, the structured
/// values and the exception, so a test can check what was logged and that a secret appears nowhere in it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Where the log stands now; pass it to <see cref="Since"/> to see only what a request added.</summary>
    public int Mark() => _entries.Count;

    public IReadOnlyList<LogEntry> Since(int mark) => [.. _entries.Skip(mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            owner._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), values, exception));
        }
    }
}
