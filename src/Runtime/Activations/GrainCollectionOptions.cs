namespace SessionGrains.Runtime.Activations;

/// <summary>Idle collection and deactivation, bound from <c>SessionGrains:Runtime:Collection</c>.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>How long an activation may go without a call before it is deactivated. Default: 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Collection ages by grain type, overriding <see cref="CollectionAge"/>. Default: none.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; set; } = [];

    /// <summary>How often idle activations are looked for. Default: 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <see cref="Grain.OnDeactivateAsync"/> may run before it is cancelled. Default: 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal TimeSpan GetCollectionAge(string grainType) =>
        ClassSpecificCollectionAge.TryGetValue(grainType, out var age) ? age : CollectionAge;
}
