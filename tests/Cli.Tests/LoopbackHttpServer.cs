using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1, port 0, for <c>core.http</c> to call: <c>/zen</c> answers
/// 200 with a JSON object (echoing the request's User-Agent), <c>/broken</c> 500, anything else 404.
/// One request per connection.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener; how it ends does not matter here.
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Interlocked.Increment(ref _requests);
            var lines = head.ToString().Split("\r\n");
            var path = lines[0].Split(' ')[1];
            var agent = lines.FirstOrDefault(l => l.StartsWith("User-Agent:", StringComparison.OrdinalIgnoreCase))?["User-Agent:".Length..].Trim() ?? "";
            var (status, body) = path switch
            {
                "/zen" => ("200 OK", $$"""{"zen": "Keep it logically awesome.", "agent": "{{agent}}"}"""),
                "/broken" => ("500 Internal Server Error", """{"message": "broken on purpose"}"""),
                _ => ("404 Not Found", """{"message": "not found"}"""),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            await stream.WriteAsync(bytes);
        }
    }
}
