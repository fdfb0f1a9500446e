using System.Text.Json;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>Polls an execution over the HTTP API until it reaches a status.</summary>
internal static class ExecutionWait
{
    private static readonly string[] Completed = ["succeeded", "failed", "canceled", "timeout", "abandoned"];

    /// <summary>The execution document once its status is <paramref name="status"/>; fails on another completed status or after <paramref name="seconds"/> (30 unless set).</summary>
    public static async Task<JsonElement> ForStatusAsync(HttpClient http, string id, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using (var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/executions/{id}", UriKind.Relative))))
            {
                last = document.RootElement.Clone();
            }

            var now = last.GetProperty("status").GetString();
            if (now == status) return last;
            Assert.False(Completed.Contains(now), $"execution {id} is {now}, expected {status}: {last}");
            await Task.Delay(100);
        }

        Assert.Fail($"execution {id} did not become {status} within {seconds} s: {last}");
        return last;
    }
}
