using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SessionGrains.Runtime.Redis;
using StackExchange.Redis;

namespace SessionGrains.AspNetCore.DataProtection;

/// <summary>
/// The Data Protection key ring in a Redis list, so every front end reads every cookie. The usual package needs
/// StackExchange.Redis 2, which cannot be restored here; this is the same design (one list, one element per key).
/// </summary>
internal sealed class RedisXmlRepository(RedisConnection connection, RedisKey key) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Run(db => db.ListRange(key), "reading the Data Protection key ring")
            .Select(value => XElement.Parse((string)value!))
            .ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Run(db => db.ListRightPush(key, element.ToString(SaveOptions.DisableFormatting)), "storing a Data Protection key");

    /// <summary>
    /// IXmlRepository is synchronous, so this blocks; it uses Redis's synchronous calls because blocking on an async
    /// one can deadlock. StackExchange.Redis 1.x completes async calls in order on one worker thread, and this may be
    /// called on a continuation running there (the host starts Data Protection's hosted service right after another
    /// service's Redis await): waiting there for an async reply, queued behind the waiter itself, stalls every Redis
    /// call of the process until the operation timeout. Synchronous replies are completed by the reader instead.
    /// </summary>
    private T Run<T>(Func<IDatabase, T> operation, string description) =>
        connection.ExecuteAsync(db => Task.FromResult(operation(db)), description, CancellationToken.None).GetAwaiter().GetResult();
}
