using System.Text;
using SessionGrains.Grains.Events;

namespace SessionGrains.Grains.Tests.Security;

/// <summary>
/// Redis and logs never hold a value that, sent as a cookie, resumes a session. Proofs are stored on purpose (they
/// cannot be turned back into a secret); secrets never are. The shared cluster's Redis and its silos' and client's
/// logs (every level, every category) are searched for every secret made in this test run, by any test.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SecretLeakTests(RedisClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_AfterEveryKindOfSessionOperation_HoldsNoSessionSecret()
    {
        // Arrange: silos log everything, at every level
        var grains = fixture.Grains;
        var connection = fixture.Connection;
        var records = fixture.Records;
        var client = new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var mine = new List<TestSession>();

        // Act: create, write, load, increment, sign in (rotating), cap, sign out, revoke, expire, revoke all
        var anonymous = await client.CreateAsync();
        mine.Add(anonymous);
        Assert.NotNull(await client.SetAsync(anonymous, "cart", "3 items"));
        Assert.NotNull(await client.LoadAsync(anonymous));
        Assert.Equal(1, await client.IncrementAsync(anonymous, "n"));
        var signedIn = (await client.SignInAsync(userId, current: anonymous)).Session;
        mine.Add(signedIn);
        Assert.Null(await client.LoadAsync(anonymous));
        for (var i = 0; i < 4; i++)
        {
            mine.Add((await client.SignInAsync(userId, maxSessions: 3, policy: SessionCapPolicy.EvictOldest)).Session);
        }

        Assert.Equal(1, await client.IncrementAsync(mine[^1], "n"));
        Assert.True(await client.Grain(mine[^1]).SignOutAsync(mine[^1].Proof).DefaultTimeout());
        Assert.True(await client.User(userId).RevokeAsync(mine[^2].PublicId).DefaultTimeout());
        var expiring = await new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)).CreateAsync();
        mine.Add(expiring);
        grains.Clock.Advance(TimeSpan.FromMinutes(2));
        await grains.Events.WaitForAsync(expiring.PublicId, SessionEventKind.Expired);
        var survivor = (await client.SignInAsync(userId)).Session;
        mine.Add(survivor);
        Assert.NotNull(await client.LoadAsync(survivor));
        Assert.True(await client.User(userId).RevokeAllAsync(survivor.PublicId).DefaultTimeout() > 0);

        // Act: every key, every value
        var dump = await RedisDump.ReadAsync(connection);

        // Assert: the dump did reach the session and user records, which hold grain keys and proofs, never secrets
        Assert.All(mine, s => Assert.Contains(records.SessionKey(s.GrainKey).ToString(), dump.Entries.Keys));
        Assert.Contains(records.UserKey(userId).ToString(), dump.Entries.Keys);
        Assert.Contains(records.UserKey(userId).ToString(), dump.KeysHolding(Encoding.UTF8.GetBytes(survivor.GrainKey)));
        Assert.Contains(records.SessionKey(survivor.GrainKey).ToString(), dump.KeysHolding(Encoding.UTF8.GetBytes(survivor.Proof.Value)));
        Assert.All(mine, s => Assert.NotEqual(s.Secret.Reveal(), s.GrainKey));
        var secrets = TestSession.AllSecrets;
        Assert.All(mine, s => Assert.Contains(s.Secret.Reveal(), secrets));
        var scanner = new SecretScanner(secrets);
        var logs = grains.Logs.Entries;
        output.WriteLine($"Searching {dump.Entries.Count} keys and {logs.Count} log entries for {secrets.Count} secrets.");
        Assert.Empty(dump.Entries.SelectMany(e => scanner.FindIn(e.Key).Concat(e.Value.SelectMany(scanner.FindIn))));
        Assert.Empty(logs.SelectMany(e => scanner.FindIn(e.AllText + " " + string.Join(" ", e.Scopes))));

        // Assert: the scanner does find a secret where there is one
        var planted = SessionSecret.Generate().Reveal();
        Assert.NotEmpty(new SecretScanner([planted]).FindIn("cookie=" + planted + ";"));
    }
}
