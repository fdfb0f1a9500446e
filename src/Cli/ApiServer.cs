using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orquesta.Azure.Engine;
using Orquesta.Azure.Engine.Actions;
using Orquesta.Azure.Engine.Api;
using Orquesta.Azure.Engine.Hosting;

namespace Orquesta.Azure.Cli;

/// <summary>What <see cref="ApiServer"/> runs with.</summary>
internal sealed record ApiServerOptions
{
    /// <summary>The URLs Kestrel listens on (port 0: any free port).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [ServeCommand.DefaultUrl];

    /// <summary>The key every <c>/api</c> request must carry (<c>x-functions-key</c> header or <c>?code=</c>); null: none.</summary>
    public string? Key { get; init; }

    /// <summary>Whether <c>core.local</c> may run shell commands.</summary>
    public bool EnableCoreLocal { get; init; }

    /// <summary>Where the work is kept: the embedded engine in memory unless set.</summary>
    public Backend Backend { get; init; } = new();

    /// <summary>Extra action runners (tests).</summary>
    public IReadOnlyList<IActionRunner> Runners { get; init; } = [];

    /// <summary>The largest request body accepted, in bytes (the engine's default unless set).</summary>
    public long? MaxRequestBytes { get; init; }
}

/// <summary>
/// The HTTP API served by Kestrel over the engine (embedded, or on an Azure Storage task hub): the same routes and
/// handlers (<see cref="OrquestaApi"/>) as the Function app, the same key convention, plus
/// <c>GET /healthz</c> (no key: it says nothing but "ok").
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    /// <summary>The header the key travels in (as Azure Functions reads it).</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The query parameter the key may travel in instead (as Azure Functions reads it).</summary>
    public const string KeyQuery = "code";

    private readonly WebApplication _app;
    private bool _disposed;

    private ApiServer(WebApplication app, IOrquestaEngine engine, IReadOnlyList<string> addresses)
    {
        _app = app;
        Engine = engine;
        Addresses = addresses;
    }

    /// <summary>The engine.</summary>
    public IOrquestaEngine Engine { get; }

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Starts the engine and the server.</summary>
    public static async Task<ApiServer> StartAsync(ApiServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var engineOptions = new EngineOptions { EnableCoreLocal = options.EnableCoreLocal };
        if (options.MaxRequestBytes is { } max) engineOptions.MaxRequestBytes = max;
        var engine = await options.Backend.StartAsync(engineOptions, options.Runners, cancellationToken).ConfigureAwait(false);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls([.. options.Urls]);
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            var api = engine.Services.GetRequiredService<OrquestaApi>();
            var key = options.Key is { Length: > 0 } k ? Encoding.UTF8.GetBytes(k) : null;
            app.Use(async (context, next) =>
            {
                if (key is null || !context.Request.Path.StartsWithSegments("/" + OrquestaApi.RoutePrefix, StringComparison.OrdinalIgnoreCase) || HasKey(context.Request, key))
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync($$"""{"error": "The request has no valid key: send it in the {{KeyHeader}} header or the '{{KeyQuery}}' query parameter."}""", context.RequestAborted).ConfigureAwait(false);
            });
            app.UseRouting();
            app.MapGet("/healthz", (HttpContext context) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                return context.Response.WriteAsync("""{"status": "ok"}""", context.RequestAborted);
            });
            app.MapOrquestaApi(api, engine.Client);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            return new ApiServer(app, engine, addresses);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether every URL listens on a loopback address only.</summary>
    public static bool IsLoopbackOnly(IEnumerable<string> urls) => urls.All(url =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));

    /// <summary>Waits until the server is stopped or <paramref name="cancellationToken"/> is canceled.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Stops: first the HTTP server (no new requests; those under way finish), then the engine,
    /// which takes no more work and lets what it holds finish (<see cref="TaskHubEngine.DisposeAsync"/>).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Engine.DisposeAsync().ConfigureAwait(false);
    }

    private static bool HasKey(HttpRequest request, byte[] key)
    {
        var given = request.Headers[KeyHeader].LastOrDefault() ?? request.Query[KeyQuery].LastOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), key);
    }
}
