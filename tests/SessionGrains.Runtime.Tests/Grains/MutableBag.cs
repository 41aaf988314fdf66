namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>A mutable class: grain calls must copy it.</summary>
public sealed class MutableBag
{
    public string Name { get; set; } = "";

    public List<int> Values { get; set; } = [];
}
