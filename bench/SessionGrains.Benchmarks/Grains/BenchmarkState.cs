namespace SessionGrains.Benchmarks.Grains;

/// <summary>A state about the size of a small session: a few fields and a short key/value map.</summary>
public sealed class BenchmarkState
{
    public int Value { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    public string UserId { get; set; } = "user-0123456789";

    public Dictionary<string, string> Data { get; set; } = new()
    {
        ["cart"] = "3 items",
        ["theme"] = "dark",
        ["returnUrl"] = "/account/orders?page=2",
    };
}
