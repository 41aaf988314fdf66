using Microsoft.Extensions.Logging;

namespace SessionGrains.Runtime.Tests;

/// <summary>One message a <see cref="TestLoggerProvider"/> captured, with its scopes outermost first.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<string> Scopes);
