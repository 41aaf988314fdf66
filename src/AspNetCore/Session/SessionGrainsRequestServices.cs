using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime;

namespace SessionGrains.AspNetCore.Session;

/// <summary>What every request's session feature needs, resolved once.</summary>
internal sealed class SessionGrainsRequestServices(
    IGrainFactory grainFactory,
    SessionCookieProtector protector,
    IOptions<SessionGrainsOptions> options,
    SessionGrainsMetrics metrics,
    ILogger<SessionGrainsMiddleware> logger)
{
    public IGrainFactory GrainFactory { get; } = grainFactory;

    public SessionCookieProtector Protector { get; } = protector;

    public SessionGrainsOptions Options { get; } = options.Value;

    public SessionGrainsMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;
}
