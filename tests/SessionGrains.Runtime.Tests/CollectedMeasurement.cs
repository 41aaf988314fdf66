namespace SessionGrains.Runtime.Tests;

/// <summary>One measurement a <see cref="MetricCollector"/> saw.</summary>
public sealed record CollectedMeasurement(double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public bool HasTag(string name, object? value) => Tags.TryGetValue(name, out var actual) && Equals(actual, value);
}
