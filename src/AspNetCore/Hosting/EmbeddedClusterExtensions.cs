using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;
using SessionGrains.Grains.Hosting;

namespace SessionGrains.AspNetCore.Hosting;

/// <summary>The embedded default's silo: alone on localhost clustering, on free ports unless <c>SessionGrains:Silo</c> names them.</summary>
internal static class EmbeddedClusterExtensions
{
    public static ISiloBuilder UseEmbeddedCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(SessionGrainsClusterOptions.SiloSectionName);
        var siloPort = FreePort.Resolve(section.GetValue(nameof(SessionGrainsClusterOptions.Port), 0));
        var gatewayPort = FreePort.Resolve(section.GetValue(nameof(SessionGrainsClusterOptions.GatewayPort), 0));
        silo.UseLocalhostClustering(siloPort, gatewayPort);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = SessionGrainsClusterExtensions.ResponseTimeout);
        silo.Services.BindOrleansOptions<SiloMessagingOptions>(configuration, "Messaging", legacySection: "SessionGrains:Runtime");
        silo.Services.BindOrleansOptions<GrainCollectionOptions>(configuration, "Collection", legacySection: "SessionGrains:Runtime:Collection");
        silo.Services.TryAddSingleton(new ClusterClientReadiness());
        return silo;
    }
}
