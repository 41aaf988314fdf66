namespace SessionGrains.Browser.Tests;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>), driven by Playwright. Playwright's own browser download is never used:
/// a missing <c>/usr/bin/chromium</c> fails the test with instructions instead of skipping it.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Bound for every Playwright action and expectation. The pages are local and small (well under a second each on
    /// an idle machine), but `dotnet test SessionGrains.sln` runs this beside every other test project on two cores.
    /// </summary>
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Bound for navigations, which include a round trip through the front end's grains.</summary>
    public static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Bound for starting Playwright's driver and Chromium (seen taking up to 17 s on a loaded machine).</summary>
    public static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ExecutablePath}: install Debian's package (sudo apt-get install chromium), " +
                "or run ./test.sh as root, which installs it. Do not run 'playwright install'.");
        }

        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = (float)LaunchTimeout.TotalMilliseconds,
            // The machines have a closed network: keep Chromium from reaching out (and failing) on its own.
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh, isolated profile (cookies included): one per simulated device.</summary>
    public static async Task<IBrowserContext> NewDeviceAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout((float)ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)NavigationTimeout.TotalMilliseconds);
        return context;
    }
}
