using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Conductor.Values;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Engine.Actions;

/// <summary>
/// Runs actions for the <see cref="OrchestrationNames.RunAction"/> activity: the built-ins,
/// HTTP actions registered by name, and any <see cref="IActionRunner"/> added by the host (tests
/// add a mock runner). An action that throws, times out or is unknown fails its task with a result
/// that says why; nothing here throws into the orchestrator.
/// </summary>
public sealed class ActionDispatcher
{
    private readonly EngineOptions _options;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<IActionRunner> _runners;

    /// <summary>Creates the dispatcher.</summary>
    public ActionDispatcher(EngineOptions options, HttpClient http, IEnumerable<IActionRunner> runners)
    {
        _options = options;
        _http = http;
        _runners = [.. runners];
    }

    /// <summary>Runs the action.</summary>
    public async Task<ActionOutcome> RunAsync(ActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var input = EngineValues.Parse(request.InputJson) as DictValue ?? DictValue.Empty;
            foreach (var runner in _runners)
            {
                if (runner.CanRun(request)) return Limit(await runner.RunAsync(request, input, cancellationToken).ConfigureAwait(false));
            }

            var outcome = request.Action switch
            {
                ActionNames.Noop => Succeeded(null),
                ActionNames.Echo => Succeeded(ShellResult(PyRepr.Str(input.GetValueOrDefault("message")), string.Empty, 0)),
                ActionNames.Local => await RunLocalAsync(input, cancellationToken).ConfigureAwait(false),
                ActionNames.Http => await RunHttpAsync(input, cancellationToken).ConfigureAwait(false),
                _ when _options.HttpActions.TryGetValue(request.Action, out var http) => await RunHttpActionAsync(http, input, cancellationToken).ConfigureAwait(false),
                _ => Failed($"The action \"{request.Action}\" is not registered. Built-in actions: core.noop, core.echo, core.local, core.http, core.ask; others are saved workflows (subworkflows) or HTTP actions set under Orquesta:HttpActions."),
            };
            return Limit(outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed($"The action \"{request.Action}\" raised {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>A succeeded outcome.</summary>
    public static ActionOutcome Succeeded(object? result) => new() { Status = Statuses.Succeeded, ResultJson = JsonValues.Serialize(result) };

    /// <summary>A failed outcome with <c>{"error": message}</c>.</summary>
    public static ActionOutcome Failed(string message) => new() { Status = Statuses.Failed, ResultJson = JsonValues.Serialize(EngineValues.Dict(("error", message))) };

    private ActionOutcome Limit(ActionOutcome outcome) =>
        outcome.ResultJson is { } json && Encoding.UTF8.GetByteCount(json) > _options.MaxResultBytes
            ? Failed($"The action's result is {Encoding.UTF8.GetByteCount(json)} bytes of JSON, more than the limit of {_options.MaxResultBytes} (Orquesta:MaxResultBytes).")
            : outcome;

    private static DictValue ShellResult(string stdout, string stderr, long code) => EngineValues.Dict(
        ("failed", code != 0),
        ("return_code", code),
        ("stderr", stderr),
        ("stdout", stdout),
        ("succeeded", code == 0));

    private double Timeout(DictValue input) => input.GetValueOrDefault("timeout") switch
    {
        long l when l > 0 => l,
        double d when d > 0 => d,
        _ => _options.DefaultActionTimeoutSeconds,
    };

    private async Task<ActionOutcome> RunLocalAsync(DictValue input, CancellationToken cancellationToken)
    {
        if (!_options.EnableCoreLocal)
        {
            return Failed("core.local is turned off here: shell commands run only where the setting Orquesta:EnableCoreLocal (app setting Orquesta__EnableCoreLocal) is true.");
        }

        if (input.GetValueOrDefault("cmd") is not string cmd || cmd.Length == 0) return Failed("core.local needs a \"cmd\" (a shell command).");
        var start = new ProcessStartInfo(File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cmd);
        if (input.GetValueOrDefault("cwd") is string cwd && cwd.Length > 0) start.WorkingDirectory = cwd;
        if (input.GetValueOrDefault("env") is DictValue env)
        {
            foreach (var kv in env) start.Environment[PyRepr.Str(kv.Key)] = kv.Value is null ? null : PyRepr.Str(kv.Value);
        }

        var timeout = Timeout(input);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The shell did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var partial = ShellResult(Trim(await stdout.ConfigureAwait(false)), $"Action failed to complete in {timeout:0.###} seconds", -9);
            return new ActionOutcome { Status = Statuses.Failed, ResultJson = JsonValues.Serialize(partial) };
        }

        var code = process.ExitCode;
        var result = ShellResult(Trim(await stdout.ConfigureAwait(false)), Trim(await stderr.ConfigureAwait(false)), code);
        return new ActionOutcome { Status = code == 0 ? Statuses.Succeeded : Statuses.Failed, ResultJson = JsonValues.Serialize(result) };
    }

    // StackStorm's local runner strips the one trailing newline of each stream.
    private static string Trim(string text) => text.EndsWith('\n') ? text[..^1] : text;

    private async Task<ActionOutcome> RunHttpAsync(DictValue input, CancellationToken cancellationToken)
    {
        if (input.GetValueOrDefault("url") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Failed("core.http needs a \"url\": an absolute http or https URL.");
        }

        var method = input.GetValueOrDefault("method") as string ?? (input.ContainsKey("body") ? "POST" : "GET");
        var headers = input.GetValueOrDefault("headers") as DictValue ?? DictValue.Empty;
        return await SendAsync(new HttpMethod(method.ToUpperInvariant()), uri, headers.Select(kv => (PyRepr.Str(kv.Key), PyRepr.Str(kv.Value))), input.GetValueOrDefault("body"), input.ContainsKey("body"), Timeout(input), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActionOutcome> RunHttpActionAsync(HttpActionOptions action, DictValue input, CancellationToken cancellationToken)
    {
        if (action.Url is null) return Failed("The HTTP action has no Url setting.");
        return await SendAsync(new HttpMethod(action.Method.ToUpperInvariant()), action.Url, action.Headers.Select(kv => (kv.Key, kv.Value)), input, true, _options.DefaultActionTimeoutSeconds, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActionOutcome> SendAsync(HttpMethod method, Uri uri, IEnumerable<(string Name, string Value)> headers, object? body, bool hasBody, double timeout, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, uri);
        if (hasBody)
        {
            message.Content = body is string text
                ? new StringContent(text, Encoding.UTF8, "text/plain")
                : new StringContent(JsonValues.Serialize(body), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (message.Content is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"The HTTP request to {uri} did not complete in {timeout:0.###} seconds.");
        }
        catch (HttpRequestException e)
        {
            return Failed($"The HTTP request to {uri} failed: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            object? parsed = text;
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) && text.Length > 0)
            {
                try
                {
                    parsed = JsonValues.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    parsed = text;
                }
            }

            var responseHeaders = DictValue.From(response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, object?>(h.Key, string.Join(", ", h.Value))));
            var status = (long)response.StatusCode;
            var result = EngineValues.Dict(("status_code", status), ("headers", responseHeaders), ("body", parsed));
            return new ActionOutcome
            {
                Status = status is >= 200 and < 300 ? Statuses.Succeeded : Statuses.Failed,
                ResultJson = JsonValues.Serialize(result),
            };
        }
    }
}

/// <summary>A runner of actions the dispatcher does not know (tests plug a mock runner in here).</summary>
public interface IActionRunner
{
    /// <summary>Whether this runner runs the request's action.</summary>
    bool CanRun(ActionRequest request);

    /// <summary>Runs it.</summary>
    Task<ActionOutcome> RunAsync(ActionRequest request, DictValue input, CancellationToken cancellationToken);
}
