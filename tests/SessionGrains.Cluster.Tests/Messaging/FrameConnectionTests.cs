using System.Buffers;
using SessionGrains.Runtime.Messaging;

namespace SessionGrains.Cluster.Tests.Messaging;

public sealed class FrameConnectionTests
{
    private const int MaxFrameSize = 1024;

    [Fact]
    public async Task Run_FramesArrivingByteByByte_HandledWholeAndInOrder()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        var received = new List<(MessageType, long, string)>();
        var running = connection.RunAsync((MessageType type, ref FrameReader reader) => received.Add((type, reader.ReadInt64(), reader.ReadString())), CancellationToken.None);

        var bytes = Enumerable.Range(0, 20).SelectMany(i => RawSiloSocket.Frame((byte)MessageType.Response, [.. RawSiloSocket.Int64(i), .. RawSiloSocket.String(new string('x', i * 10))])).ToArray();
        foreach (var b in bytes)
        {
            await pipe.Remote.Output.WriteAsync(new[] { b }).DefaultTimeout();
        }

        await pipe.Remote.Output.CompleteAsync();
        await running.DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (MessageType.Response, (long)i, new string('x', i * 10))), received);
    }

    [Fact]
    public async Task Run_PeerClosesInsideFrame_ThrowsProtocolException()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        var handled = 0;
        var running = connection.RunAsync((MessageType _, ref FrameReader _) => handled++, CancellationToken.None);

        var frame = RawSiloSocket.Frame((byte)MessageType.Cancel, RawSiloSocket.Int64(1));
        await pipe.Remote.Output.WriteAsync(frame).DefaultTimeout();
        await pipe.Remote.Output.WriteAsync(frame[..7]).DefaultTimeout();
        await pipe.Remote.Output.CompleteAsync();

        var error = await Assert.ThrowsAsync<ProtocolException>(() => running.DefaultTimeout());
        Assert.Contains("inside a frame", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Run_HeaderLongerThanMaxFrameSize_ThrowsBeforeTheBodyArrives()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        var running = connection.RunAsync((MessageType _, ref FrameReader _) => { }, CancellationToken.None);

        await pipe.Remote.Output.WriteAsync(RawSiloSocket.Int32(MaxFrameSize + 1)).DefaultTimeout();

        var error = await Assert.ThrowsAsync<ProtocolException>(() => running.DefaultTimeout());
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmptyFrame_ThrowsProtocolException()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        var running = connection.RunAsync((MessageType _, ref FrameReader _) => { }, CancellationToken.None);

        await pipe.Remote.Output.WriteAsync(RawSiloSocket.Int32(0)).DefaultTimeout();

        await Assert.ThrowsAsync<ProtocolException>(() => running.DefaultTimeout());
    }

    [Fact]
    public async Task ReadSingleFrame_TruncatedThenClosed_ThrowsProtocolException()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        var handshake = new Handshake("cluster", "", "caller").ToFrame();
        var bytes = handshake.WrittenSpan.ToArray();
        handshake.Return();

        await pipe.Remote.Output.WriteAsync(bytes[..^1]).DefaultTimeout();
        await pipe.Remote.Output.CompleteAsync();

        await Assert.ThrowsAsync<ProtocolException>(() => connection.ReadSingleFrameAsync(CancellationToken.None).DefaultTimeout());
        await connection.CloseAsync().DefaultTimeout();
    }

    [Fact]
    public async Task TrySend_ThenClose_PeerReadsEveryFrameThenTheEnd()
    {
        var pipe = new TestDuplexPipe();
        var connection = new FrameConnection(pipe, MaxFrameSize);
        for (var i = 0; i < 3; i++)
        {
            var frame = new FrameBuffer(MessageType.Cancel);
            frame.WriteInt64(i);
            Assert.True(connection.TrySend(frame.Complete()));
        }

        await connection.CloseAsync().DefaultTimeout();

        var expected = Enumerable.Range(0, 3).SelectMany(i => RawSiloSocket.Frame((byte)MessageType.Cancel, RawSiloSocket.Int64(i))).ToArray();
        var result = await pipe.Remote.Input.ReadAtLeastAsync(expected.Length + 1).AsTask().DefaultTimeout();
        Assert.Equal(expected, result.Buffer.ToArray());
        Assert.True(result.IsCompleted);
        Assert.False(connection.TrySend(new FrameBuffer(MessageType.Cancel).Complete()));
    }
}
