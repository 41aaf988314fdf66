using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// A Kestrel server of the silo's own, serving only the grain protocol through <see cref="SiloConnectionHandler"/>.
/// Being separate from the app's HTTP server lets a silo live in any host: a plain generic host, a web app beside its
/// pages, or one of several silos of a TestCluster in one process.
/// </summary>
internal sealed partial class SiloListener(
    IServiceProvider services,
    LocalSilo localSilo,
    IOptions<SiloOptions> siloOptions,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private KestrelServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = siloOptions.Value;
        var kestrelOptions = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        ListenOptions? listen = null;
        kestrelOptions.Listen(IPAddress.Parse(options.ListenAddress), options.Port, l =>
        {
            l.UseConnectionHandler<SiloConnectionHandler>();
            listen = l;
        });
        _server = new KestrelServer(
            Options.Create(kestrelOptions),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory),
            loggerFactory);
        await _server.StartAsync(new NoHttpApplication(), cancellationToken);
        var port = ((IPEndPoint)listen!.EndPoint).Port;
        localSilo.SetAddress(new SiloAddress(options.ResolveAdvertisedHost(), port, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));
        Log.Listening(loggerFactory.CreateLogger<SiloListener>(), localSilo.Address, options.ListenAddress, port);
    }

    /// <summary>Stops listening; <paramref name="abort"/> drops open connections at once, as a crash would.</summary>
    public async Task StopAsync(bool abort, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (abort)
        {
            await cts.CancelAsync();
        }

        await _server.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await StopAsync(abort: true, CancellationToken.None);
            _server.Dispose();
            _server = null;
        }
    }

    /// <summary>Kestrel wants an HTTP application; the silo endpoint has a connection handler instead and never calls it.</summary>
    private sealed class NoHttpApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => throw new NotSupportedException();

        public void DisposeContext(object context, Exception? exception)
        {
        }

        public Task ProcessRequestAsync(object context) => throw new NotSupportedException();
    }

    private static partial class Log
    {
        [LoggerMessage(2201, LogLevel.Information, "Silo {Silo} listening on {ListenAddress}:{Port}.", EventName = "SiloListening")]
        public static partial void Listening(ILogger logger, SiloAddress silo, string listenAddress, int port);
    }
}
