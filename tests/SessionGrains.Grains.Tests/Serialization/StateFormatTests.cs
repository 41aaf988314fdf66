using System.Buffers;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.Grains.Tests.Serialization;

/// <summary>
/// The binary forms of the session and user states: every field comes back as written, base64url tokens take their
/// raw size, and a damaged record is a <see cref="FormatException"/>, never a wrong state.
/// </summary>
public sealed class StateFormatTests
{
    [Fact]
    public void Session_WithEveryField_ReadsBackAsWritten()
    {
        // Arrange
        var credentials = SessionSecret.Generate().Derive();
        var state = new SessionState
        {
            PublicId = credentials.PublicId,
            Proof = credentials.Proof.Value,
            UserId = "alice",
            CreatedAt = 1_795_358_756_523,
            LastSeenAt = 1_795_358_796_000,
            IdleTimeout = 1_200_000,
            AbsoluteExpiresAt = 1_795_401_956_523,
            Data = new() { ["hits"] = "1000", ["theme"] = "dark", ["name"] = "Ådne ✓", ["empty"] = "" },
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
            IpAddress = "203.0.113.7",
            Ended = SessionEndReason.Revoked,
        };

        // Act
        var read = SessionState.Read(Write(state));

        // Assert
        Assert.Equivalent(state, read, strict: true);
    }

    [Fact]
    public void Session_WithOnlyTheRequiredFields_ReadsBackWithTheOthersNull()
    {
        var state = new SessionState { PublicId = "not base64url!", Proof = "", CreatedAt = 5, LastSeenAt = 3, IdleTimeout = 0, AbsoluteExpiresAt = 4 };

        var read = SessionState.Read(Write(state));

        Assert.Equivalent(state, read, strict: true);
        Assert.Null(read.UserId);
        Assert.Null(read.Data);
        Assert.Null(read.Ended);
    }

    [Fact]
    public void Tokens_AreStoredAsTheirRawBytes()
    {
        // Arrange: a signed-in session with no device or data; its ids and proof are base64url tokens
        var credentials = SessionSecret.Generate().Derive();
        const long Now = 1_795_358_756_523;
        var state = new SessionState { PublicId = credentials.PublicId, Proof = credentials.Proof.Value, CreatedAt = Now, LastSeenAt = Now, AbsoluteExpiresAt = Now };

        // Act
        var bytes = Write(state);

        // Assert: version, flags, 1 + 12 id bytes, 1 + 16 proof bytes, then four varints (6 + 1 + 1 + 1)
        Assert.Equal(2 + 13 + 17 + 9, bytes.Length);
    }

    [Fact]
    public void User_ReadsBackAsWritten()
    {
        var state = new UserState
        {
            Sessions =
            [
                .. Enumerable.Range(0, 10).Select(i =>
                {
                    var credentials = SessionSecret.Generate().Derive();
                    return new UserSessionEntry { PublicId = credentials.PublicId, GrainKey = credentials.GrainKey, CreatedAt = 1_795_358_756_523 + i, AbsoluteExpiresAt = 1_795_401_956_523 + i };
                }),
            ],
        };

        var read = UserState.Read(Write(state));

        Assert.Equivalent(state, read, strict: true);
    }

    [Fact]
    public void DamagedRecord_IsAFormatException()
    {
        var credentials = SessionSecret.Generate().Derive();
        var bytes = Write(new SessionState { PublicId = credentials.PublicId, Proof = credentials.Proof.Value, UserAgent = "agent" });

        Assert.Throws<FormatException>(() => SessionState.Read(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => SessionState.Read([.. bytes, 0]));
        Assert.Throws<FormatException>(() => SessionState.Read([2, .. bytes.AsSpan(1)]));
        Assert.Throws<FormatException>(() => UserState.Read([]));
        Assert.Throws<FormatException>(() => UserState.Read([1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        Assert.Throws<FormatException>(() => UserState.Read([1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]));
    }

    private static byte[] Write(SessionState state) => Write(state.Write);

    private static byte[] Write(UserState state) => Write(state.Write);

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
