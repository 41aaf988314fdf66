using System.Buffers;

namespace SessionGrains.Runtime;

/// <summary>
/// A grain state that storage keeps in a compact binary form of its own instead of JSON, for states held by the
/// million where every byte in Redis counts. Storage calls <see cref="Write"/> and <see cref="Read"/> for it; the
/// format, and reading older versions of it, is the state's business.
/// </summary>
/// <typeparam name="TSelf">The state type itself.</typeparam>
public interface IBinaryState<TSelf> where TSelf : IBinaryState<TSelf>
{
    /// <summary>Writes the state.</summary>
    void Write(IBufferWriter<byte> writer);

    /// <summary>Reads a state <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException"><paramref name="data"/> is not a state of this type.</exception>
    static abstract TSelf Read(ReadOnlySpan<byte> data);
}
