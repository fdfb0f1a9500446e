using System.Text.Json;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Cli;

/// <summary>
/// The workflow input of <c>orquesta run</c>: a JSON object from <c>--input-file</c>, then each
/// <c>--input KEY=VALUE</c> over it. A value is JSON when it parses as JSON (<c>3</c>,
/// <c>true</c>, <c>[1, 2]</c>, <c>"quoted"</c>), else the text as it is.
/// </summary>
internal static class RunInputs
{
    /// <summary>The input object, or why not (<paramref name="error"/>, a usage error).</summary>
    public static DictValue? Parse(IReadOnlyList<string> pairs, string? file, out string? error)
    {
        error = null;
        var inputs = DictValue.Empty;
        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error = $"cannot read the input file {file}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}";
                return null;
            }

            object? value;
            try
            {
                value = JsonValues.Parse(text);
            }
            catch (JsonException e)
            {
                error = $"the input file {file} is not valid JSON: {e.Message}";
                return null;
            }

            if (value is not DictValue dict)
            {
                error = $"the input file {file} must hold a JSON object ({{\"name\": value, ...}}), not {Kind(value)}";
                return null;
            }

            inputs = dict;
        }

        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = equals == 0
                    ? $"--input \"{pair}\" has no name before '=' (write --input NAME=VALUE)"
                    : $"--input \"{pair}\" has no '=' (write --input NAME=VALUE, for example --input count=3 or --input name=Stanley)";
                return null;
            }

            inputs = inputs.Set(pair[..equals], Value(pair[(equals + 1)..]));
        }

        return inputs;
    }

    /// <summary>The value of <c>--input NAME=VALUE</c>: JSON when it parses, else the text.</summary>
    public static object? Value(string text)
    {
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string Kind(object? value) => value switch
    {
        null => "null",
        ListValue => "a list",
        string => "a string",
        bool => "a boolean",
        _ => "a number",
    };
}
