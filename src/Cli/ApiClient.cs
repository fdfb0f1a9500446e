using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orquesta.Azure.Cli;

/// <summary>Why a client command stopped: the message for stderr, the exit code, and the API's JSON body when there was one.</summary>
internal sealed class ClientException : Exception
{
    public ClientException()
    {
    }

    public ClientException(string message)
        : base(message)
    {
    }

    public ClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClientException(string message, int exitCode, string? body = null)
        : base(message)
    {
        ExitCode = exitCode;
        Body = body;
    }

    /// <summary>2 for what the user must fix before trying again (usage, URL, key), 1 for what the API refused.</summary>
    public int ExitCode { get; } = 2;

    /// <summary>The API's error document, printed as is with <c>--json</c>.</summary>
    public string? Body { get; }
}

/// <summary>A successful API response: its status and JSON body (empty for 204).</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Body)
{
    /// <summary>The body parsed; callers dispose nothing (the document is cloned).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }
}

/// <summary>
/// The HTTP client of the <c>workflow</c> and <c>execution</c> commands: the base URL (with or
/// without its trailing <c>/api</c>), the key in <c>x-functions-key</c> (never printed), and every
/// failure turned into a sentence a person can act on.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>The environment variable the base URL is read from when <c>--url</c> is not given.</summary>
    public const string UrlVariable = "ORQUESTA_URL";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly bool _hasKey;

    private ApiClient(Uri server, string? key)
    {
        Server = server;
        ApiBase = new Uri(server, "api/");
        _hasKey = key is not null;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = RequestTimeout };
        if (key is not null) _http.DefaultRequestHeaders.Add(ApiServer.KeyHeader, key);
    }

    /// <summary>The server's root URL (ends with <c>/</c>, without <c>/api</c>): what messages name.</summary>
    public Uri Server { get; }

    /// <summary>The <c>/api/</c> URL the routes are relative to.</summary>
    public Uri ApiBase { get; }

    /// <summary>A client for <paramref name="url"/> (else <c>ORQUESTA_URL</c>, else the local default) and <paramref name="key"/> (else <c>ORQUESTA_KEY</c>).</summary>
    public static ApiClient Create(string? url, string? key)
    {
        url = FirstSet(url, Environment.GetEnvironmentVariable(UrlVariable)) ?? ServeCommand.DefaultUrl;
        key = FirstSet(key, Environment.GetEnvironmentVariable(ServeCommand.KeyVariable));
        return new ApiClient(ServerUri(url), key);
    }

    /// <summary>The server root of <paramref name="url"/>: http(s) only, trailing <c>/</c> and <c>/api</c> dropped, no query.</summary>
    public static Uri ServerUri(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ClientException($"--url \"{url}\" is not an http:// or https:// URL (for example http://127.0.0.1:7071 or https://APP.azurewebsites.net)", 2);
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ClientException($"--url must not carry a query or fragment; give the key with --key or {ServeCommand.KeyVariable}", 2);
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        return new UriBuilder(uri) { Path = path + "/" }.Uri;
    }

    private static string? FirstSet(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) ? a.Trim() : !string.IsNullOrWhiteSpace(b) ? b.Trim() : null;

    /// <summary>Percent-encodes one path segment (a workflow name, an id, a task).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancel) => SendAsync(HttpMethod.Get, path, null, cancel);

    public Task<ApiResponse> PostAsync(string path, string? json, CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), cancel);

    /// <summary>Sends one request; a 2xx response comes back, anything else is a <see cref="ClientException"/>.</summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, new Uri(ApiBase, path)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ClientException($"cannot reach {Shown}: {Reason(e)}; is `orquesta serve` or the Function app running?", 2);
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new ClientException($"cannot reach {Shown}: no answer within {RequestTimeout.TotalSeconds:0} seconds", 2);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return new ApiResponse(response.StatusCode, body);
            throw Failure(response.StatusCode, body);
        }
    }

    private string Shown => Server.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private ClientException Failure(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return new ClientException(
                _hasKey ? $"the server refused the key; pass --key or set {ServeCommand.KeyVariable}" : $"the server wants a key; pass --key or set {ServeCommand.KeyVariable}",
                2);
        }

        var error = ErrorOf(body);
        if (error is null)
        {
            // Not one of the API's errors: a proxy, another program on the port, or a wrong path.
            var what = status == HttpStatusCode.NotFound ? "has no such route; is --url the Orquesta API (orquesta serve or the Function app)?" : "answered without an Orquesta error";
            return new ClientException($"{Shown} {what} (HTTP {(int)status})", status == HttpStatusCode.NotFound ? 2 : 1);
        }

        return new ClientException(error, 1, body);
    }

    /// <summary>The <c>error</c> field of an API error body, or null when the body is not one.</summary>
    private static string? ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Reason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "no such host",
                    SocketError.TimedOut => "the connection timed out",
                    _ => socket.Message,
                };
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => "the TLS handshake failed (" + e.Message + ")",
            HttpRequestError.ConnectionError => "the connection failed",
            _ => e.Message,
        };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>JSON as a person reads it: indented, non-ASCII text as is.</summary>
    public static string Indented(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) value.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
