using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Grains.Hosting;

/// <summary>Registers the session and user grains on a silo.</summary>
public static class SessionGrainsRuntimeExtensions
{
    /// <summary>
    /// Adds <see cref="SessionGrain"/> and <see cref="UserGrain"/>, their options (<c>SessionGrains:Sessions</c>) and
    /// session metrics. Both use the <c>Default</c> grain storage.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IGrainRuntimeBuilder AddSessionGrains(this IGrainRuntimeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGrain<SessionGrain>().AddGrain<UserGrain>();
        builder.Services.AddOptions<SessionGrainOptions>().BindConfiguration(SessionGrainOptions.SectionName);
        builder.Services.TryAddSingleton<SessionEventDispatcher>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionEvents, SessionMetrics>());
        return builder;
    }
}
