using Microsoft.Extensions.Hosting;

namespace SessionGrains.Grains.Hosting;

/// <summary>
/// Whether this process can make grain calls: a silo or co-hosting process always can; a cluster client once it has
/// connected to a gateway (the host has started). Until then calls fail at once with the reason.
/// </summary>
public sealed class ClusterClientReadiness
{
    private volatile bool _ready;
    private volatile string _reason = "The cluster client has not connected to a silo yet.";

    /// <summary>Creates the readiness of a process that hosts a silo: always ready.</summary>
    public ClusterClientReadiness()
    {
        _ready = true;
    }

    /// <summary>Creates the readiness of a cluster client: ready once <paramref name="lifetime"/> says the host started.</summary>
    public ClusterClientReadiness(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStarted.Register(() => _ready = true);
    }

    /// <summary>Whether grain calls can be made.</summary>
    public bool IsReady => _ready;

    /// <summary>Why not, when not.</summary>
    public string Reason => _reason;

    /// <summary>Throws when grain calls cannot be made yet.</summary>
    /// <exception cref="ClusterUnavailableException">No silo has been reached yet.</exception>
    public void ThrowIfNotReady()
    {
        if (!_ready)
        {
            throw new ClusterUnavailableException(_reason);
        }
    }

    internal void Failed(string reason) => _reason = "No silo is reachable: " + reason;
}
