namespace SessionGrains.AspNetCore.Tests;

/// <summary>
/// One running front end shared by the test classes of a collection, plus fresh ones on the same back end for tests
/// that need their own. The shared one has demo users <c>user01</c>…<c>user24</c> beside alice, bob and carol, so a
/// test that counts a user's sessions can have a user nobody else touches; fresh ones have only alice, bob and carol
/// (each password costs a PBKDF2 hash at start).
/// </summary>
public abstract class FrontendFixture : IAsyncLifetime
{
    private const int PoolSize = 24;
    private readonly List<FrontendFactory> _factories = [];
    private int _nextUser;
    private FrontendFactory? _factory;

    public FrontendFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public static string PasswordOf(string user) => user switch
    {
        "alice" or "bob" or "carol" => user + "-dev-password",
        _ => user + "-test-password",
    };

    /// <summary>A demo user of the shared <see cref="Factory"/> that no other test has used.</summary>
    public string NewUser()
    {
        var n = Interlocked.Increment(ref _nextUser);
        return n <= PoolSize
            ? $"user{n:D2}"
            : throw new InvalidOperationException($"The fixture has only {PoolSize} pool users; raise {nameof(PoolSize)}.");
    }

    /// <summary>Starts another front end on this fixture's back end with <paramref name="extra"/> settings; the fixture disposes it.</summary>
    public Task<FrontendFactory> StartFactoryAsync(IReadOnlyDictionary<string, string?>? extra = null) => StartFactoryAsync(extra, withPool: false);

    public virtual async Task InitializeAsync() => _factory = await StartFactoryAsync(null, withPool: true);

    public virtual async Task DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            await factory.DisposeAsync().DefaultTimeout();
        }
    }

    /// <summary>The settings that choose the back end; each call may return new ids (a new cluster) but the same Redis.</summary>
    protected abstract IReadOnlyDictionary<string, string?> BackEndSettings();

    private async Task<FrontendFactory> StartFactoryAsync(IReadOnlyDictionary<string, string?>? extra, bool withPool)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; withPool && i <= PoolSize; i++)
        {
            settings[$"SessionGrains:Demo:Users:user{i:D2}"] = PasswordOf($"user{i:D2}");
        }

        foreach (var (key, value) in BackEndSettings())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new FrontendFactory(settings);
        lock (_factories)
        {
            _factories.Add(factory);
        }

        await factory.StartAsync();
        return factory;
    }
}
