using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionGrains.Runtime.Tests;

/// <summary>Captures every log message of a host with its scopes, for assertions on event names, levels and scopes.</summary>
public sealed class TestLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> WithEventName(string eventName) => [.. _entries.Where(e => e.EventId.Name == eventName)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private IReadOnlyList<string> ReadScopes()
    {
        var scopes = new List<string>();
        _scopes?.ForEachScope(static (scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
        return scopes;
    }

    private sealed class Logger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, provider.ReadScopes()));
    }
}
