namespace SessionGrains.Runtime.Tests.Grains;

public sealed class StateGrainState
{
    public string? Value { get; set; }
}
