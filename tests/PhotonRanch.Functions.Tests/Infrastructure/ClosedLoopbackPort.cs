using System.Net;
using System.Net.Sockets;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Ports for dependency-outage tests.</summary>
internal static class ClosedLoopbackPort
{
    /// <summary>A port that was free a moment ago and that nothing listens on now: connecting is refused at once.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
