namespace SessionGrains.Deployment.Tests;

/// <summary>The repository's files, found from the test assembly's folder by looking up for SessionGrains.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>The full path of <paramref name="relativePath"/> (with <c>/</c> separators) in the repository.</summary>
    public static string File(string relativePath) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativePath));

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "SessionGrains.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SessionGrains.sln above '{AppContext.BaseDirectory}'.");
    }
}
