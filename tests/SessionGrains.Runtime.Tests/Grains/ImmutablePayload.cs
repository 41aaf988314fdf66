namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>A sealed record with init-only properties: grain calls may pass it by reference.</summary>
public sealed record ImmutablePayload
{
    public required string Name { get; init; }

    public int Number { get; init; }
}
