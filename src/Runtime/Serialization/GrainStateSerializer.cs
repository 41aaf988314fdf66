using System.Buffers;
using System.Reflection;

namespace SessionGrains.Runtime.Serialization;

/// <summary>
/// How storage turns a state of type <typeparamref name="T"/> into bytes and back: its own binary form when it is an
/// <see cref="IBinaryState{TSelf}"/>, else <see cref="GrainSerializer"/>'s JSON. Chosen once per type.
/// </summary>
internal static class GrainStateSerializer<T>
{
    private static readonly Func<T, byte[]> s_serialize;
    private static readonly ReadState s_deserialize;

    static GrainStateSerializer()
    {
        if (typeof(T).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IBinaryState<>) && i.GenericTypeArguments[0] == typeof(T)))
        {
            var binary = typeof(BinaryStates).GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(m => m.Name, m => m.MakeGenericMethod(typeof(T)));
            s_serialize = binary[nameof(BinaryStates.Serialize)].CreateDelegate<Func<T, byte[]>>();
            s_deserialize = binary[nameof(BinaryStates.Deserialize)].CreateDelegate<ReadState>();
        }
        else
        {
            s_serialize = static state => GrainSerializer.Serialize(state);
            s_deserialize = static data => GrainSerializer.Deserialize<T>(data)!;
        }
    }

    private delegate T ReadState(ReadOnlySpan<byte> data);

    public static byte[] Serialize(T state) => s_serialize(state);

    public static T Deserialize(ReadOnlySpan<byte> data) => s_deserialize(data);
}

/// <summary>The calls <see cref="GrainStateSerializer{T}"/> binds for a binary state.</summary>
file static class BinaryStates
{
    public static byte[] Serialize<TState>(TState state) where TState : IBinaryState<TState>
    {
        var writer = new ArrayBufferWriter<byte>(256);
        state.Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static TState Deserialize<TState>(ReadOnlySpan<byte> data) where TState : IBinaryState<TState> => TState.Read(data);
}
