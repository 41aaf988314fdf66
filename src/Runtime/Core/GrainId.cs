namespace SessionGrains.Runtime;

/// <summary>The identity of a grain: its type and its key.</summary>
/// <param name="Type">The grain type, from <see cref="GrainTypeAttribute"/> on the grain interface.</param>
/// <param name="Key">The grain's key.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Returns <c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}
