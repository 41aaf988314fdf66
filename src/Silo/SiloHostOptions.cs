namespace SessionGrains.Silo;

/// <summary>
/// Settings of the silo process itself, bound from <c>SessionGrains:Silo</c> beside the endpoints of
/// <c>SessionGrainsClusterOptions</c> (<c>Port</c>, <c>GatewayPort</c>, <c>ListenAddress</c>, <c>AdvertisedHost</c>, where
/// <c>auto</c> means this machine's host name).
/// </summary>
internal sealed class SiloHostOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Silo";

    /// <summary>
    /// Paths of extra assemblies whose grain classes this silo hosts, besides <c>SessionGrains.Grains</c>; relative
    /// paths are taken from the working directory. Default: none.
    /// </summary>
    public List<string> GrainAssemblies { get; set; } = [];

    /// <summary>
    /// How long a graceful stop (SIGTERM, Ctrl+C) may take: leaving the view, deactivating every grain and writing its
    /// state. Default: 30 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
