using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Grains.Hosting;

namespace SessionGrains.AspNetCore.Session;

/// <summary>What every request's session feature needs, resolved once.</summary>
internal sealed class SessionGrainsRequestServices(
    IGrainFactory grainFactory,
    ClusterClientReadiness readiness,
    SessionCookieProtector protector,
    IOptions<SessionGrainsOptions> options,
    SessionGrainsMetrics metrics,
    ILogger<SessionGrainsMiddleware> logger)
{
    /// <summary>The grain factory, once this process can call grains; before, it throws with the reason.</summary>
    /// <exception cref="ClusterUnavailableException">No silo has been reached yet.</exception>
    public IGrainFactory GrainFactory
    {
        get
        {
            readiness.ThrowIfNotReady();
            return grainFactory;
        }
    }

    public SessionCookieProtector Protector { get; } = protector;

    public SessionGrainsOptions Options { get; } = options.Value;

    public SessionGrainsMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;
}
