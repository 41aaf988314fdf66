using System.IO.Pipelines;

namespace SessionGrains.Cluster.Tests.Messaging;

/// <summary>Two in-memory pipes as one connection: the test writes what the peer sends to <see cref="Remote"/>, and reads what it got back.</summary>
internal sealed class TestDuplexPipe : IDuplexPipe
{
    private readonly Pipe _inbound = new();
    private readonly Pipe _outbound = new();

    public PipeReader Input => _inbound.Reader;

    public PipeWriter Output => _outbound.Writer;

    /// <summary>Where the test plays the peer: it writes into the connection's input and reads its output.</summary>
    public IDuplexPipe Remote => new Side(_outbound.Reader, _inbound.Writer);

    private sealed class Side(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
