using System.Text.Json;

namespace SessionGrains.Runtime.Serialization;

/// <summary>
/// The one serializer of the runtime: grain state in storage, copies of mutable call arguments and results, and message
/// payloads all use System.Text.Json with these options.
/// </summary>
internal static class GrainSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
    };

    public static byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static object? Deserialize(ReadOnlySpan<byte> utf8Json, Type type) => JsonSerializer.Deserialize(utf8Json, type, Options);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, Options);
}
