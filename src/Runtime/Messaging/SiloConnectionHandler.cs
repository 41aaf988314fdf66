using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Placement;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// The silo's side of the grain protocol, on Kestrel. A connection starts with a handshake naming this cluster and
/// this silo incarnation; then requests run on the catalog and their responses go back as they complete, in any
/// order. A protocol violation closes that connection only, with its reason logged.
/// </summary>
internal sealed partial class SiloConnectionHandler(
    GrainCatalog catalog,
    IGrainPlacement placement,
    ClusterMembership membership,
    LocalSilo localSilo,
    TimeProvider timeProvider,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<MessagingOptions> messagingOptions,
    ILogger<SiloConnectionHandler> logger) : ConnectionHandler
{
    private readonly MessagingOptions _options = messagingOptions.Value;
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var frames = new FrameConnection(connection.Transport, _options.MaxFrameSize);
        var inbound = new ConcurrentDictionary<long, InboundCall>();
        try
        {
            var (type, body) = await frames.ReadSingleFrameAsync(connection.ConnectionClosed)
                .WaitAsync(_options.HandshakeTimeout, connection.ConnectionClosed);
            if (type != MessageType.Handshake)
            {
                throw new ProtocolException($"The first frame must be a handshake, not {type}.");
            }

            var handshake = Handshake.Read(body);
            if (handshake.ClusterId != _clusterId)
            {
                throw new ProtocolException($"Cluster id '{handshake.ClusterId}' does not match this silo's '{_clusterId}'.");
            }

            var self = localSilo.Address.ToString();
            if (handshake.ExpectedSilo.Length > 0 && handshake.ExpectedSilo != self)
            {
                throw new ProtocolException($"The caller expected silo {handshake.ExpectedSilo}; this is {self}.");
            }

            var accepted = new FrameBuffer(MessageType.HandshakeAccepted);
            accepted.WriteString(self);
            accepted.WriteInt64(membership.CurrentView.Version);
            frames.TrySend(accepted.Complete());
            Log.Accepted(logger, connection.ConnectionId, handshake.Caller);

            await frames.RunAsync((MessageType frameType, ref FrameReader reader) => HandleFrame(frames, inbound, frameType, ref reader), connection.ConnectionClosed);
        }
        catch (ProtocolException exception)
        {
            Log.ProtocolViolation(logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString(), exception.Message);
        }
        catch (TimeoutException)
        {
            Log.ProtocolViolation(logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString(), $"No handshake within {_options.HandshakeTimeout}.");
        }
        catch (Exception exception) when (exception is OperationCanceledException or ConnectionResetException or IOException)
        {
            // The caller went away.
        }
        finally
        {
            foreach (var id in inbound.Keys)
            {
                if (inbound.TryRemove(id, out var call))
                {
                    call.Cancel("The caller's connection closed.");
                }
            }

            connection.Abort();
        }
    }

    private void HandleFrame(FrameConnection frames, ConcurrentDictionary<long, InboundCall> inbound, MessageType type, ref FrameReader reader)
    {
        switch (type)
        {
            case MessageType.Request:
                HandleRequest(frames, inbound, ref reader);
                break;
            case MessageType.Cancel:
                if (inbound.TryRemove(reader.ReadInt64(), out var cancelled))
                {
                    cancelled.Cancel("The caller cancelled the call.");
                }

                break;
            default:
                throw new ProtocolException($"A caller sent {type}; only requests and cancels are expected.");
        }
    }

    private void HandleRequest(FrameConnection frames, ConcurrentDictionary<long, InboundCall> inbound, ref FrameReader reader)
    {
        var id = reader.ReadInt64();
        var timeoutMs = reader.ReadInt32();
        var target = new GrainId(reader.ReadString(), reader.ReadString());
        var methodId = reader.ReadInt32();
        if (target.Type.Length == 0 || target.Key.Length == 0)
        {
            throw new ProtocolException("A request names no grain.");
        }

        if (!GrainInterfaceMetadata.TryGetMethod(methodId, out var method))
        {
            SendException(frames, id, new InvalidOperationException($"Method id {methodId} is not a grain method of any interface this silo knows."));
            return;
        }

        if (catalog.IsStopping || !placement.IsLocal(target))
        {
            SendNotOwner(frames, id);
            return;
        }

        // Only methods that take a token get one: the caller's cancel then reaches the grain, as it does in-process.
        var cancellation = method.CancellationTokenIndex >= 0 ? new CancellationTokenSource() : null;
        var cancellationToken = cancellation?.Token ?? CancellationToken.None;
        object?[] arguments;
        try
        {
            arguments = method.ReadArguments(reader.Remaining, cancellationToken);
        }
        catch (JsonException exception)
        {
            SendException(frames, id, new ArgumentException($"The arguments of {method.Signature} could not be read: {exception.Message}"));
            return;
        }

        var call = method.CreateInboundCall(target, arguments, cancellationToken);
        call.StartTimeout(timeProvider, timeoutMs < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(timeoutMs));
        inbound[id] = new InboundCall(call, cancellation);
        catalog.Dispatch(call);
        _ = RespondAsync(frames, inbound, id, call);
    }

    private async Task RespondAsync(FrameConnection frames, ConcurrentDictionary<long, InboundCall> inbound, long id, IGrainCall call)
    {
        await call.Completion;
        if (!inbound.TryRemove(id, out _))
        {
            return;
        }

        switch (call.GetException())
        {
            case null:
                var frame = new FrameBuffer(MessageType.Response);
                frame.WriteInt64(id);
                frame.WriteByte((byte)ResponseStatus.Success);
                call.WriteResult(frame);
                frames.TrySend(frame.Complete());
                break;
            case NotOwnerException:
                SendNotOwner(frames, id);
                break;
            case var exception:
                SendException(frames, id, exception);
                break;
        }
    }

    private void SendNotOwner(FrameConnection frames, long id)
    {
        var frame = new FrameBuffer(MessageType.Response, 32);
        frame.WriteInt64(id);
        frame.WriteByte((byte)ResponseStatus.NotOwner);
        frame.WriteInt64(membership.CurrentView.Version);
        frames.TrySend(frame.Complete());
    }

    private static void SendException(FrameConnection frames, long id, Exception exception)
    {
        var frame = new FrameBuffer(MessageType.Response);
        frame.WriteInt64(id);
        frame.WriteByte((byte)ResponseStatus.Exception);
        frame.WriteString(RemoteExceptions.GetTypeName(exception));
        frame.WriteString(Truncate(exception.Message));
        frames.TrySend(frame.Complete());
    }

    private static string Truncate(string message) => message.Length > 8192 ? message[..8192] : message;

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Debug, "Accepted connection {ConnectionId} from {Caller}.", EventName = "SiloConnectionAccepted")]
        public static partial void Accepted(ILogger logger, string connectionId, string caller);

        [LoggerMessage(2002, LogLevel.Warning, "Closed connection {ConnectionId} from {RemoteEndPoint}: {Reason}", EventName = "SiloConnectionProtocolViolation")]
        public static partial void ProtocolViolation(ILogger logger, string connectionId, string? remoteEndPoint, string reason);
    }
}
