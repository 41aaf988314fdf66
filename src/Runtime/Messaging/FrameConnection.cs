using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// Frames over a duplex pipe: one loop reads and hands each frame to a handler, synchronously and in order; one loop
/// writes every queued frame and flushes once per batch, so concurrent calls share a write. The first protocol
/// violation closes the connection.
/// </summary>
internal sealed class FrameConnection
{
    /// <summary>Handles one frame body; throws <see cref="ProtocolException"/> for a malformed one.</summary>
    public delegate void FrameHandler(MessageType type, ref FrameReader reader);

    private readonly IDuplexPipe _pipe;
    private readonly int _maxFrameSize;
    private readonly Channel<FrameBuffer> _output = Channel.CreateUnbounded<FrameBuffer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writing;

    /// <summary>Starts writing at once, so a handshake can go out before the read loop runs.</summary>
    public FrameConnection(IDuplexPipe pipe, int maxFrameSize)
    {
        _pipe = pipe;
        _maxFrameSize = maxFrameSize;
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a completed frame. False when the connection is closing: the frame was not sent.</summary>
    public bool TrySend(FrameBuffer frame)
    {
        if (_output.Writer.TryWrite(frame))
        {
            return true;
        }

        frame.Return();
        return false;
    }

    /// <summary>Stops accepting frames; the writer sends what is queued and then completes the pipe.</summary>
    public void CompleteOutput() => _output.Writer.TryComplete();

    /// <summary>Reads one frame before the loops start: the handshake.</summary>
    public async Task<(MessageType Type, byte[] Body)> ReadSingleFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _pipe.Input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryReadFrame(ref buffer, out var body))
            {
                var bytes = body.ToArray();
                _pipe.Input.AdvanceTo(buffer.Start);
                if (bytes.Length == 0)
                {
                    throw new ProtocolException("An empty frame has no message type.");
                }

                return ((MessageType)bytes[0], bytes);
            }

            _pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new ProtocolException("The connection closed before a complete frame arrived.");
            }
        }
    }

    /// <summary>Runs both loops until the peer closes, a frame is malformed, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(FrameHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            await ReadLoopAsync(handler, cancellationToken);
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>Sends what is queued, then completes the output; for connections that end before or without <see cref="RunAsync"/>.</summary>
    public Task CloseAsync()
    {
        CompleteOutput();
        return _writing;
    }

    private async Task ReadLoopAsync(FrameHandler handler, CancellationToken cancellationToken)
    {
        var input = _pipe.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                try
                {
                    while (TryReadFrame(ref buffer, out var body))
                    {
                        Handle(handler, body);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (buffer.Length > 0)
                    {
                        throw new ProtocolException($"The connection closed inside a frame ({buffer.Length} bytes of it arrived).");
                    }

                    return;
                }
            }
        }
        finally
        {
            await input.CompleteAsync();
        }
    }

    private static void Handle(FrameHandler handler, ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            Dispatch(handler, body.FirstSpan);
            return;
        }

        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            Dispatch(handler, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Dispatch(FrameHandler handler, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new ProtocolException("An empty frame has no message type.");
        }

        var reader = new FrameReader(body[1..]);
        handler((MessageType)body[0], ref reader);
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)_maxFrameSize)
        {
            throw new ProtocolException($"A frame of {length} bytes exceeds the limit of {_maxFrameSize}.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        body = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var output = _pipe.Output;
        var reader = _output.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    output.Write(frame.WrittenSpan);
                    frame.Return();
                }

                var flushed = await output.FlushAsync();
                if (flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The peer is gone; the read loop reports it.
        }
        finally
        {
            _output.Writer.TryComplete();
            while (reader.TryRead(out var frame))
            {
                frame.Return();
            }

            await output.CompleteAsync();
        }
    }
}
