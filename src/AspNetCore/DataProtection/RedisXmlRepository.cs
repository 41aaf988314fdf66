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
        connection.ExecuteAsync(db => db.ListRangeAsync(key), "reading the Data Protection key ring", CancellationToken.None)
            .GetAwaiter().GetResult()
            .Select(value => XElement.Parse((string)value!))
            .ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        connection.ExecuteAsync(db => db.ListRightPushAsync(key, element.ToString(SaveOptions.DisableFormatting)), "storing a Data Protection key", CancellationToken.None)
            .GetAwaiter().GetResult();
}
