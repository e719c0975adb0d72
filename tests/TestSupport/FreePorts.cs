using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EsafetyServerless.TestSupport;

/// <summary>
/// Free loopback ports, so test runs never collide with a developer's running system. They are taken below the
/// kernel's ephemeral range (32768 and up on Linux): a port the kernel handed out as "free" is the next one it gives an
/// outgoing connection, so Azurite, started a moment later, could find it taken by one of the tests' own connections.
/// Test projects run in parallel processes: the ports are picked at random and checked by binding them.
/// </summary>
public static class FreePorts
{
    const int Lowest = 20000;
    const int Highest = 32000;
    static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    public static int Next()
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = Random.Shared.Next(Lowest, Highest);
            if (HandedOut.TryAdd(port, true) && IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {Highest}.");
    }

    static bool IsFree(int port)
    {
        try
        {
            using TcpListener listener = new(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
