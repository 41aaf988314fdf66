using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Redis;
using StackExchange.Redis;

namespace SessionGrains.AspNetCore.DataProtection;

/// <summary>
/// The Data Protection key ring in a Redis list, so every front end reads every cookie. The usual package needs
/// StackExchange.Redis 2, which cannot be restored here; this is the same design (one list, one element per key),
/// except that a new key is added only if no other front end added one since this one last read the list.
/// </summary>
/// <remarks>
/// Front ends started together on an empty key ring each create a key that is active at once. Data Protection makes
/// the newest active key the default, so the front end that stored first, having read the ring before the others
/// stored, keeps a ring without their keys (cached for up to a day) and, two minutes after its start, rejects every
/// cookie they issue (dotnet/aspnetcore#52678). Here the later key is not stored: its creator reads the ring again
/// right after storing and adopts the key already there, so every front end protects with one key.
/// </remarks>
internal sealed partial class RedisXmlRepository(RedisConnection connection, RedisKey key, ILogger<RedisXmlRepository> logger) : IXmlRepository
{
    private static readonly LuaScript PushIfUnchangedScript = LuaScript.Prepare("""
        if redis.call('LLEN', @key) ~= tonumber(@seen) then return 0 end
        return redis.call('RPUSH', @key, @element)
        """);

    private long _seen = -1;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var values = Run(db => db.ListRange(key), "reading the Data Protection key ring");
        Volatile.Write(ref _seen, values.Length);
        return values.Select(value => XElement.Parse((string)value!)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var value = element.ToString(SaveOptions.DisableFormatting);
        var seen = Volatile.Read(ref _seen);
        if (element.Name.LocalName != "key" || seen < 0)
        {
            // Revocations, and a key stored before any read, go in as they come.
            Run(db => db.ListRightPush(key, value), "storing a Data Protection key");
            return;
        }

        var stored = (long)Run(db => PushIfUnchangedScript.Evaluate(db, new { key, seen, element = value }), "storing a Data Protection key");
        if (stored == 0)
        {
            Log.KeyNotStored(logger, friendlyName);
        }
    }

    /// <summary>
    /// IXmlRepository is synchronous, so this blocks; it uses Redis's synchronous calls because blocking on an async
    /// one can deadlock. StackExchange.Redis 1.x completes async calls in order on one worker thread, and this may be
    /// called on a continuation running there (the host starts Data Protection's hosted service right after another
    /// service's Redis await): waiting there for an async reply, queued behind the waiter itself, stalls every Redis
    /// call of the process until the operation timeout. Synchronous replies are completed by the reader instead.
    /// </summary>
    private T Run<T>(Func<IDatabase, T> operation, string description) =>
        connection.ExecuteAsync(db => Task.FromResult(operation(db)), description, CancellationToken.None).GetAwaiter().GetResult();

    private static partial class Log
    {
        [LoggerMessage(8201, LogLevel.Information, "Did not store Data Protection {FriendlyName}: another front end added a key to the shared key ring since this one read it, and its key is used instead.", EventName = "DataProtectionKeyNotStored")]
        public static partial void KeyNotStored(ILogger logger, string friendlyName);
    }
}
