using SessionGrains.Runtime.Invocation;

namespace SessionGrains.Runtime.Activations;

/// <summary>Maps grain types to the grain classes this process can activate.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, Type> _classes = new(StringComparer.Ordinal);

    public GrainTypeRegistry(IEnumerable<GrainClassRegistration> registrations)
    {
        foreach (var grainClass in registrations.Select(r => r.GrainClass).Distinct())
        {
            var grainInterfaces = grainClass.GetInterfaces()
                .Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i))
                .ToList();
            if (grainInterfaces.Count == 0)
            {
                throw new InvalidOperationException($"{grainClass.FullName} implements no grain interface (an interface deriving from IGrainWithStringKey).");
            }

            foreach (var grainType in grainInterfaces.Select(i => GrainInterfaceMetadata.Get(i).GrainType).Distinct())
            {
                if (_classes.TryGetValue(grainType, out var existing) && existing != grainClass)
                {
                    throw new InvalidOperationException(
                        $"Grain type '{grainType}' is implemented by both {existing.FullName} and {grainClass.FullName}; a grain type needs exactly one class.");
                }

                _classes[grainType] = grainClass;
            }
        }
    }

    public bool Contains(string grainType) => _classes.ContainsKey(grainType);

    public Type GetGrainClass(string grainType) =>
        _classes.TryGetValue(grainType, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException($"No grain class is registered for grain type '{grainType}'. Register one with AddGrain<TGrain>().");
}
