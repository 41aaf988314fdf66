using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace SessionGrains.Browser.Tests;

/// <summary>
/// End to end through the real front end (a child process on its embedded default) and Debian's Chromium: two
/// browser profiles sign in as the same user, one revokes the other from "Your devices", and the other is signed out.
/// </summary>
public sealed class DeviceRevocationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "alice";
    private const string Password = "alice-dev-password";

    private readonly List<(string Name, IPage Page)> _pages = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private WebFrontendProcess? _frontEnd;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private WebFrontendProcess FrontEnd => _frontEnd ?? throw new InvalidOperationException("Not initialized.");

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Chromium.ActionTimeout.TotalMilliseconds);
        _frontEnd = await WebFrontendProcess.StartAsync();
        Step($"front end healthy at {_frontEnd.BaseAddress}");
        try
        {
            _playwright = await Playwright.CreateAsync().WaitAsync(Chromium.LaunchTimeout);
            _browser = await Chromium.LaunchAsync(_playwright);
        }
        catch
        {
            output.WriteLine("Front end output:");
            output.WriteLine(_frontEnd.Tail);
            await DisposeAsync();
            throw;
        }

        Step($"Chromium {_browser.Version} launched");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (TimeoutException)
        {
            output.WriteLine("Chromium did not close within 10 s.");
        }
        finally
        {
            _browser = null;
            _playwright?.Dispose();
            _playwright = null;
            if (_frontEnd is not null)
            {
                await _frontEnd.DisposeAsync();
                _frontEnd = null;
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Revoking_another_device_signs_it_out_and_keeps_this_one()
    {
        await WithDiagnosticsAsync(async () =>
        {
            // Device A: sign in through the form, count two views.
            var a = await OpenDeviceAsync("A");
            await SignInAsync(a);
            await Expect(a.Locator("#views")).ToHaveTextAsync("0");
            await a.Locator("#count").ClickAsync();
            await Expect(a.Locator("#views")).ToHaveTextAsync("1");
            await a.Locator("#count").ClickAsync();
            await Expect(a.Locator("#views")).ToHaveTextAsync("2");
            var sessionA = await SessionIdAsync(a);
            Step($"device A signed in as session {sessionA}, 2 views");

            // Device B: a second, separate browser profile signs in as the same user.
            var b = await OpenDeviceAsync("B");
            await SignInAsync(b);
            var sessionB = await SessionIdAsync(b);
            Assert.NotEqual(sessionA, sessionB);
            Step($"device B signed in as session {sessionB}");

            // A lists both devices and revokes the one that is not itself.
            await a.GotoAsync("/devices");
            var rows = a.Locator("tr.device");
            await Expect(rows).ToHaveCountAsync(2);
            var ids = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sessionId)");
            Assert.Contains(sessionA, ids);
            var other = Assert.Single(ids, id => id != sessionA);
            Assert.Equal(sessionB, other);
            await Expect(a.Locator($"tr.device[data-session-id=\"{sessionA}\"] button.revoke")).ToHaveCountAsync(0);
            await a.Locator($"tr.device[data-session-id=\"{other}\"] button.revoke").ClickAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToHaveAttributeAsync("data-session-id", sessionA);
            Step("device A revoked device B");

            // B is signed out: its profile sends it back to the sign-in form.
            await b.GotoAsync("/profile");
            await ExpectSignedOutAsync(b);
            Step("device B is signed out");

            // A is still signed in, with its views.
            await a.GotoAsync("/profile");
            await Expect(a).ToHaveURLAsync(Url("profile"));
            await Expect(a.Locator("#user")).ToHaveTextAsync(User);
            await Expect(a.Locator("#session-id")).ToHaveTextAsync(sessionA);
            await Expect(a.Locator("#views")).ToHaveTextAsync("2");
            Step("device A is still signed in");
        });
    }

    private void Step(string message) =>
        output.WriteLine($"[{_clock.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)}s] {message}");

    private async Task<IPage> OpenDeviceAsync(string name)
    {
        var context = await Chromium.NewDeviceAsync(Browser, FrontEnd.BaseAddress);
        var page = await context.NewPageAsync();
        _pages.Add((name, page));
        return page;
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        var form = page.Locator("form[action='/login']");
        await form.Locator("input[name=username]").FillAsync(User);
        await form.Locator("input[name=password]").FillAsync(Password);
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(Url("profile"));
        await Expect(page.Locator("#user")).ToHaveTextAsync(User);
    }

    private async Task ExpectSignedOutAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url(""));
        await Expect(page.Locator("form[action='/login'] input[name=username]")).ToBeVisibleAsync();
        await Expect(page.Locator("#user")).ToHaveCountAsync(0);
        await Expect(page.Locator("#session-id")).ToHaveCountAsync(0);
    }

    private static async Task<string> SessionIdAsync(IPage page)
    {
        var id = (await page.Locator("#session-id").TextContentAsync())?.Trim();
        Assert.False(string.IsNullOrEmpty(id), "The profile page shows no session id.");
        return id;
    }

    /// <summary>Exactly this page of the front end, ignoring a query string.</summary>
    private Regex Url(string path) =>
        new($"^{Regex.Escape(new Uri(FrontEnd.BaseAddress, path).ToString())}(\\?.*)?$", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>Runs the test body; on failure, screenshots every page and writes the front end's output.</summary>
    private async Task WithDiagnosticsAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception failure)
        {
            await ReportFailureAsync(failure);
            throw;
        }
    }

    private async Task ReportFailureAsync(Exception failure)
    {
        output.WriteLine($"FAILED: {failure.GetType().Name}: {failure.Message}");
        var directory = TestResults.Directory;
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        foreach (var (name, page) in _pages)
        {
            var path = Path.Combine(directory, $"{nameof(DeviceRevocationTests)}-{stamp}-device-{name}.png");
            try
            {
                output.WriteLine($"Device {name} was at {page.Url}");
                await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = (float)Chromium.ActionTimeout.TotalMilliseconds });
                output.WriteLine($"Screenshot of device {name}: {path}");
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or IOException)
            {
                output.WriteLine($"No screenshot of device {name}: {e.Message}");
            }
        }

        output.WriteLine("Front end output:");
        output.WriteLine(FrontEnd.Tail);
    }
}
