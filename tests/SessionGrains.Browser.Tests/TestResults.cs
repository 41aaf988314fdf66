namespace SessionGrains.Browser.Tests;

/// <summary>
/// Where failure artifacts (screenshots) go: <c>SESSIONGRAINS_TEST_RESULTS</c> when set, else the TestResults folder
/// of this test project (dotnet test's default results directory, ignored by git).
/// </summary>
public static class TestResults
{
    public static string Directory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("SESSIONGRAINS_TEST_RESULTS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(FindProjectDirectory(), "TestResults", "browser");
            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }
    }

    private static string FindProjectDirectory()
    {
        var start = AppContext.BaseDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SessionGrains.Browser.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        return start;
    }
}
