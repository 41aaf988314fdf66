using SessionGrains.Deployment.Tests.Compose;
using SessionGrains.Deployment.Tests.Configuration;
using SessionGrains.Deployment.Tests.Docker;

namespace SessionGrains.Deployment.Tests;

/// <summary>The deployment files of the repository, read once, and how they refer to one another.</summary>
public static class DeploymentFiles
{
    private static readonly Lazy<ComposeFile> LoadedCompose = new(() => ComposeFile.Load(RepositoryRoot.File("docker-compose.yml")));

    public static ComposeFile Compose => LoadedCompose.Value;

    /// <summary>The compose service of <paramref name="name"/>; fails the test, listing the services, if there is none.</summary>
    public static ComposeService Service(string name)
    {
        Assert.True(Compose.Services.TryGetValue(name, out var service), $"docker-compose.yml has no service '{name}'; it has {string.Join(", ", Compose.Services.Keys)}.");
        return service;
    }

    /// <summary>The Dockerfile <paramref name="service"/> is built from; fails the test if it has no build or the file is missing.</summary>
    public static Dockerfile DockerfileOf(ComposeService service)
    {
        Assert.True(service.BuildContext is not null && service.Dockerfile is not null, $"Service '{service.Name}' is not built from a Dockerfile.");
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot.File(service.BuildContext!), service.Dockerfile!));
        Assert.True(File.Exists(path), $"Service '{service.Name}' builds from '{path}', which does not exist.");
        return Dockerfile.Load(path);
    }

    /// <summary>The assembly a Dockerfile's <c>ENTRYPOINT ["dotnet", "X.dll"]</c> runs: X.</summary>
    public static string EntrypointAssembly(Dockerfile dockerfile)
    {
        var entrypoint = dockerfile.Entrypoint;
        Assert.True(entrypoint is ["dotnet", var dll] && dll.EndsWith(".dll", StringComparison.Ordinal), $"{dockerfile.Path}: ENTRYPOINT is [{string.Join(", ", entrypoint)}], not [\"dotnet\", \"App.dll\"].");
        return Path.GetFileNameWithoutExtension(entrypoint[1]);
    }

    /// <summary>The options of the app <paramref name="service"/> runs, found from its Dockerfile's ENTRYPOINT.</summary>
    public static OptionCatalog CatalogOf(ComposeService service)
    {
        var assembly = EntrypointAssembly(DockerfileOf(service));
        return OptionCatalog.ForAssembly(assembly)
            ?? throw new Xunit.Sdk.XunitException($"Service '{service.Name}' runs {assembly}, which is neither {OptionCatalog.Silo.App} nor {OptionCatalog.WebFrontend.App}.");
    }
}
