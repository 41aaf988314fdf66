namespace SessionGrains.TestGrains;

public sealed class CounterState
{
    public long Value { get; set; }
}
