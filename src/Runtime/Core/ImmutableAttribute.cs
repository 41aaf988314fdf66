namespace SessionGrains.Runtime;

/// <summary>
/// Declares that instances of a type are never mutated once built, so grain calls pass them by reference instead of
/// copying them. Types whose fields are all read-only and immutable (sealed records with init-only properties, for
/// example) are detected without it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute
{
}
