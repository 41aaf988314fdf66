using System.Buffers;
using SessionGrains.Grains.Serialization;
using SessionGrains.Runtime;

namespace SessionGrains.Grains.Users;

/// <summary>
/// A user's set of sessions, oldest first, stored in a binary form of its own: about 40 bytes a session, a user with
/// ten sessions fitting in one small Redis string.
/// </summary>
internal sealed class UserState : IBinaryState<UserState>
{
    private const byte Version = 1;

    public List<UserSessionEntry> Sessions { get; set; } = [];

    public static UserState Read(ReadOnlySpan<byte> data)
    {
        var reader = new StateReader(data);
        if (reader.ReadByte() != Version)
        {
            throw new FormatException("The stored user is of an unknown version.");
        }

        var count = reader.ReadCount();
        var state = new UserState { Sessions = new List<UserSessionEntry>(count) };
        for (var i = 0; i < count; i++)
        {
            var entry = new UserSessionEntry { PublicId = reader.ReadString(), GrainKey = reader.ReadString(), CreatedAt = reader.ReadInt64() };
            entry.AbsoluteExpiresAt = entry.CreatedAt + reader.ReadSignedVarint();
            state.Sessions.Add(entry);
        }

        return reader.IsAtEnd ? state : throw new FormatException("The stored user has trailing bytes.");
    }

    public void Write(IBufferWriter<byte> buffer)
    {
        var writer = new StateWriter(buffer);
        writer.WriteByte(Version);
        writer.WriteVarint(Sessions.Count);
        foreach (var entry in Sessions)
        {
            writer.WriteString(entry.PublicId);
            writer.WriteString(entry.GrainKey);
            writer.WriteVarint(entry.CreatedAt);
            writer.WriteSignedVarint(entry.AbsoluteExpiresAt - entry.CreatedAt);
        }
    }
}
