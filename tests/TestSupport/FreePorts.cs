using System.Net;
using System.Net.Sockets;

namespace EsafetyServerless.TestSupport;

/// <summary>Free loopback ports, so test runs never collide with a developer's running system.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
