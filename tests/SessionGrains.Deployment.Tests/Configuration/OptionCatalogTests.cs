namespace SessionGrains.Deployment.Tests.Configuration;

/// <summary>The checker itself: it accepts what the apps bind and rejects what they would ignore.</summary>
public sealed class OptionCatalogTests
{
    [Theory]
    [InlineData("SessionGrains:Redis", "redis:6379")]
    [InlineData("SessionGrains:Cluster:ClusterId", "prod")]
    [InlineData("SessionGrains:Cluster:ServiceId", "sessiongrains")]
    [InlineData("SessionGrains:silo:port", "11112")]
    [InlineData("SessionGrains:Silo:GatewayPort", "0")]
    [InlineData("SessionGrains:Silo:AdvertisedHost", "auto")]
    [InlineData("SessionGrains:Silo:ShutdownTimeout", "00:00:30")]
    [InlineData("SessionGrains:Silo:GrainAssemblies:0", "/app/Extra.dll")]
    [InlineData("SessionGrains:Orleans:Membership:ProbeTimeout", "00:00:05")]
    [InlineData("SessionGrains:Orleans:Membership:NumMissedProbesLimit", "2")]
    [InlineData("SessionGrains:Orleans:Messaging:ResponseTimeout", "00:00:05")]
    [InlineData("SessionGrains:Sessions:MaxDataSize", "8192")]
    [InlineData("SessionGrains:Calls:RetryDeadline", "00:00:10")]
    [InlineData("SessionGrains:Runtime:ResponseTimeout", "00:00:05")]
    [InlineData("SessionGrains:Runtime:Collection:CollectionAge", "00:15:00")]
    [InlineData("SessionGrains:Runtime:Collection:ClassSpecificCollectionAge:SessionGrains.Grains.Sessions.SessionGrain", "00:10:00")]
    public void Check_SiloOption_Passes(string key, string value)
    {
        Assert.Null(OptionCatalog.Silo.Check(key, value));
    }

    [Theory]
    [InlineData("SessionGrains:Mode", "Client")]
    [InlineData("SessionGrains:Mode", "silo")]
    [InlineData("SessionGrains:CookieSecure", "Always")]
    [InlineData("SessionGrains:Demo:Users:dave", "secret")]
    [InlineData("SessionGrains:Orleans:Gateway:GatewayListRefreshPeriod", "00:00:05")]
    [InlineData("SessionGrains:Orleans:Membership:ProbeTimeout", "00:00:01")]
    [InlineData("SessionGrains:Silo:Port", "0")]
    [InlineData("SessionGrains:Runtime:ResponseTimeout", "00:00:05")]
    public void Check_FrontEndOption_Passes(string key, string value)
    {
        Assert.Null(OptionCatalog.WebFrontend.Check(key, value));
    }

    [Theory]
    [InlineData("SessionGrains:Silo:Prot", "11111")]
    [InlineData("SessionGrains:Cluster:Id", "prod")]
    [InlineData("SessionGrains:Clusters:ClusterId", "prod")]
    [InlineData("SessionGrains:Mode", "Client")]
    [InlineData("SessionGrains:Cluster", "prod")]
    [InlineData("SessionGrains:Cluster:ClusterId:Name", "prod")]
    [InlineData("SessionGrains:Cluster:Port", "11111")]
    [InlineData("SessionGrains:Silo:ClusterId", "prod")]
    [InlineData("SessionGrains:Silo:GrainAssemblies:first", "/app/Extra.dll")]
    [InlineData("SessionGrains:Redis:OperationTimeout", "00:00:02")]
    [InlineData("SessionGrains:Orleans:Gateway:GatewayListRefreshPeriod", "00:00:05")]
    [InlineData("SessionGrains:Orleans:Membership:DeathTimeout", "00:00:03")]
    [InlineData("SessionGrains:Cluster:DeathTimeout", "00:00:05")]
    [InlineData("SessionGrains:Runtime:HeartbeatInterval", "00:00:01")]
    [InlineData("SessionGrains:Runtime:Collection:Period", "00:01:00")]
    public void Check_KeyTheSiloIgnores_IsReported(string key, string value)
    {
        var problem = OptionCatalog.Silo.Check(key, value);

        Assert.NotNull(problem);
        Assert.Contains(key, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SessionGrains:Silo:Port", "eleven")]
    [InlineData("SessionGrains:Silo:ShutdownTimeout", "30s")]
    [InlineData("SessionGrains:Orleans:Membership:ProbeTimeout", "1s")]
    [InlineData("SessionGrains:Mode", "Sometimes")]
    [InlineData("SessionGrains:BindToUserAgent", "maybe")]
    public void Check_ValueThatDoesNotConvert_IsReported(string key, string value)
    {
        var problem = OptionCatalog.AnyApp.Check(key, value);

        Assert.NotNull(problem);
        Assert.Contains(value, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SiloHostOptionOnTheFrontEnd_IsReported()
    {
        // The front end reads a silo's endpoints in Silo mode, but the silo executable's own settings are not its.
        Assert.NotNull(OptionCatalog.WebFrontend.Check("SessionGrains:Silo:ShutdownTimeout", "00:00:30"));
        Assert.Null(OptionCatalog.WebFrontend.Check("SessionGrains:Silo:Port", "11111"));
    }

    [Fact]
    public void DocumentableKeys_OfAnyApp_NameTheProjectsOptionsOneByOneAndOrleansBySection()
    {
        var keys = OptionCatalog.AnyApp.DocumentableKeys().ToList();

        Assert.Contains("SessionGrains:Redis", keys);
        Assert.Contains("SessionGrains:Cluster:ServiceId", keys);
        Assert.Contains("SessionGrains:Silo:GatewayPort", keys);
        Assert.Contains("SessionGrains:Silo:ShutdownTimeout", keys);
        Assert.Contains("SessionGrains:Calls:RetryDeadline", keys);
        Assert.Contains("SessionGrains:Demo:Users:{name}", keys);
        Assert.Contains("SessionGrains:Orleans:Membership", keys);
        Assert.DoesNotContain("SessionGrains:Cluster:Port", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("SessionGrains:Orleans:Membership:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.StartsWith("SessionGrains:Runtime", StringComparison.Ordinal));
    }
}
