using System.Net;
using System.Net.Sockets;

namespace SessionGrains.Grains.Hosting;

/// <summary>Port 0 in configuration means "any free port"; Orleans needs the number itself, to advertise it.</summary>
public static class FreePort
{
    /// <summary>
    /// <paramref name="configured"/>, or a port that was free a moment ago when it is 0. Another process may take it
    /// before the silo binds it; the silo then fails to start and says which port.
    /// </summary>
    public static int Resolve(int configured)
    {
        if (configured != 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
