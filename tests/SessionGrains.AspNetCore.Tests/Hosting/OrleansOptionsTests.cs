using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.AspNetCore.Tests.Hosting;

/// <summary>
/// The Orleans options a front end's <c>AddSessionGrains</c> gives a silo it hosts and a cluster client (the values of
/// docs/architecture.md's configuration table), and the keys that change them: <c>SessionGrains:Orleans:*</c>, and the
/// old runtime's <c>SessionGrains:Runtime:*</c>, which upgrades keep. Hosts are built, never started, so nothing
/// connects anywhere.
/// </summary>
public sealed class OrleansOptionsTests
{
    private const string SessionGrainClass = "SessionGrains.Grains.Sessions.SessionGrain";

    [Fact]
    public void Client_Defaults_BoundResponseAndGatewayRefreshAtFiveSeconds()
    {
        // Arrange, Act
        using var host = Build("Client");

        // Assert: Orleans' 30 s and 1 min would keep a client on a dead gateway that long (orleans#10165)
        Assert.Equal(TimeSpan.FromSeconds(5), Options<ClientMessagingOptions>(host).ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), Options<GatewayOptions>(host).GatewayListRefreshPeriod);
    }

    [Fact]
    public void Silo_Defaults_AreTheTunedMembershipAndMessagingTimings()
    {
        // Arrange, Act
        using var host = Build("Silo");
        var membership = Options<ClusterMembershipOptions>(host);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), membership.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), membership.IAmAliveTablePublishTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), Options<SiloMessagingOptions>(host).ResponseTimeout);
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Embedded")]
    public void SiloInFrontEnd_Defaults_SetCollectionAgesPerGrainClassAndFiveSecondResponses(string mode)
    {
        // Arrange, Act
        using var host = Build(mode);
        var collection = Options<GrainCollectionOptions>(host);

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(10), collection.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!]);
        Assert.Equal(TimeSpan.FromMinutes(5), collection.ClassSpecificCollectionAge[typeof(UserGrain).FullName!]);
        Assert.Equal(TimeSpan.FromSeconds(5), Options<SiloMessagingOptions>(host).ResponseTimeout);
    }

    [Fact]
    public void Client_OrleansSection_OverridesGatewayRefreshAndResponseTimeout()
    {
        // Arrange, Act
        using var host = Build("Client", new()
        {
            ["SessionGrains:Orleans:Gateway:GatewayListRefreshPeriod"] = "00:00:02",
            ["SessionGrains:Orleans:Messaging:ResponseTimeout"] = "00:00:03",
        });

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(2), Options<GatewayOptions>(host).GatewayListRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(3), Options<ClientMessagingOptions>(host).ResponseTimeout);
    }

    [Fact]
    public void Silo_OrleansSection_OverridesMembershipMessagingAndCollection()
    {
        // Arrange, Act
        using var host = Build("Silo", new()
        {
            ["SessionGrains:Orleans:Membership:ProbeTimeout"] = "00:00:02",
            ["SessionGrains:Orleans:Membership:NumMissedProbesLimit"] = "2",
            ["SessionGrains:Orleans:Messaging:ResponseTimeout"] = "00:00:07",
            ["SessionGrains:Orleans:Collection:CollectionQuantum"] = "00:00:30",
            [$"SessionGrains:Orleans:Collection:ClassSpecificCollectionAge:{SessionGrainClass}"] = "00:03:00",
        });
        var membership = Options<ClusterMembershipOptions>(host);
        var collection = Options<GrainCollectionOptions>(host);

        // Assert: what is not set keeps the project's value
        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(4), membership.MaxProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), Options<SiloMessagingOptions>(host).ResponseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), collection.CollectionQuantum);
        Assert.Equal(TimeSpan.FromMinutes(3), collection.ClassSpecificCollectionAge[SessionGrainClass]);
        Assert.Equal(TimeSpan.FromMinutes(5), collection.ClassSpecificCollectionAge[typeof(UserGrain).FullName!]);
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Embedded")]
    public void SiloInFrontEnd_OldRuntimeKeys_SetResponseTimeoutAndCollection(string mode)
    {
        // Arrange, Act: the old runtime's GrainRuntimeOptions (SessionGrains:Runtime) and GrainCollectionOptions (:Collection)
        using var host = Build(mode, new()
        {
            ["SessionGrains:Runtime:ResponseTimeout"] = "00:00:08",
            ["SessionGrains:Runtime:Collection:CollectionAge"] = "00:20:00",
            ["SessionGrains:Runtime:Collection:CollectionQuantum"] = "00:00:20",
            [$"SessionGrains:Runtime:Collection:ClassSpecificCollectionAge:{SessionGrainClass}"] = "00:04:00",
        });
        var collection = Options<GrainCollectionOptions>(host);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(8), Options<SiloMessagingOptions>(host).ResponseTimeout);
        Assert.Equal(TimeSpan.FromMinutes(20), collection.CollectionAge);
        Assert.Equal(TimeSpan.FromSeconds(20), collection.CollectionQuantum);
        Assert.Equal(TimeSpan.FromMinutes(4), collection.ClassSpecificCollectionAge[SessionGrainClass]);
    }

    [Fact]
    public void Client_OldRuntimeResponseTimeout_SetsTheClientsResponseTimeout()
    {
        // Arrange, Act
        using var host = Build("Client", new() { ["SessionGrains:Runtime:ResponseTimeout"] = "00:00:04" });

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(4), Options<ClientMessagingOptions>(host).ResponseTimeout);
    }

    [Theory]
    [InlineData("Silo")]
    [InlineData("Client")]
    [InlineData("Embedded")]
    public void OrleansSection_WithOldRuntimeKeyToo_Wins(string mode)
    {
        // Arrange, Act
        using var host = Build(mode, new()
        {
            ["SessionGrains:Runtime:ResponseTimeout"] = "00:00:08",
            ["SessionGrains:Orleans:Messaging:ResponseTimeout"] = "00:00:03",
            ["SessionGrains:Runtime:Collection:CollectionAge"] = "00:20:00",
            ["SessionGrains:Orleans:Collection:CollectionAge"] = "00:30:00",
        });

        // Assert
        var responseTimeout = mode == "Client"
            ? Options<ClientMessagingOptions>(host).ResponseTimeout
            : Options<SiloMessagingOptions>(host).ResponseTimeout;
        Assert.Equal(TimeSpan.FromSeconds(3), responseTimeout);
        if (mode != "Client")
        {
            Assert.Equal(TimeSpan.FromMinutes(30), Options<GrainCollectionOptions>(host).CollectionAge);
        }
    }

    /// <summary>
    /// A host with the front end's registration: <c>Embedded</c> without Redis, else Redis and <paramref name="mode"/>.
    /// The Redis address is never contacted: the host does not start.
    /// </summary>
    private static IHost Build(string mode, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>(settings ?? [], StringComparer.OrdinalIgnoreCase);
        if (mode != "Embedded")
        {
            configuration["SessionGrains:Redis"] = "127.0.0.1:6379";
            configuration["SessionGrains:Mode"] = mode;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSessionGrains(builder.Configuration);
        return builder.Build();
    }

    private static TOptions Options<TOptions>(IHost host) where TOptions : class =>
        host.Services.GetRequiredService<IOptions<TOptions>>().Value;
}
