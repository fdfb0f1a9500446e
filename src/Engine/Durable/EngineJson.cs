using System.Text.Json;

namespace Orquesta.Azure.Engine.Durable;

/// <summary>The System.Text.Json options of the engine's records (camelCase, as the durable data converter writes).</summary>
public static class EngineJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
