using System.Text.RegularExpressions;
using System.Xml.Linq;
using SessionGrains.Silo;
using SessionGrains.WebFrontend.Users;

namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>docker/*.Dockerfile copy what exists, publish the project they run, and run the assembly it builds.</summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string> Apps => new()
    {
        { "docker/silo.Dockerfile", typeof(SiloHostOptions).Assembly.GetName().Name! },
        { "docker/frontend.Dockerfile", typeof(DemoUserOptions).Assembly.GetName().Name! },
    };

    [Theory]
    [MemberData(nameof(Apps))]
    public void Entrypoint_DllName_IsTheAppsRealAssembly(string path, string assembly)
    {
        var dockerfile = Dockerfile.Load(RepositoryRoot.File(path));

        Assert.Equal(assembly, DeploymentFiles.EntrypointAssembly(dockerfile));
        Assert.Equal(assembly, AssemblyNameOf(PublishedProject(dockerfile)));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Copy_Sources_ExistInTheRepository(string path, string assembly)
    {
        var dockerfile = Dockerfile.Load(RepositoryRoot.File(path));

        var missing = dockerfile.ContextCopies
            .SelectMany(c => c.Sources.Select(s => (Source: s, c.Line)))
            .Where(c => !File.Exists(RepositoryRoot.File(c.Source)) && !Directory.Exists(RepositoryRoot.File(c.Source)))
            .Select(c => $"line {c.Line}: {c.Source}")
            .ToList();

        Assert.NotEmpty(dockerfile.ContextCopies);
        Assert.True(missing.Count == 0, $"{path} (for {assembly}) copies what the repository does not have: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Copy_Sources_IncludeEveryProjectThePublishedProjectReferences(string path, string assembly)
    {
        var dockerfile = Dockerfile.Load(RepositoryRoot.File(path));
        var copied = dockerfile.ContextCopies.SelectMany(c => c.Sources).Select(s => s.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        var projects = ProjectClosure(PublishedProject(dockerfile));
        var missing = projects
            .SelectMany(p => new[] { p, Path.GetDirectoryName(p)!.Replace('\\', '/') })
            .Where(p => !copied.Contains(p))
            .ToList();

        Assert.True(missing.Count == 0, $"{path} builds {assembly} but does not copy {string.Join(", ", missing)}: the restore or the build in the image would fail.");
        Assert.Contains("Directory.Packages.props", copied);
        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("NuGet.config", copied);
    }

    /// <summary>The project of <c>RUN dotnet publish path.csproj</c>, relative to the repository.</summary>
    private static string PublishedProject(Dockerfile dockerfile)
    {
        var publish = dockerfile.Instructions
            .Where(i => i.Keyword == "RUN")
            .Select(i => PublishCommand().Match(i.Arguments))
            .Where(m => m.Success)
            .Select(m => m.Groups["project"].Value)
            .ToList();
        Assert.True(publish.Count == 1, $"{dockerfile.Path} should run 'dotnet publish <project>.csproj' once; it runs it {publish.Count} times.");
        Assert.True(File.Exists(RepositoryRoot.File(publish[0])), $"{dockerfile.Path} publishes {publish[0]}, which does not exist.");
        return publish[0];
    }

    private static string AssemblyNameOf(string project) =>
        XDocument.Load(RepositoryRoot.File(project)).Descendants("AssemblyName").LastOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(project);

    /// <summary>The project and every project it references, directly or not, relative to the repository.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(RepositoryRoot.File(next))!;
            foreach (var reference in XDocument.Load(RepositoryRoot.File(next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, full).Replace('\\', '/'));
            }
        }

        return found;
    }

    [GeneratedRegex(@"dotnet\s+publish\s+(?<project>\S+\.csproj)")]
    private static partial Regex PublishCommand();
}
