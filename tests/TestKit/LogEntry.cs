using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SessionGrains.TestKit;

/// <summary>
/// One entry a <see cref="LogCapture"/> kept: when (UTC, and since the capture began), level, category, event, the
/// formatted message, the structured values, the exception and the scopes, outermost first.
/// </summary>
public sealed record LogEntry(
    DateTime Time,
    TimeSpan Elapsed,
    LogLevel Level,
    string Category,
    EventId EventId,
    string Message,
    string Values,
    Exception? Exception,
    IReadOnlyList<string> Scopes)
{
    /// <summary>Everything the entry would carry to a log sink, for "this secret appears nowhere" checks.</summary>
    public string AllText => $"{Category} {EventId.Name} {Message} {Values} {Exception}";

    /// <summary>The entry as one line: <c>[  1.234s] 12:00:00.000 Warning Category [EventName] message | exception</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"[{Elapsed.TotalSeconds,7:F3}s] {Time:HH:mm:ss.fff} {Level} {Category} [{EventId.Name}] {Message}{(Exception is null ? "" : " | " + Exception)}");
}
