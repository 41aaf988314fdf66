using System.Collections;

namespace SessionGrains.Runtime.Diagnostics;

/// <summary>
/// One named value in the scopes of a log entry. Structured sinks (the JSON console, OpenTelemetry) read the pair; text
/// sinks print <c>Silo 10.0.0.5:11111@3</c>.
/// </summary>
internal sealed class LogScope(string name, string value, string label) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?> _pair = new(name, value);
    private readonly string _text = $"{label} {value}";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? _pair : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return _pair;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;
}
