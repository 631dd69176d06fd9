using System.Net;
using System.Net.Sockets;

namespace Personalization.Testing;

internal static class FreePort
{
    /// <summary>A loopback port nothing listens on now; a server started on it moments later almost always gets it.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
