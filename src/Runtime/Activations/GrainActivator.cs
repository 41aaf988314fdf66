using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using SessionGrains.Runtime.Diagnostics;
using SessionGrains.Runtime.Persistence;

namespace SessionGrains.Runtime.Activations;

/// <summary>
/// Constructs grain instances: constructor parameters come from the activation's service scope, except those marked
/// <see cref="PersistentStateAttribute"/>, which get an <see cref="IPersistentState{TState}"/> bound to the grain.
/// </summary>
internal sealed class GrainActivator(GrainTypeRegistry registry, RuntimeMetrics metrics, StorageFence fence)
{
    private readonly ConcurrentDictionary<Type, Factory> _factories = new();

    public object CreateInstance(GrainActivation activation, IServiceProvider services, out IReadOnlyList<IPersistentStateLoader> states)
    {
        var grainClass = registry.GetGrainClass(activation.GrainId.Type);
        var factory = _factories.GetOrAdd(grainClass, static type => new Factory(type));
        var loaders = new List<IPersistentStateLoader>();
        var arguments = new object?[factory.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = factory.Parameters[i];
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
            {
                var state = CreatePersistentState(parameter, attribute, activation.GrainId, services);
                loaders.Add(state);
                arguments[i] = state;
            }
            else
            {
                arguments[i] = services.GetRequiredService(parameter.ParameterType);
            }
        }

        states = loaders;
        using (new GrainConstructionScope(activation))
        {
            try
            {
                return factory.Constructor.Invoke(arguments);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }
    }

    private IPersistentStateLoader CreatePersistentState(ParameterInfo parameter, PersistentStateAttribute attribute, GrainId grainId, IServiceProvider services)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType?.Name} has [PersistentState] but is not an IPersistentState<T>.");
        }

        var storage = services.GetKeyedService<IGrainStorage>(attribute.StorageName)
            ?? throw new InvalidOperationException(
                $"No grain storage named '{attribute.StorageName}' is registered. Add one with AddMemoryGrainStorage(\"{attribute.StorageName}\") or AddRedisGrainStorage(\"{attribute.StorageName}\").");
        var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
        return (IPersistentStateLoader)System.Activator.CreateInstance(stateType, attribute.StateName, attribute.StorageName, grainId, storage, metrics, fence)!;
    }

    private sealed class Factory
    {
        public Factory(Type grainClass)
        {
            if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract)
            {
                throw new InvalidOperationException($"{grainClass.FullName} must be a concrete class deriving from Grain.");
            }

            Constructor = grainClass.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new InvalidOperationException($"{grainClass.FullName} has no public constructor.");
            Parameters = Constructor.GetParameters();
        }

        public ConstructorInfo Constructor { get; }

        public ParameterInfo[] Parameters { get; }
    }
}
