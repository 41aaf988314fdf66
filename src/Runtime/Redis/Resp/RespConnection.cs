using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace SessionGrains.Runtime.Redis.Resp;

/// <summary>
/// One socket to Redis on which concurrent callers pipeline their commands. A command that finds no write pending
/// queues one on the thread pool, behind the work already waiting there; every command queued until it runs goes out
/// in that write, so Redis wakes once for all of them and there is no writer thread to wake. One read loop hands the
/// replies out in order. The first failure ends the connection for good: every command waiting on it fails with
/// <see cref="RedisUnavailableException"/>, and its owner opens a new one.
/// </summary>
internal sealed class RespConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>How often a due write lets other waiting work go first (see <see cref="WriteWhenDue"/>).</summary>
    private const int MaxWriteDeferrals = 1;

    private static readonly Action<RespConnection> s_writeWhenDue = static connection => connection.WriteWhenDue();

    private readonly Stream _stream;
    private readonly Action<RespConnection, Exception>? _failed;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentQueue<TaskCompletionSource<RespReply>> _awaitingReply = new();
    private byte[] _queued = new byte[InitialBufferSize];
    private byte[] _writing = new byte[InitialBufferSize];
    private int _queuedLength;
    private bool _writerActive;
    private int _writeDeferrals;
    private Exception? _failure;
    private Task _readLoop = Task.CompletedTask;

    private RespConnection(Stream stream, string endpoint, Action<RespConnection, Exception>? failed)
    {
        _stream = stream;
        Endpoint = endpoint;
        _failed = failed;
    }

    /// <summary>The endpoint as configured, for messages.</summary>
    public string Endpoint { get; }

    /// <summary>Whether the connection has failed or been closed; a failed connection never recovers.</summary>
    public bool IsFailed => Volatile.Read(ref _failure) is not null;

    /// <summary>
    /// Opens a connection to <paramref name="endpoint"/>, over TLS when <paramref name="tlsHost"/> is given. A host name
    /// is resolved and its addresses are tried in turn. <paramref name="failed"/> learns of the connection's failure
    /// once, with its cause.
    /// </summary>
    public static async Task<RespConnection> ConnectAsync(EndPoint endpoint, string? tlsHost, Action<RespConnection, Exception>? failed, CancellationToken cancellationToken)
    {
        var socket = await ConnectSocketAsync(endpoint, cancellationToken);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (tlsHost is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tlsHost }, cancellationToken);
            }
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        var connection = new RespConnection(stream, Describe(endpoint), failed);

        // The loop outlives the caller that happened to connect: it must not carry that caller's async locals along.
        using (ExecutionContext.SuppressFlow())
        {
            connection._readLoop = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        }

        return connection;
    }

    /// <summary>
    /// Queues <paramref name="command"/> for the next write. The task
    /// completes with Redis's reply (an error reply included), or fails with <see cref="RedisUnavailableException"/> when
    /// the connection fails first.
    /// </summary>
    public Task<RespReply> SendAsync(ReadOnlySpan<RespArgument> command)
    {
        var reply = new TaskCompletionSource<RespReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var length = RespWriter.GetByteCount(command);
        bool write;
        lock (_writeLock)
        {
            if (_failure is { } failure)
            {
                return Task.FromException<RespReply>(failure);
            }

            if (_queued.Length - _queuedLength < length)
            {
                Array.Resize(ref _queued, Math.Max(_queued.Length * 2, _queuedLength + length));
            }

            _queuedLength += RespWriter.Write(command, _queued.AsSpan(_queuedLength));
            _awaitingReply.Enqueue(reply);
            write = !_writerActive;
            _writerActive = true;
        }

        if (write)
        {
            // Queued behind the work already waiting for the pool, which is likely more callers with commands to
            // add: they go out in the same write, and Redis is woken once for all of them.
            ThreadPool.UnsafeQueueUserWorkItem(s_writeWhenDue, this, preferLocal: false);
        }

        return reply.Task;
    }

    /// <summary>Fails the connection (and every command waiting on it) with <paramref name="reason"/>.</summary>
    public void Abort(Exception reason) => Fail(reason);

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(RespConnection), "The connection is closed."));
        await _readLoop;
    }

    /// <summary>
    /// Writes what is queued, unless work still waits for the pool: that is mostly requests about to queue commands of
    /// their own, so the write lets it go first (up to <see cref="MaxWriteDeferrals"/> times) and takes their commands
    /// along. Only one such work item exists at a time.
    /// </summary>
    private void WriteWhenDue()
    {
        if (_writeDeferrals < MaxWriteDeferrals && ThreadPool.PendingWorkItemCount > 0)
        {
            _writeDeferrals++;
            ThreadPool.UnsafeQueueUserWorkItem(s_writeWhenDue, this, preferLocal: false);
            return;
        }

        _writeDeferrals = 0;
        _ = WriteQueuedAsync();
    }

    private async Task WriteQueuedAsync()
    {
        try
        {
            while (true)
            {
                int length;
                lock (_writeLock)
                {
                    if (_queuedLength == 0 || _failure is not null)
                    {
                        _writerActive = false;
                        return;
                    }

                    (_queued, _writing) = (_writing, _queued);
                    length = _queuedLength;
                    _queuedLength = 0;
                }

                await _stream.WriteAsync(_writing.AsMemory(0, length));
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[InitialBufferSize];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (start, end) = (0, end - start);
                    }
                    else if (buffer.Length > RespParser.MaxBulkLength)
                    {
                        throw new RespProtocolException("Redis sent a reply larger than any it can hold.");
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(end));
                if (read == 0)
                {
                    throw new IOException("Redis closed the connection.");
                }

                end += read;
                while (RespParser.TryRead(buffer.AsSpan(start, end - start), out var reply, out var consumed))
                {
                    start += consumed;
                    if (!_awaitingReply.TryDequeue(out var waiting))
                    {
                        throw new RespProtocolException("Redis sent a reply to no command.");
                    }

                    waiting.TrySetResult(reply);
                }

                if (start == end)
                {
                    (start, end) = (0, 0);
                }
            }
        }
        catch (Exception exception)
        {
            Fail(exception);
        }
    }

    private void Fail(Exception cause)
    {
        RedisUnavailableException failure;
        lock (_writeLock)
        {
            if (_failure is not null)
            {
                return;
            }

            failure = new RedisUnavailableException($"The Redis connection to {Endpoint} failed: {cause.Message}", cause);
            _failure = failure;
        }

        // Closing the stream ends the read loop and any write in progress. Nothing is queued after _failure is set, so
        // the queue drains completely.
        _stream.Dispose();
        while (_awaitingReply.TryDequeue(out var waiting))
        {
            waiting.TrySetException(failure);
        }

        _failed?.Invoke(this, cause);
    }

    private static string Describe(EndPoint endpoint) => endpoint is DnsEndPoint dns ? $"{dns.Host}:{dns.Port}" : endpoint.ToString() ?? "";

    private static async Task<Socket> ConnectSocketAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = endpoint switch
        {
            IPEndPoint ip => [ip],
            DnsEndPoint dns => (await Dns.GetHostAddressesAsync(dns.Host, cancellationToken)).Select(address => new IPEndPoint(address, dns.Port)).ToArray(),
            _ => throw new NotSupportedException($"Cannot connect to a {endpoint.GetType().Name}."),
        };

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            try
            {
                await socket.ConnectAsync(address, cancellationToken);
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
