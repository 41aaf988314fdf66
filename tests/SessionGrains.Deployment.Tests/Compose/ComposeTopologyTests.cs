namespace SessionGrains.Deployment.Tests.Compose;

/// <summary>docker-compose.yml describes Redis, scalable silos and front ends, and a load balancer in front.</summary>
public sealed class ComposeTopologyTests
{
    [Theory]
    [InlineData("redis")]
    [InlineData("silo")]
    [InlineData("frontend")]
    [InlineData("lb")]
    public void Compose_Services_IncludeIt(string name)
    {
        Assert.Contains(name, DeploymentFiles.Compose.Services.Keys);
    }

    [Fact]
    public void Redis_Command_TurnsAppendOnlyOnAndKeepsDataInAVolume()
    {
        var redis = DeploymentFiles.Service("redis");

        var command = redis.Command.ToList();
        var appendOnly = command.IndexOf("--appendonly");

        Assert.True(appendOnly >= 0 && appendOnly + 1 < command.Count && command[appendOnly + 1] == "yes", $"redis runs [{string.Join(" ", command)}], without --appendonly yes.");
        Assert.Contains(redis.Volumes, v => v.Split(':') is [_, "/data", ..]);
    }

    [Fact]
    public void Silo_Restart_IsOnFailure_SoASiloDeclaredDeadComesBackAndAStoppedOneDoesNot()
    {
        // A silo declared dead exits with code 3; a graceful stop exits with 0 (docs/silo.md).
        Assert.Equal("on-failure", DeploymentFiles.Service("silo").Restart);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("frontend")]
    public void Service_ScaledOut_HasNoFixedNameOrHostPort(string name)
    {
        var service = DeploymentFiles.Service(name);

        // --scale N starts N containers: a fixed container name or host port would be taken by the first one only.
        Assert.Null(service.ContainerName);
        Assert.DoesNotContain(service.Ports, p => p.HostPort is not null);
    }

    [Theory]
    [InlineData("silo", "SessionGrains.Silo")]
    [InlineData("frontend", "SessionGrains.WebFrontend")]
    public void Service_Dockerfile_RunsItsApp(string name, string assembly)
    {
        var dockerfile = DeploymentFiles.DockerfileOf(DeploymentFiles.Service(name));

        Assert.Equal(assembly, DeploymentFiles.EntrypointAssembly(dockerfile));
    }

    [Fact]
    public void LoadBalancer_Ports_PublishNginxPort80OnAHostPort()
    {
        var lb = DeploymentFiles.Service("lb");

        Assert.Contains(lb.Ports, p => p.ContainerPort == 80 && p.HostPort is not null);
        Assert.Contains(lb.Volumes, v => v.Split(':') is ["./docker/nginx.conf", "/etc/nginx/nginx.conf", ..]);
    }

    /// <summary>
    /// The front ends believe X-Forwarded-For/-Proto from the load balancer's fixed address and nothing else; ASP.NET
    /// Core's own switch (ASPNETCORE_FORWARDEDHEADERS_ENABLED) would believe them from anyone.
    /// </summary>
    [Fact]
    public void Frontend_TrustedProxies_AreExactlyTheLoadBalancersAddress()
    {
        var lb = DeploymentFiles.Service("lb");
        var frontend = DeploymentFiles.Service("frontend");

        var trusted = frontend.Environment.Where(e => e.Key.StartsWith("SessionGrains__ForwardedHeaders__", StringComparison.Ordinal)).ToList();

        var address = Assert.Single(lb.FixedAddresses);
        Assert.Equal([("SessionGrains__ForwardedHeaders__KnownProxies__0", address)], trusted.Select(e => (e.Key, e.Value)));
        Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED", frontend.Environment.Keys);
    }
}
