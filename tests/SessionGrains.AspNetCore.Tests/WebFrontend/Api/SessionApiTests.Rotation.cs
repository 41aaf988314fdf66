namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>
/// What sign-in on a browser carries over from the session it replaces: the data of an anonymous session or of the
/// same user's, never another user's.
/// </summary>
public abstract partial class SessionApiTests
{
    [Fact]
    public async Task Count_TwiceAnonymouslyThenSignIn_KeepsTheCount()
    {
        // Arrange
        var user = fixture.NewUser();
        using var browser = Factory.CreateBrowser();
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(2, await browser.CountAsync());

        // Act
        await browser.SignInAsync(user);
        var views = await browser.CountAsync();

        // Assert
        Assert.Equal(3, views);
    }

    [Fact]
    public async Task Count_ToThreeThenOtherUserSignsInOnTheSameBrowser_StartsAtOneAndProfileShowsTheNewUser()
    {
        // Arrange: the first user counts to 3 on this browser (one cookie jar).
        var first = fixture.NewUser();
        var second = fixture.NewUser();
        using var browser = Factory.CreateBrowser();
        await browser.SignInAsync(first);
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(2, await browser.CountAsync());
        Assert.Equal(3, await browser.CountAsync());

        // Act
        await browser.SignInAsync(second);
        var views = await browser.CountAsync();
        using var profile = await browser.GetProfileAsync();

        // Assert: nothing of the first user's session reached the second user's.
        Assert.Equal(1, views);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(second, (await profile.ReadJsonAsync()).GetProperty("user").GetString());
    }

    [Fact]
    public async Task Count_ToThreeThenSameUserSignsInAgain_KeepsTheCount()
    {
        // Arrange
        var user = fixture.NewUser();
        using var browser = Factory.CreateBrowser();
        var before = await browser.SignInAsync(user);
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(2, await browser.CountAsync());
        Assert.Equal(3, await browser.CountAsync());

        // Act
        var after = await browser.SignInAsync(user);
        var views = await browser.CountAsync();
        using var profile = await browser.GetProfileAsync();

        // Assert: a new session (rotation), with the same user's data.
        Assert.NotEqual(before, after);
        Assert.Equal(4, views);
        Assert.Equal(user, (await profile.ReadJsonAsync()).GetProperty("user").GetString());
    }
}
