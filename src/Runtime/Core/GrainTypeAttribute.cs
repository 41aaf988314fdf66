namespace SessionGrains.Runtime;

/// <summary>
/// Names the grain type of a grain interface, the first half of its <see cref="GrainId"/>. Without it the type is the
/// interface's full name. Keep names short and stable: they are part of every storage key and message.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public GrainTypeAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The grain type's name.</summary>
    public string Name { get; }
}
