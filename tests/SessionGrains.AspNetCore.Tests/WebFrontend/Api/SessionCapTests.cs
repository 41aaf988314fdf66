namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>POST /api/login at the per-user cap: evicts the oldest session by default, or answers 409 with RefuseNew.</summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class SessionCapTests(EmbeddedFrontendFixture fixture)
{
    [Fact]
    public async Task Login_AtCapWithRefuseNew_Returns409ErrorAndKeepsExistingSessions()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync(new Dictionary<string, string?>
        {
            ["SessionGrains:MaxSessionsPerUser"] = "2",
            ["SessionGrains:CapPolicy"] = "RefuseNew",
        });
        using var first = factory.CreateBrowser();
        using var second = factory.CreateBrowser();
        using var third = factory.CreateBrowser();
        await first.SignInAsync("alice");
        await second.SignInAsync("alice");

        // Act
        using var response = await third.LoginAsync("alice", "alice-dev-password");

        // Assert
        await response.AssertErrorAsync(HttpStatusCode.Conflict);
        Assert.Empty(SetCookies.All(response));
        using var firstProfile = await first.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, firstProfile.StatusCode);
        using var secondProfile = await second.GetProfileAsync();
        Assert.Equal(HttpStatusCode.OK, secondProfile.StatusCode);
    }

    [Fact]
    public async Task Login_AtCapByDefault_EvictsTheOldestSession()
    {
        // Arrange: the default cap is 10.
        var user = fixture.NewUser();
        var browsers = Enumerable.Range(0, 11).Select(_ => fixture.Factory.CreateBrowser()).ToList();
        try
        {
            // Act
            foreach (var browser in browsers)
            {
                await browser.SignInAsync(user);
            }

            // Assert
            using var oldest = await browsers[0].GetProfileAsync();
            await oldest.AssertErrorAsync(HttpStatusCode.Unauthorized);
            using var secondOldest = await browsers[1].GetProfileAsync();
            Assert.Equal(HttpStatusCode.OK, secondOldest.StatusCode);
            using var sessions = await browsers[10].GetSessionsAsync();
            Assert.Equal(10, (await sessions.ReadJsonAsync()).GetArrayLength());
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }
}
