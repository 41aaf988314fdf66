using System.Buffers.Text;
using System.Text;
using SessionGrains.Grains.Events;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Security;

/// <summary>
/// Redis and logs never hold a value that, sent as a cookie, resumes a session. Proofs are stored on purpose (they
/// cannot be turned back into a secret); secrets never are.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SecretLeakTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_AfterEveryKindOfSessionOperation_HoldsNoSessionSecret()
    {
        // Arrange: silos log everything, at every level
        await using var grains = await GrainsCluster.StartAsync(GrainsCluster.CreateOptions(redis), output);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
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
        var expiring = await new SessionClient(grains.Cluster.Client, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)).CreateAsync();
        mine.Add(expiring);
        await grains.Events.WaitForAsync(expiring.PublicId, SessionEventKind.Expired);
        var survivor = (await client.SignInAsync(userId)).Session;
        mine.Add(survivor);
        Assert.NotNull(await client.LoadAsync(survivor));
        Assert.True(await client.User(userId).RevokeAllAsync(survivor.PublicId).DefaultTimeout() > 0);

        // Act: every key, every value
        var dump = await RedisDump.ReadAsync(connection);

        // Assert: the dump did reach the session records, which hold grain keys and proofs (as raw bytes), never secrets
        Assert.All(mine, s => Assert.Contains(StoredRecords.SessionKey(s.GrainKey).ToString(), dump.Entries.Keys));
        Assert.NotEmpty(dump.KeysHolding(Base64Url.DecodeFromChars(survivor.Proof.Value)));
        Assert.All(mine, s => Assert.NotEqual(s.Secret.Reveal(), s.GrainKey));
        var secrets = TestSession.AllSecrets;
        Assert.All(mine, s => Assert.Contains(s.Secret.Reveal(), secrets));
        output.WriteLine($"Searched {dump.Entries.Count} keys and {grains.Logs.Lines.Count} log lines for {secrets.Count} secrets.");
        foreach (var secret in secrets)
        {
            foreach (var form in Forms(secret))
            {
                Assert.Empty(dump.KeysHolding(form));
                var text = Encoding.UTF8.GetString(form);
                Assert.DoesNotContain(grains.Logs.Lines, line => line.Contains(text, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>The secret as base64url text, standard base64, hex, and raw bytes.</summary>
    private static IEnumerable<byte[]> Forms(string secret)
    {
        var bytes = Base64Url.DecodeFromChars(secret);
        yield return Encoding.UTF8.GetBytes(secret);
        yield return Encoding.UTF8.GetBytes(Convert.ToBase64String(bytes).TrimEnd('='));
        yield return Encoding.UTF8.GetBytes(Convert.ToHexStringLower(bytes));
        yield return Encoding.UTF8.GetBytes(Convert.ToHexString(bytes));
        yield return bytes;
    }
}
