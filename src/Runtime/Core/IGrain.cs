namespace SessionGrains.Runtime;

/// <summary>Marker for grain interfaces. Grain interfaces derive from a keyed form such as <see cref="IGrainWithStringKey"/>.</summary>
public interface IGrain
{
}
