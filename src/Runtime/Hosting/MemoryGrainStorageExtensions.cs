using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Memory;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Registers in-memory grain storage.</summary>
public static class MemoryGrainStorageExtensions
{
    /// <summary>
    /// Adds grain storage named <paramref name="name"/> that keeps records in this process's memory: for tests and the
    /// embedded default, never for a farm. Records honour their expiry by the runtime's <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static IGrainRuntimeBuilder AddMemoryGrainStorage(this IGrainRuntimeBuilder builder, string name = GrainStorageDefaults.DefaultStorageName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
