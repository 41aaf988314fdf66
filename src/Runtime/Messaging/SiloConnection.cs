using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// This process's connection to one silo: a socket with System.IO.Pipelines, calls multiplexed by id. When it breaks,
/// calls that never reached the socket, and idempotent ones, go back to the router; the others fail with
/// <see cref="SiloUnavailableException"/>, since they may have run.
/// </summary>
internal sealed partial class SiloConnection
{
    private readonly ConcurrentDictionary<long, IGrainCall> _pending = new();
    private readonly SiloAddress _silo;
    private readonly ConnectionContextInfo _context;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource<FrameConnection> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<(FrameBuffer Frame, IGrainCall Call)> _beforeConnect = new();
    private long _nextCallId;
    private FrameConnection? _connection;
    private Socket? _socket;
    private volatile Exception? _drainReason;

    public SiloConnection(SiloAddress silo, ConnectionContextInfo context)
    {
        _silo = silo;
        _context = context;
    }

    public SiloAddress Silo => _silo;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Connects, handshakes and runs the connection until it closes; then settles every pending call.</summary>
    public async Task RunAsync()
    {
        Exception? failure = null;
        try
        {
            var endpoint = await _silo.ResolveAsync(_closed.Token);
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _socket = socket;
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token))
            {
                connectTimeout.CancelAfter(_context.Options.ConnectTimeout);
                await socket.ConnectAsync(endpoint, connectTimeout.Token);
            }

            var stream = new NetworkStream(socket, ownsSocket: true);
            var connection = new FrameConnection(new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream)), _context.Options.MaxFrameSize);
            connection.TrySend(new Handshake(_context.ClusterId, _silo.ToString(), _context.CallerName).ToFrame());
            var (type, body) = await connection.ReadSingleFrameAsync(_closed.Token).WaitAsync(_context.Options.HandshakeTimeout, _closed.Token);
            if (type != MessageType.HandshakeAccepted)
            {
                throw new ProtocolException($"The silo answered the handshake with {type}.");
            }

            lock (_beforeConnect)
            {
                _connection = connection;
                while (_beforeConnect.TryDequeue(out var queued))
                {
                    queued.Call.IsWritten = true;
                    connection.TrySend(queued.Frame);
                }
            }

            Log.Connected(_context.Logger, _silo);
            await connection.RunAsync(HandleFrame, _closed.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            failure = exception;
        }
        finally
        {
            Close(failure);
        }
    }

    /// <summary>Sends <paramref name="call"/>; when the connection is already closed it goes straight back to the router.</summary>
    public void Send(IGrainCall call, IGrainCallRouter router)
    {
        var id = Interlocked.Increment(ref _nextCallId);
        _pending[id] = call;
        var frame = new FrameBuffer(MessageType.Request);
        frame.WriteInt64(id);
        frame.WriteInt32(call.Timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, call.Timeout.TotalMilliseconds));
        frame.WriteString(call.Target.Type);
        frame.WriteString(call.Target.Key);
        frame.WriteInt32(call.Method.Id);
        call.Method.WriteArguments(frame, call.Arguments);
        frame.Complete();

        bool sent;
        lock (_beforeConnect)
        {
            if (IsClosed)
            {
                sent = false;
            }
            else if (_connection is null)
            {
                _beforeConnect.Enqueue((frame, call));
                sent = true;
            }
            else
            {
                call.IsWritten = true;
                sent = _connection.TrySend(frame);
            }
        }

        if (!sent && _pending.TryRemove(id, out _))
        {
            router.Reroute(call);
        }
    }

    /// <summary>Sends a cancel for every pending call that completed here (timed out or cancelled) and forgets it.</summary>
    public void SweepCompleted()
    {
        foreach (var (id, call) in _pending)
        {
            if (call.IsCompleted && _pending.TryRemove(id, out _))
            {
                var frame = new FrameBuffer(MessageType.Cancel, 16);
                frame.WriteInt64(id);
                _connection?.TrySend(frame.Complete());
            }
        }
    }

    /// <summary>
    /// Takes the connection out of use for a silo that left the view: it closes once every pending call is answered,
    /// or after <paramref name="timeout"/>. A silo leaving gracefully still answers what it read (not-owner, so the
    /// calls are routed again and none fails); a crashed one has broken the socket already.
    /// </summary>
    public void Drain(Exception reason, TimeSpan timeout)
    {
        _drainReason = reason;
        if (_pending.IsEmpty)
        {
            Close(reason);
            return;
        }

        _ = Task.Delay(timeout).ContinueWith(
            static (_, state) =>
            {
                var (connection, reason) = ((SiloConnection, Exception))state!;
                connection.Close(reason);
            },
            (this, reason),
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    public void Close(Exception? reason = null)
    {
        lock (_beforeConnect)
        {
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            _closed.Cancel();
            _connection?.CompleteOutput();
            _socket?.Dispose();
            while (_beforeConnect.TryDequeue(out var queued))
            {
                queued.Frame.Return();
            }
        }

        if (reason is not null && reason is not OperationCanceledException)
        {
            Log.Disconnected(_context.Logger, reason, _silo, _pending.Count);
        }

        foreach (var (id, call) in _pending)
        {
            if (!_pending.TryRemove(id, out _) || call.IsCompleted)
            {
                continue;
            }

            if (!call.IsWritten || call.Method.IsIdempotent)
            {
                _context.Router.Reroute(call);
            }
            else
            {
                call.Fail(new SiloUnavailableException(
                    $"The connection to silo {_silo} was lost while {call.Method.Signature} on {call.Target} was in flight; it may or may not have run.",
                    reason));
            }
        }
    }

    private void HandleFrame(MessageType type, ref FrameReader reader)
    {
        if (type != MessageType.Response)
        {
            throw new ProtocolException($"A silo sent {type}; only responses are expected.");
        }

        var id = reader.ReadInt64();
        var status = (ResponseStatus)reader.ReadByte();
        if (!_pending.TryRemove(id, out var call))
        {
            return;
        }

        switch (status)
        {
            case ResponseStatus.Success:
                try
                {
                    call.CompleteFromJson(reader.Remaining);
                }
                catch (JsonException exception)
                {
                    call.Fail(new SessionGrainsException($"The result of {call.Method.Signature} could not be read: {exception.Message}", exception));
                }

                break;
            case ResponseStatus.Exception:
                call.Fail(RemoteExceptions.Create(reader.ReadString(), reader.ReadString()));
                break;
            case ResponseStatus.NotOwner:
                _context.Membership.RequestRefresh();
                _context.Router.Reroute(call);
                break;
            default:
                throw new ProtocolException($"Unknown response status {status}.");
        }

        if (_drainReason is { } drained && _pending.IsEmpty)
        {
            Close(drained);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Debug, "Connected to silo {Silo}.", EventName = "SiloConnected")]
        public static partial void Connected(ILogger logger, SiloAddress silo);

        [LoggerMessage(2102, LogLevel.Information, "Connection to silo {Silo} closed with {Pending} calls pending.", EventName = "SiloDisconnected")]
        public static partial void Disconnected(ILogger logger, Exception exception, SiloAddress silo, int pending);
    }
}
