namespace SessionGrains.Grains;

/// <summary>Names this assembly for grain registration: <c>AddGrains(typeof(GrainsAssembly).Assembly)</c>.</summary>
public static class GrainsAssembly
{
}
