using System.Collections.Immutable;

namespace SessionGrains.Grains.Sessions;

/// <summary>Changes to a session's data, applied in one turn: keys to set, then keys to remove.</summary>
[GenerateSerializer, Immutable, Alias("sessiongrains.session-change-set")]
public sealed record SessionChangeSet(ImmutableDictionary<string, string> Set, ImmutableArray<string> Remove)
{
    /// <summary>Whether it changes nothing.</summary>
    public bool IsEmpty => Set.IsEmpty && Remove.IsDefaultOrEmpty;
}
