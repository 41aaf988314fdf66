using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionGrains.Cluster.Tests.Messaging;

/// <summary>
/// A bare TCP connection to a silo, speaking the grain protocol by hand: frames are a 4-byte big-endian body length,
/// then the body, whose first byte is the message type; strings are a 2-byte big-endian length and UTF-8.
/// </summary>
internal sealed class RawSiloSocket : IDisposable
{
    public const byte Handshake = 1;
    public const byte HandshakeAccepted = 2;
    public const byte Request = 3;
    public const byte Response = 4;

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private RawSiloSocket(Socket socket) => _socket = socket;

    public static async Task<RawSiloSocket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout();
        return new RawSiloSocket(socket);
    }

    /// <summary>A frame: the header with the body's length, the type byte, then <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, 1 + payload.Length);
        frame[4] = type;
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>A handshake frame: int32 version, then cluster id, expected silo (empty: any) and caller as strings.</summary>
    public static byte[] HandshakeFrame(string clusterId, string expectedSilo = "", string caller = "raw-test", int version = 1)
    {
        var payload = new List<byte>();
        payload.AddRange(Int32(version));
        payload.AddRange(String(clusterId));
        payload.AddRange(String(expectedSilo));
        payload.AddRange(String(caller));
        return Frame(Handshake, [.. payload]);
    }

    /// <summary>A request frame: int64 id, int32 timeout in ms, grain type and key, int32 method id, JSON arguments.</summary>
    public static byte[] RequestFrame(long id, string grainType, string grainKey, int methodId, string jsonArguments)
    {
        var payload = new List<byte>();
        payload.AddRange(Int64(id));
        payload.AddRange(Int32(10_000));
        payload.AddRange(String(grainType));
        payload.AddRange(String(grainKey));
        payload.AddRange(Int32(methodId));
        payload.AddRange(Encoding.UTF8.GetBytes(jsonArguments));
        return Frame(Request, [.. payload]);
    }

    public static byte[] String(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        var bytes = new byte[2 + utf8.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)utf8.Length);
        utf8.CopyTo(bytes, 2);
        return bytes;
    }

    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None).DefaultTimeout();

    /// <summary>Ends the sending side, as a peer that has nothing more to say.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one whole frame: its type and the body after the type byte.</summary>
    public async Task<(byte Type, byte[] Payload)> ReadFrameAsync()
    {
        var header = await ReadExactlyAsync(4);
        var body = await ReadExactlyAsync(BinaryPrimitives.ReadInt32BigEndian(header));
        return (body[0], body[1..]);
    }

    /// <summary>
    /// Reads until the silo closes the connection (end of stream or reset), within a bound, and returns every byte that
    /// arrived before: a silo that refuses a peer must close rather than leave it hanging.
    /// </summary>
    /// <exception cref="TimeoutException">The connection is still open after the bound.</exception>
    public async Task<byte[]> ReadUntilClosedAsync()
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    return [.. received];
                }

                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return [.. received];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The silo left the connection open for {ReadTimeout} after a protocol violation ({received.Count} bytes received).");
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var offset = 0;
        while (offset < count)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"The silo closed the connection after {offset} of {count} bytes.");
            }

            offset += read;
        }

        return buffer;
    }
}
