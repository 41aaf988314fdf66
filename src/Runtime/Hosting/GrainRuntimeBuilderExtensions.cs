using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime.Hosting;

/// <summary>Registers grain classes.</summary>
public static class GrainRuntimeBuilderExtensions
{
    /// <summary>Registers <typeparamref name="TGrain"/> as the class of the grain types of the grain interfaces it implements.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IGrainRuntimeBuilder AddGrain<TGrain>(this IGrainRuntimeBuilder builder) where TGrain : Grain, IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new GrainClassRegistration(typeof(TGrain)));
        return builder;
    }

    /// <summary>Registers every concrete grain class in <paramref name="assembly"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="assembly"/> is null.</exception>
    public static IGrainRuntimeBuilder AddGrains(this IGrainRuntimeBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
            && typeof(Grain).IsAssignableFrom(t) && typeof(IGrainWithStringKey).IsAssignableFrom(t)))
        {
            builder.Services.AddSingleton(new GrainClassRegistration(type));
        }

        return builder;
    }
}
