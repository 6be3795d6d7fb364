using System.Net;
using System.Net.Sockets;

namespace CapacityExit.Workflow.Web.Tests.Infrastructure;

/// <summary>
/// A TCP relay on loopback between the host and PostgreSQL: <see cref="Cut"/> closes every relayed connection and
/// refuses new ones (as a stopped or unreachable server does), <see cref="Open"/> relays again on the same port.
/// </summary>
public sealed class TcpRelay(string targetHost, int targetPort) : IDisposable
{
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    public int Port { get; } = FreePort();

    public void Open()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    public void Cut()
    {
        _stop.Cancel();
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client, stop);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken stop)
    {
        var server = new TcpClient();
        lock (_connections)
        {
            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(targetHost, targetPort, stop);
            await Task.WhenAny(client.GetStream().CopyToAsync(server.GetStream(), stop), server.GetStream().CopyToAsync(client.GetStream(), stop));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // cut, or closed by either side
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
