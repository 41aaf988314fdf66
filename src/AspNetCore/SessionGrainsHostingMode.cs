namespace SessionGrains.AspNetCore;

/// <summary>Where a front end's grains run.</summary>
public enum SessionGrainsHostingMode
{
    /// <summary>A pure client of a silo cluster found through Redis membership.</summary>
    Client,

    /// <summary>This process hosts a silo of the cluster, and its own grains skip the network.</summary>
    Silo,
}
