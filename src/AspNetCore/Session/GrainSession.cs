using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SessionGrains.AspNetCore.Session;

/// <summary>
/// <see cref="ISession"/> over a session grain, so code written for <c>HttpContext.Session</c> runs unchanged. Values
/// set here are stored as <c>~</c> and base64; text values set by other means (counters) read back as their UTF-8
/// bytes. As with ASP.NET's own session, call <see cref="LoadAsync"/> first: a synchronous read of an unloaded session
/// blocks on the grain call.
/// </summary>
internal sealed class GrainSession(SessionGrainsFeature feature) : ISession
{
    private bool _available = true;

    public bool IsAvailable
    {
        get
        {
            EnsureLoaded();
            return _available;
        }
    }

    /// <summary>
    /// As ASP.NET Core's session: loads the session, then never empty and the same for the rest of the request, even
    /// before a session exists; a session this request creates gets this id. Signing in, signing out or revoking this
    /// session changes it: they end the session it named.
    /// </summary>
    public string Id
    {
        get
        {
            EnsureLoaded();
            return feature.LoadedPublicId;
        }
    }

    public IEnumerable<string> Keys
    {
        get
        {
            EnsureLoaded();
            var keys = new HashSet<string>(feature.Snapshot?.Data.Keys ?? [], StringComparer.Ordinal);
            foreach (var (key, value) in feature.Pending)
            {
                if (value is null)
                {
                    keys.Remove(key);
                }
                else
                {
                    keys.Add(key);
                }
            }

            return keys;
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await feature.GetCurrentAsync(cancellationToken);
        }
        catch (SessionGrains.Grains.SessionGrainsException)
        {
            // As ASP.NET's session does when its store fails: the request goes on without a session.
            _available = false;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken = default) => feature.CommitAsync(cancellationToken);

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        EnsureLoaded();
        if (feature.Pending.TryGetValue(key, out var pending))
        {
            value = pending is null ? null : Decode(pending);
            return value is not null;
        }

        value = feature.Snapshot?.Data.TryGetValue(key, out var stored) == true ? Decode(stored) : null;
        return value is not null;
    }

    public void Set(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        feature.Stage(key, SessionGrainsFeature.BinaryMarker + Convert.ToBase64String(value));
    }

    public void Remove(string key) => feature.Stage(key, null);

    public void Clear()
    {
        foreach (var key in Keys.ToList())
        {
            feature.Stage(key, null);
        }
    }

    private void EnsureLoaded()
    {
        if (!feature.IsLoaded)
        {
            LoadAsync().GetAwaiter().GetResult();
        }
    }

    private static byte[] Decode(string stored) =>
        stored.Length > 0 && stored[0] == SessionGrainsFeature.BinaryMarker ? Convert.FromBase64String(stored[1..]) : Encoding.UTF8.GetBytes(stored);
}
