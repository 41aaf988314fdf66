namespace SessionGrains.Runtime;

/// <summary>
/// A process's way into a silo cluster when it hosts no silo itself, as front ends do: grain references whose calls
/// go straight to each grain's owner. Register it with <c>AddClusterClient</c>.
/// </summary>
public interface IClusterClient : IGrainFactory
{
}
