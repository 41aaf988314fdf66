namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// The front end against a real redis-server, hosting a silo of its own (<c>Mode=Silo</c>). Each front end started
/// here gets its own cluster id and storage key prefix, so fresh front ends share the server but not their grains.
/// </summary>
public sealed class RedisFrontendFixture : FrontendFixture
{
    private readonly RedisFixture _redis = new();

    public RedisServer Redis => _redis.Server;

    public static Dictionary<string, string?> SiloSettings(string redisConnection)
    {
        var id = Guid.NewGuid().ToString("n")[..12];
        return new Dictionary<string, string?>
        {
            ["SessionGrains:Redis"] = redisConnection,
            ["SessionGrains:Mode"] = "Silo",
            ["SessionGrains:Silo:Port"] = "0",
            ["SessionGrains:Silo:GatewayPort"] = "0",
            ["SessionGrains:Silo:ListenAddress"] = "127.0.0.1",
            ["SessionGrains:Cluster:ClusterId"] = "aspnetcore-tests-" + id,
            ["SessionGrains:Storage:Default:KeyPrefix"] = $"sg-test-{id}:",
        };
    }

    public override async Task InitializeAsync()
    {
        await _redis.InitializeAsync().DefaultTimeout();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync().DefaultTimeout();
    }

    protected override IReadOnlyDictionary<string, string?> BackEndSettings() => SiloSettings(_redis.ConnectionString);
}
