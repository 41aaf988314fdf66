using System.Collections.Concurrent;
using System.Reflection;

namespace SessionGrains.Runtime.Invocation;

/// <summary>What the runtime knows of a grain interface: its grain type and its methods, built once per interface.</summary>
internal sealed class GrainInterfaceMetadata
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceMetadata> s_interfaces = new();
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> s_methods = new();
    private static readonly ConcurrentDictionary<int, GrainMethod> s_methodsById = new();

    private GrainInterfaceMetadata(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType))
        {
            throw new InvalidOperationException($"{interfaceType.FullName} is not a grain interface: it must be an interface deriving from IGrainWithStringKey.");
        }

        InterfaceType = interfaceType;
        GrainType = GetGrainType(interfaceType);
        foreach (var method in new[] { interfaceType }.Concat(interfaceType.GetInterfaces()).SelectMany(t => t.GetMethods()))
        {
            var grainMethod = s_methods.GetOrAdd(method, GrainMethod.Create);
            var registered = s_methodsById.GetOrAdd(grainMethod.Id, grainMethod);
            if (registered.Method != method)
            {
                throw new InvalidOperationException($"Grain methods {registered.Signature} and {grainMethod.Signature} hash to the same id; rename one.");
            }
        }
    }

    public Type InterfaceType { get; }

    public string GrainType { get; }

    public static GrainInterfaceMetadata Get(Type interfaceType) => s_interfaces.GetOrAdd(interfaceType, static t => new GrainInterfaceMetadata(t));

    public static GrainMethod GetMethod(MethodInfo method) => s_methods.GetOrAdd(method, GrainMethod.Create);

    /// <summary>Finds a method of an interface this process has loaded, by its wire id.</summary>
    public static bool TryGetMethod(int id, out GrainMethod method) => s_methodsById.TryGetValue(id, out method!);

    public static string GetGrainType(Type interfaceType) =>
        interfaceType.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? interfaceType.FullName ?? interfaceType.Name;
}
