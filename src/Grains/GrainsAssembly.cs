namespace SessionGrains.Grains;

/// <summary>Names this assembly, for code that needs a type from it (tests, the silo host's log).</summary>
public static class GrainsAssembly
{
}
