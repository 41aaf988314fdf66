namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>docker/nginx.conf listens where the compose file publishes it, proxies to the front ends' service and forwards the client's address.</summary>
public sealed class NginxConfigTests
{
    private static NginxConfig Config => NginxConfig.Load(RepositoryRoot.File("docker/nginx.conf"));

    [Fact]
    public void ProxyPass_Target_IsTheFrontendServiceOnItsHttpPort()
    {
        var frontend = DeploymentFiles.Service("frontend");
        var ports = HttpPorts(frontend);

        var targets = Config.ProxyTargets;

        Assert.NotEmpty(targets);
        Assert.All(targets, target =>
        {
            Assert.Equal(frontend.Name, target.Host);
            Assert.Contains(target.Port, ports);
        });
    }

    [Fact]
    public void Listen_Port_IsThePortTheLoadBalancerPublishes()
    {
        var published = DeploymentFiles.Service("lb").Ports.Select(p => p.ContainerPort).ToList();

        Assert.Contains(Config.Listen, listen => published.Contains(int.Parse(listen.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>nginx is the edge: a front end must see the address and scheme nginx saw, never an address the client wrote.</summary>
    [Fact]
    public void ForwardedHeaders_AreTheAddressAndSchemeNginxSaw_NeverAppendedToTheClients()
    {
        var headers = Config.ProxyHeaders;

        Assert.Equal("$remote_addr", headers["X-Forwarded-For"]);
        Assert.Equal("$scheme", headers["X-Forwarded-Proto"]);
    }

    /// <summary>The ports Kestrel listens on in the front end's container: the compose environment, else the image's.</summary>
    private static List<int> HttpPorts(Compose.ComposeService frontend)
    {
        var environment = new Dictionary<string, string>(DeploymentFiles.DockerfileOf(frontend).Environment);
        foreach (var (key, value) in frontend.Environment)
        {
            environment[key] = value;
        }

        if (environment.TryGetValue("ASPNETCORE_URLS", out var urls))
        {
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u.Replace("+", "localhost").Replace("*", "localhost")).Port)];
        }

        Assert.True(environment.TryGetValue("ASPNETCORE_HTTP_PORTS", out var httpPorts), "The front end's port is set neither in docker-compose.yml nor in its Dockerfile (ASPNETCORE_HTTP_PORTS).");
        return [.. httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
