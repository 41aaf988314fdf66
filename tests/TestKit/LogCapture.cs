using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SessionGrains.TestKit;

/// <summary>
/// A logger provider for the hosts under test. It keeps every entry from <paramref name="captureFrom"/> up, with its
/// scopes, so a test can search what was logged; and it writes entries from <paramref name="outputFrom"/> up to the
/// test's output, where a failed run shows them.
/// </summary>
public sealed class LogCapture(ITestOutputHelper? output = null, LogLevel outputFrom = LogLevel.Warning, LogLevel captureFrom = LogLevel.Trace)
    : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly LogLevel _captureFrom = captureFrom;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Every entry as one line (<see cref="LogEntry.ToString"/>).</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => e.ToString())];

    /// <summary>The lines logged at <see cref="LogLevel.Error"/> or above.</summary>
    public IReadOnlyList<string> Errors => [.. _entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.ToString())];

    /// <summary>Every line, one after another, for a failure's report.</summary>
    public string Text => string.Join('\n', Lines);

    public IReadOnlyList<LogEntry> WithEventName(string eventName) => [.. _entries.Where(e => e.EventId.Name == eventName)];

    /// <summary>Where the log stands now; pass it to <see cref="Since"/> to see only what came after.</summary>
    public int Mark() => _entries.Count;

    public IReadOnlyList<LogEntry> Since(int mark) => [.. _entries.Skip(mark)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write(LogEntry entry)
    {
        _entries.Enqueue(entry);
        if (output is null || entry.Level < outputFrom)
        {
            return;
        }

        try
        {
            output.WriteLine(entry.ToString());
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a host still shutting down has nowhere to write.
        }
    }

    private IReadOnlyList<string> ReadScopes()
    {
        var scopes = new List<string>();
        _scopes?.ForEachScope(static (scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
        return scopes;
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._captureFrom;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            owner.Write(new LogEntry(DateTime.UtcNow, owner._clock.Elapsed, logLevel, category, eventId, formatter(state, exception), values, exception, owner.ReadScopes()));
        }
    }
}
