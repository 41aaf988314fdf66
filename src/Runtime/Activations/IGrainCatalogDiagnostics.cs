namespace SessionGrains.Runtime.Activations;

/// <summary>What this process hosts, for diagnostics, admin pages and tests.</summary>
public interface IGrainCatalogDiagnostics
{
    /// <summary>The number of activations in this process.</summary>
    int ActivationCount { get; }

    /// <summary>The grains active in this process now.</summary>
    IReadOnlyCollection<GrainId> GetActivations();

    /// <summary>Whether <paramref name="grainId"/> is active in this process.</summary>
    bool IsActive(GrainId grainId);
}
