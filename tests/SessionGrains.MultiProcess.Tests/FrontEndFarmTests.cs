using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Two real front-end processes in client mode before two real silos and one real Redis, as behind a load balancer
/// without affinity: a cookie from one front end works on the other, and a revocation made through one is seen by
/// the other on its very next request.
/// </summary>
public sealed class FrontEndFarmTests(ITestOutputHelper output)
{
    private const string User = "alice";
    private const string Password = "alice-dev-password";

    [Fact]
    public async Task Cookie_IssuedByOneFrontEnd_ResumesTheSameSessionOnTheOther()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 2, frontEnds: 2);
        try
        {
            // Arrange
            var (first, second) = (cluster.FrontEnds[0], cluster.FrontEnds[1]);
            var (login, cookie) = await first.LoginAsync(User, Password);
            var sessionId = login.Expect(HttpStatusCode.OK).String("sessionId");
            Assert.Equal(User, login.String("user"));
            Assert.Equal(1, Views(await first.CountAsync(cookie)));
            Assert.Equal(2, Views(await first.CountAsync(cookie)));

            // Act: the second front end has never seen this cookie; it needs the key ring the first one wrote to Redis.
            var profile = await second.GetProfileAsync(cookie);
            var countOnSecond = await second.CountAsync(cookie);
            var countBackOnFirst = await first.CountAsync(cookie);
            var (otherLogin, otherCookie) = await second.LoginAsync("bob", "bob-dev-password");
            var otherProfileOnFirst = await first.GetProfileAsync(otherCookie);

            // Assert
            profile.Expect(HttpStatusCode.OK);
            Assert.Equal(User, profile.String("user"));
            Assert.Equal(sessionId, profile.String("sessionId"));
            Assert.Equal(3, Views(countOnSecond));
            Assert.Equal(4, Views(countBackOnFirst));
            Assert.All([profile, countOnSecond, countBackOnFirst], NoSessionCookieSet);
            Assert.Equal(otherLogin.Expect(HttpStatusCode.OK).String("sessionId"), otherProfileOnFirst.Expect(HttpStatusCode.OK).String("sessionId"));

            // Started together on an empty key ring, the front ends still share one key: with one each, a front end
            // would reject the other's cookies once Data Protection's two-minute refresh-on-miss window has passed.
            using var redis = await cluster.Redis.ConnectAsync();
            Assert.Equal(1, await redis.GetDatabase().ListLengthAsync(SessionGrainsServiceCollectionExtensions.DataProtectionKeysKey));
            output.WriteLine($"Session {sessionId} signed in on {first.Name}, resumed on {second.Name}; count went 1, 2 ({first.Name}), 3 ({second.Name}), 4 ({first.Name}).");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    [Fact]
    public async Task LogoutEverywhere_OnOneFrontEnd_EndsEverySessionOnTheOtherAtItsNextRequest()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 2, frontEnds: 2);
        try
        {
            // Arrange: one session signed in on each front end, both in use on the second one just before.
            var (first, second) = (cluster.FrontEnds[0], cluster.FrontEnds[1]);
            var (firstLogin, firstCookie) = await first.LoginAsync(User, Password);
            var (secondLogin, secondCookie) = await second.LoginAsync(User, Password);
            var firstSession = firstLogin.Expect(HttpStatusCode.OK).String("sessionId");
            var secondSession = secondLogin.Expect(HttpStatusCode.OK).String("sessionId");
            Assert.NotEqual(firstSession, secondSession);
            Assert.Equal(firstSession, (await second.GetProfileAsync(firstCookie)).Expect(HttpStatusCode.OK).String("sessionId"));
            Assert.Equal(secondSession, (await second.GetProfileAsync(secondCookie)).Expect(HttpStatusCode.OK).String("sessionId"));
            var devices = (await second.GetSessionsAsync(secondCookie)).Expect(HttpStatusCode.OK).Json;
            Assert.Equal(new[] { firstSession, secondSession }.Order(StringComparer.Ordinal), devices.EnumerateArray().Select(d => d.GetProperty("sessionId").GetString()).Order(StringComparer.Ordinal));

            // Act
            var logout = await first.LogoutEverywhereAsync(firstCookie);

            // Assert: the very next request with either cookie, no waiting and no retry.
            var secondCookieOnSecond = await second.GetProfileAsync(secondCookie);
            var firstCookieOnSecond = await second.GetProfileAsync(firstCookie);
            logout.Expect(HttpStatusCode.OK);
            Assert.Equal(2, logout.Json.GetProperty("revoked").GetInt32());
            secondCookieOnSecond.Expect(HttpStatusCode.Unauthorized);
            firstCookieOnSecond.Expect(HttpStatusCode.Unauthorized);
            output.WriteLine($"Log out everywhere on {first.Name} revoked {firstSession} and {secondSession}; {second.Name} answered 401 to its next request with each cookie.");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    private static long Views(ApiResponse count) => count.Expect(HttpStatusCode.OK).Json.GetProperty("views").GetInt64();

    private static void NoSessionCookieSet(ApiResponse response) =>
        Assert.DoesNotContain(response.SetCookies, c => c.StartsWith(SessionApiClient.CookieName + "=", StringComparison.Ordinal));
}
