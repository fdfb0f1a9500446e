using System.Globalization;

namespace Orquesta.Azure.Conductor.Values;

/// <summary>
/// The message Python's <c>json.loads</c> gives for text that is not JSON (json/decoder.py and
/// json/scanner.py), found by scanning the text the way Python's decoder does.
/// </summary>
internal static class PyJsonError
{
    /// <summary>Python's <c>JSONDecodeError</c> message for <paramref name="text"/>, or null when it is valid.</summary>
    public static string? Describe(string text)
    {
        try
        {
            var end = Value(text, SkipSpace(text, 0));
            end = SkipSpace(text, end);
            return end == text.Length ? null : Error("Extra data", text, end);
        }
        catch (Failure f)
        {
            return Error(f.Problem, text, f.Position);
        }
    }

    private static string Error(string problem, string text, int pos)
    {
        var line = 1;
        var lastNewline = -1;
        for (var i = 0; i < pos && i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            line++;
            lastNewline = i;
        }

        var column = pos - lastNewline;
        return string.Create(CultureInfo.InvariantCulture, $"{problem}: line {line} column {column} (char {pos})");
    }

    private sealed class Failure(string problem, int position) : Exception(problem)
    {
        public string Problem { get; } = problem;

        public int Position { get; } = position;
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r') i++;
        return i;
    }

    private static int Value(string s, int i)
    {
        if (i >= s.Length) throw new Failure("Expecting value", i);
        switch (s[i])
        {
            case '"': return String(s, i);
            case '{': return Object(s, i);
            case '[': return Array(s, i);
        }

        foreach (var literal in (string[])["null", "true", "false", "NaN", "Infinity", "-Infinity"])
        {
            if (string.CompareOrdinal(s, i, literal, 0, literal.Length) == 0) return i + literal.Length;
        }

        // -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
        var j = i;
        if (j < s.Length && s[j] == '-') j++;
        if (j >= s.Length || !char.IsAsciiDigit(s[j])) throw new Failure("Expecting value", i);
        if (s[j] == '0') j++;
        else while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        if (j + 1 < s.Length && s[j] == '.' && char.IsAsciiDigit(s[j + 1]))
        {
            j += 2;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        }

        if (j < s.Length && s[j] is 'e' or 'E')
        {
            var k = j + 1;
            if (k < s.Length && s[k] is '+' or '-') k++;
            if (k < s.Length && char.IsAsciiDigit(s[k]))
            {
                while (k < s.Length && char.IsAsciiDigit(s[k])) k++;
                j = k;
            }
        }

        return j;
    }

    private static int String(string s, int start)
    {
        var i = start + 1;
        while (true)
        {
            if (i >= s.Length) throw new Failure("Unterminated string starting at", start);
            var c = s[i];
            if (c == '"') return i + 1;
            if (c < 0x20) throw new Failure("Invalid control character at", i);
            if (c != '\\')
            {
                i++;
                continue;
            }

            if (i + 1 >= s.Length) throw new Failure("Unterminated string starting at", start);
            var e = s[i + 1];
            if (e == 'u')
            {
                if (i + 6 > s.Length || !s.AsSpan(i + 2, 4).ToString().All(char.IsAsciiHexDigit)) throw new Failure("Invalid \\uXXXX escape", i + 1);
                i += 6;
                continue;
            }

            if (e is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')) throw new Failure("Invalid \\escape", i);
            i += 2;
        }
    }

    private static int Object(string s, int start)
    {
        var i = SkipSpace(s, start + 1);
        if (i < s.Length && s[i] == '}') return i + 1;
        while (true)
        {
            if (i >= s.Length || s[i] != '"') throw new Failure("Expecting property name enclosed in double quotes", i);
            i = SkipSpace(s, String(s, i));
            if (i >= s.Length || s[i] != ':') throw new Failure("Expecting ':' delimiter", i);
            i = SkipSpace(s, Value(s, SkipSpace(s, i + 1)));
            if (i < s.Length && s[i] == '}') return i + 1;
            if (i >= s.Length || s[i] != ',') throw new Failure("Expecting ',' delimiter", i);
            i = SkipSpace(s, i + 1);
        }
    }

    private static int Array(string s, int start)
    {
        var i = SkipSpace(s, start + 1);
        if (i < s.Length && s[i] == ']') return i + 1;
        while (true)
        {
            i = SkipSpace(s, Value(s, i));
            if (i < s.Length && s[i] == ']') return i + 1;
            if (i >= s.Length || s[i] != ',') throw new Failure("Expecting ',' delimiter", i);
            i = SkipSpace(s, i + 1);
        }
    }
}
