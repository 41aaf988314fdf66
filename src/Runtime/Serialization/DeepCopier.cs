using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace SessionGrains.Runtime.Serialization;

/// <summary>
/// Keeps caller and grain from sharing mutable objects. Values of immutable types pass by reference; anything else is
/// copied by a serialization round trip through its declared type.
/// </summary>
/// <remarks>
/// Immutable: primitives, strings, enums, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>,
/// <see cref="Guid"/>, <see cref="decimal"/>, <see cref="CancellationToken"/>, grain references, the
/// System.Collections.Immutable collections of immutable elements, types marked <see cref="ImmutableAttribute"/>, and
/// types whose instance fields are all read-only and immutable (sealed records with init-only properties).
/// </remarks>
internal static class DeepCopier
{
    private static readonly ConcurrentDictionary<Type, bool> s_immutable = new();

    public static T Copy<T>(T value) => value is null || IsImmutable(typeof(T)) ? value : (T)Copy(value, typeof(T))!;

    public static object? Copy(object? value, Type declaredType)
    {
        if (value is null || IsImmutable(declaredType))
        {
            return value;
        }

        return GrainSerializer.Deserialize(GrainSerializer.Serialize(value, declaredType), declaredType);
    }

    public static bool IsImmutable(Type type) => s_immutable.TryGetValue(type, out var known) ? known : s_immutable.GetOrAdd(type, Compute(type, []));

    private static bool Compute(Type type, HashSet<Type> visiting)
    {
        if (s_immutable.TryGetValue(type, out var known))
        {
            return known;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(CancellationToken)
            || type == typeof(GrainId) || type.IsDefined(typeof(ImmutableAttribute), inherit: false)
            || (type.IsInterface && typeof(IGrain).IsAssignableFrom(type)))
        {
            return true;
        }

        if (!visiting.Add(type))
        {
            // A cycle: decided by the other members of the type that started it.
            return true;
        }

        if (type.IsGenericType && IsImmutableCollection(type.GetGenericTypeDefinition()))
        {
            return type.GetGenericArguments().All(t => Compute(t, visiting));
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Compute(underlying, visiting);
        }

        if (type.IsInterface || type.IsArray || type.IsAbstract || (!type.IsValueType && !type.IsSealed))
        {
            return false;
        }

        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if ((!field.IsInitOnly && !type.IsValueType) || !Compute(field.FieldType, visiting))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsImmutableCollection(Type definition) =>
        definition == typeof(ImmutableArray<>) || definition == typeof(ImmutableList<>) || definition == typeof(ImmutableHashSet<>)
        || definition == typeof(ImmutableDictionary<,>) || definition == typeof(ImmutableSortedDictionary<,>)
        || definition == typeof(KeyValuePair<,>);
}
