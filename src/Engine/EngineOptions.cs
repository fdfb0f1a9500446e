namespace Orquesta.Azure.Engine;

/// <summary>
/// The engine's settings. In the Function app they come from app settings under <c>Orquesta__</c>
/// (for example <c>Orquesta__EnableCoreLocal</c>); the CLI sets them from its options.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orquesta";

    /// <summary>Whether <c>core.local</c> may run shell commands. Off unless a setting turns it on.</summary>
    public bool EnableCoreLocal { get; set; }

    /// <summary>The default timeout of <c>core.local</c> and <c>core.http</c>, in seconds (StackStorm's is 60).</summary>
    public double DefaultActionTimeoutSeconds { get; set; } = 60;

    /// <summary>The largest request body the HTTP API accepts, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest action result kept, in bytes of JSON; larger results fail the task with a clear error.</summary>
    public long MaxResultBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Actions that call an HTTP endpoint, by action name.</summary>
    public Dictionary<string, HttpActionOptions> HttpActions { get; } = new(StringComparer.Ordinal);

    /// <summary>Conductor events per orchestration episode before it continues as new (0: the engine's default).</summary>
    public int EpisodeEvents { get; set; }
}

/// <summary>An action served by an HTTP endpoint: the action's input is POSTed as JSON.</summary>
public sealed class HttpActionOptions
{
    /// <summary>The endpoint.</summary>
    public Uri? Url { get; set; }

    /// <summary>The method (POST unless set).</summary>
    public string Method { get; set; } = "POST";

    /// <summary>Headers sent with every call (for example an API key).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
