using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace SessionGrains.AspNetCore.DataProtection;

/// <summary>The farm's shared Data Protection key ring: Microsoft.AspNetCore.DataProtection.StackExchangeRedis on the shared multiplexer.</summary>
internal static class SessionGrainsDataProtection
{
    /// <summary>The Redis list holding the key ring.</summary>
    public const string KeysKey = "sg:dataprotection-keys";

    public static void AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("SessionGrains");
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeysKey));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<SharedKeyRingInitializer>();
    }
}
