using System.Collections.Immutable;

namespace SessionGrains.Runtime.Membership;

/// <summary>What a silo hosts, published with its heartbeats for admin pages.</summary>
/// <param name="Activations">Its activations.</param>
/// <param name="ActivationsByType">Its activations by grain type, such as <c>session</c> and <c>user</c>.</param>
/// <param name="PublishedAt">When the silo published them, by its clock.</param>
public sealed record SiloStatistics(int Activations, ImmutableDictionary<string, int> ActivationsByType, DateTimeOffset PublishedAt);
