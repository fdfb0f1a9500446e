using System.Text;

namespace Orquesta.Azure.Engine.Tests;

/// <summary>Deterministic documents for the tests: small, large, compressible and not.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    /// <summary>A string of exactly <paramref name="length"/> characters that gzip cannot shrink much (random letters, digits, accents).</summary>
    public static string Random(int length, int seed)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/éß漢字";
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++) builder.Append(alphabet[random.Next(alphabet.Length)]);
        return builder.ToString();
    }

    /// <summary>A JSON document of at least <paramref name="bytes"/> UTF-8 bytes: a list of objects with random strings.</summary>
    public static string Json(int bytes, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(bytes + 256);
        builder.Append("{\"items\": [");
        for (var i = 0; Encoding.UTF8.GetByteCount(builder.ToString()) < bytes; i++)
        {
            for (var j = 0; j < 500; j++, i++)
            {
                if (i > 0) builder.Append(", ");
                builder.Append("{\"id\": ").Append(i).Append(", \"name\": \"").Append(Random(40, random.Next())).Append("\", \"ok\": ")
                    .Append(i % 3 == 0 ? "true" : "false").Append('}');
            }
        }

        builder.Append("], \"end\": \"\\u00e9\\n\"}");
        return builder.ToString();
    }

    /// <summary>A compressible JSON document of about <paramref name="bytes"/> bytes (a repeated record).</summary>
    public static string RepetitiveJson(int bytes)
    {
        var builder = new StringBuilder(bytes + 128);
        builder.Append('[');
        for (var i = 0; builder.Length < bytes; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append("{\"task\":\"t").Append(i % 10).Append("\",\"status\":\"succeeded\",\"result\":null}");
        }

        return builder.Append(']').ToString();
    }
}
