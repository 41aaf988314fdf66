using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests;

/// <summary>One captured log entry; <see cref="Values"/> holds its structured values as text.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, string Values, Exception? Exception)
{
    /// <summary>Everything the entry would carry to a log sink, for "this secret appears nowhere" checks.</summary>
    public string AllText => $"{Category} {EventId.Name} {Message} {Values} {Exception}";
}
