using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>
/// yaql/standard_library/regex.py on Python's <c>re</c>, run by .NET regular expressions: Python's
/// syntax differences (<c>(?P&lt;name&gt;)</c>, <c>(?P=name)</c>, <c>\Z</c>) are translated, and
/// every match has a time limit so that no pattern can hang an evaluation.
/// </summary>
internal static class RegexLibrary
{
    private const int IgnoreCase = 2;
    private const int MultiLine = 8;
    private const int DotAll = 16;
    private const int Unicode = 32;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private static readonly ConcurrentDictionary<(string, int), Compiled> Cache = new();

    public static void Register(Registry r)
    {
        r.Function("regex").P("pattern", T.String()).P("ignore_case", T.Bool(nullable: true), false).P("multi_line", T.Bool(nullable: true), false).P("dot_all", T.Bool(nullable: true), false)
            .Body(i =>
            {
                var flags = Unicode;
                if (YaqlOps.Truthy(i[1])) flags |= IgnoreCase;
                if (YaqlOps.Truthy(i[2])) flags |= MultiLine;
                if (YaqlOps.Truthy(i[3])) flags |= DotAll;
                return Compile((string)i[0]!, flags);
            });
        r.Method("matches").P("regexp", T.Regex).P("string", T.String()).Body(i => Search(Rx(i[0]), S(i[1])) is not null);
        r.Method("matches").P("string", T.String()).P("regexp", T.String()).Body(i => Search(Compile(S(i[1]), Unicode), S(i[0])) is not null);
        r.Function("#operator_=~").P("string", T.String()).P("regexp", T.Regex).Body(i => Search(Rx(i[1]), S(i[0])) is not null);
        r.Function("#operator_=~").P("string", T.String()).P("pattern", T.String()).Body(i => Search(Compile(S(i[1]), Unicode), S(i[0])) is not null);
        r.Function("#operator_!~").P("string", T.String()).P("regexp", T.Regex).Body(i => Search(Rx(i[1]), S(i[0])) is null);
        r.Function("#operator_!~").P("string", T.String()).P("pattern", T.String()).Body(i => Search(Compile(S(i[1]), Unicode), S(i[0])) is null);
        r.Method("search").P("regexp", T.Regex).P("string", T.String()).P("selector", T.Lambda(withContext: true), null)
            .Body(i =>
            {
                var text = S(i[1]);
                var match = Search(Rx(i[0]), text);
                var context = i.NewContext.CreateChild();
                if (match is null) return null;
                if (i[2] is not Callable selector) return match.Value;
                Publish(context, match, text, Rx(i[0]));
                return selector.Invoke(context);
            });
        r.Method("searchAll").P("regexp", T.Regex).P("string", T.String()).P("selector", T.Lambda(withContext: true), null)
            .Body(i => Lib.Iterator(SearchAll(i, Rx(i[0]), S(i[1]), i[2] as Callable)));
        r.Method("split").P("regexp", T.Regex).P("string", T.String()).P("max_split", T.Int(), 0L)
            .Body(i => Split(Rx(i[0]), S(i[1]), Lib.Long(i[2])));
        r.Method("split").P("string", T.String()).P("regexp", T.Regex).P("max_split", T.Int(), 0L)
            .Body(i => Split(Rx(i[1]), S(i[0]), Lib.Long(i[2])));
        r.Method("replace").P("regexp", T.Regex).P("string", T.String()).P("repl", T.String()).P("count", T.Int(), 0L)
            .Body(i => Substitute(Rx(i[0]), S(i[1]), m => ExpandTemplate(S(i[2]), m, Rx(i[0])), Lib.Long(i[3])));
        r.Method("replace").P("string", T.String()).P("regexp", T.Regex).P("repl", T.String()).P("count", T.Int(), 0L)
            .Body(i => Substitute(Rx(i[1]), S(i[0]), m => ExpandTemplate(S(i[2]), m, Rx(i[1])), Lib.Long(i[3])));
        r.Method("replaceBy").P("regexp", T.Regex).P("string", T.String()).P("repl", T.Lambda(withContext: true)).P("count", T.Int(), 0L)
            .Body(i => ReplaceBy(i, Rx(i[0]), S(i[1]), Lib.Fn(i[2]), Lib.Long(i[3])));
        r.Method("replaceBy").P("string", T.String()).P("regexp", T.Regex).P("repl", T.Lambda(withContext: true)).P("count", T.Int(), 0L)
            .Body(i => ReplaceBy(i, Rx(i[1]), S(i[0]), Lib.Fn(i[2]), Lib.Long(i[3])));
        r.Function("escapeRegex").P("string", T.String()).Body(i => Escape(S(i[0])));
        r.Function("isRegex").P("value", T.Any).Body(i => i[0] is YaqlRegex);
    }

    private static string S(object? v) => (string)v!;

    private static YaqlRegex Rx(object? v) => (YaqlRegex)v!;

    /// <summary>Compiles a Python pattern.</summary>
    public static YaqlRegex Compile(string pattern, int flags)
    {
        Compiled compiled;
        try
        {
            compiled = Cache.GetOrAdd((pattern, flags), static key =>
            {
                if (Cache.Count > 1024) Cache.Clear();
                var options = RegexOptions.CultureInvariant;
                if ((key.Item2 & IgnoreCase) != 0) options |= RegexOptions.IgnoreCase;
                if ((key.Item2 & MultiLine) != 0) options |= RegexOptions.Multiline;
                if ((key.Item2 & DotAll) != 0) options |= RegexOptions.Singleline;
                var (translated, names, count) = Translate(key.Item1);
                return new Compiled(new Regex(translated, options, MatchTimeout), names, count);
            });
        }
        catch (RegexParseException e)
        {
            throw new ExpressionRuntimeError("error", PatternError(e));
        }

        return new YaqlRegex(compiled.Regex, pattern, flags) { GroupNames = compiled.Names, GroupCount = compiled.Count };
    }

    private sealed record Compiled(Regex Regex, IReadOnlyDictionary<string, int> Names, int Count);

    // re.error's wording for the common mistakes; the position is where Python reports it.
    private static string PatternError(RegexParseException e)
    {
        var at = Math.Max(0, e.Offset - 1);
        return e.Error switch
        {
            RegexParseError.InsufficientClosingParentheses => "missing ), unterminated subpattern at position 0",
            RegexParseError.InsufficientOpeningParentheses => $"unbalanced parenthesis at position {at}",
            RegexParseError.UnterminatedBracket => $"unterminated character set at position {at}",
            RegexParseError.QuantifierAfterNothing => $"nothing to repeat at position {at}",
            RegexParseError.NestedQuantifiersNotParenthesized => $"multiple repeat at position {at}",
            RegexParseError.ReversedCharacterRange => $"bad character range at position {at}",
            RegexParseError.ReversedQuantifierRange => $"min repeat greater than max repeat at position {at}",
            RegexParseError.UnescapedEndingBackslash => $"bad escape (end of pattern) at position {at}",
            RegexParseError.UndefinedNamedReference or RegexParseError.UndefinedNumberedReference => $"invalid group reference at position {at}",
            _ => $"bad pattern at position {at}",
        };
    }

    // Python's pattern syntax where .NET's differs. Named groups become plain numbered ones, so
    // that groups are numbered left to right as Python numbers them (.NET numbers named groups
    // after all unnamed ones); their names are kept aside. \Z is .NET's \z.
    private static (string Pattern, IReadOnlyDictionary<string, int> Names, int Count) Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var inClass = false;
        for (var k = 0; k < pattern.Length; k++)
        {
            var c = pattern[k];
            if (c == '\\' && k + 1 < pattern.Length)
            {
                var next = pattern[k + 1];
                if (next == 'Z') sb.Append("\\z");
                else sb.Append(c).Append(next);
                k++;
                continue;
            }

            if (inClass)
            {
                if (c == ']') inClass = false;
                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);

                // A ] right after '[' or '[^' is a literal.
                if (k + 1 < pattern.Length && pattern[k + 1] == '^') sb.Append(pattern[++k]);
                if (k + 1 < pattern.Length && pattern[k + 1] == ']')
                {
                    sb.Append("\\]");
                    k++;
                }

                continue;
            }

            if (c != '(')
            {
                sb.Append(c);
                continue;
            }

            if (k + 1 < pattern.Length && pattern[k + 1] == '?')
            {
                if (string.CompareOrdinal(pattern, k, "(?P<", 0, 4) == 0)
                {
                    var close = pattern.IndexOf('>', k + 4);
                    if (close < 0) throw new ExpressionRuntimeError("error", $"missing >, unterminated name at position {k + 4}");
                    names[pattern[(k + 4)..close]] = ++count;
                    sb.Append('(');
                    k = close;
                    continue;
                }

                if (string.CompareOrdinal(pattern, k, "(?P=", 0, 4) == 0)
                {
                    var close = pattern.IndexOf(')', k + 4);
                    if (close < 0) throw new ExpressionRuntimeError("error", $"missing ), unterminated name at position {k + 4}");
                    var name = pattern[(k + 4)..close];
                    if (!names.TryGetValue(name, out var number)) throw new ExpressionRuntimeError("error", $"unknown group name '{name}' at position {k + 4}");
                    sb.Append("\\k<").Append(number.ToString(CultureInfo.InvariantCulture)).Append('>');
                    k = close;
                    continue;
                }

                if (k + 2 < pattern.Length && pattern[k + 2] == '<' && k + 3 < pattern.Length && pattern[k + 3] is not ('=' or '!'))
                {
                    throw new ExpressionRuntimeError("error", $"unknown extension ?<{pattern[k + 3]} at position {k + 1}");
                }

                sb.Append(c);
                continue;
            }

            count++;
            sb.Append(c);
        }

        return (sb.ToString(), names, count);
    }

    private static Match? Search(YaqlRegex regex, string text)
    {
        var m = Guard(() => regex.Regex.Match(text));
        return m.Success ? m : null;
    }

    private static T Guard<T>(Func<T> match)
    {
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ExpressionRuntimeError("TimeoutError", "the regular expression took too long to match");
        }
    }

    private static IEnumerable<object?> SearchAll(Invocation i, YaqlRegex regex, string text, Callable? selector)
    {
        var matches = Guard(() => regex.Regex.Matches(text).ToList());
        foreach (var match in matches)
        {
            var context = i.NewContext.CreateChild();
            if (selector is null)
            {
                yield return match.Value;
            }
            else
            {
                Publish(context, match, text, regex);
                yield return selector.Invoke(context);
            }
        }
    }

    private static int CodePoint(string text, int utf16) => PyOps.CodePointLength(text[..utf16]);

    private static YaqlDict Record(string text, Group group) =>
        new(DictValue.Empty
            .Set("value", group.Success ? group.Value : null)
            .Set("start", group.Success ? (long)CodePoint(text, group.Index) : -1L)
            .Set("end", group.Success ? (long)CodePoint(text, group.Index + group.Length) : -1L));

    // yaql's _publish_match: $1 is the whole match, $2... the groups. Its loop over named groups
    // unpacks each group's *value* into (key, value), so it fails unless that value has two
    // characters; the failure is reproduced as Python raises it.
    private static void Publish(YaqlContext context, Match match, string text, YaqlRegex regex)
    {
        context.Set("$1", Record(text, match.Groups[0]));
        for (var n = 1; n <= regex.GroupCount; n++)
        {
            context.Set("$" + (n + 1).ToString(CultureInfo.InvariantCulture), Record(text, match.Groups[n]));
        }

        foreach (var (name, number) in regex.GroupNames)
        {
            var group = match.Groups[number];
            if (!group.Success) throw YaqlErrors.TypeError("cannot unpack non-iterable NoneType object");
            var chars = PyStr.Characters(group.Value).Select(c => (string)c!).ToArray();
            if (chars.Length < 2) throw YaqlErrors.ValueError($"not enough values to unpack (expected 2, got {chars.Length})");
            if (chars.Length > 2) throw YaqlErrors.ValueError("too many values to unpack (expected 2)");
            if (!regex.GroupNames.TryGetValue(chars[1], out var target)) throw YaqlErrors.IndexError("no such group");
            context.Set("$" + chars[0], Record(text, match.Groups[target]));
        }
    }

    // re.split: the pieces between matches, with the groups' values (None for a group that did not take part).
    private static YaqlList Split(YaqlRegex regex, string text, long maxSplit)
    {
        var result = new List<object?>();
        var last = 0;
        var splits = 0L;
        foreach (var match in Guard(() => regex.Regex.Matches(text).ToList()))
        {
            if (maxSplit > 0 && splits >= maxSplit) break;
            result.Add(text[last..match.Index]);
            for (var n = 1; n <= regex.GroupCount; n++)
            {
                var group = match.Groups[n];
                result.Add(group.Success ? group.Value : null);
            }

            last = match.Index + match.Length;
            splits++;
        }

        result.Add(text[last..]);
        return new YaqlList([.. result]);
    }

    private static string Substitute(YaqlRegex regex, string text, Func<Match, string> replacement, long count)
    {
        var sb = new StringBuilder();
        var last = 0;
        var n = 0L;
        foreach (var match in Guard(() => regex.Regex.Matches(text).ToList()))
        {
            if (count > 0 && n >= count) break;
            sb.Append(text, last, match.Index - last).Append(replacement(match));
            last = match.Index + match.Length;
            n++;
            if (sb.Length > Interpreter.MaxStringLength) throw YaqlErrors.MemoryQuotaExceeded();
        }

        sb.Append(text, last, text.Length - last);
        return sb.ToString();
    }

    private static string ReplaceBy(Invocation i, YaqlRegex regex, string text, Callable repl, long count) =>
        Substitute(regex, text, m =>
        {
            var context = i.NewContext.CreateChild();
            Publish(i.NewContext, m, text, regex);
            var result = repl.Invoke(context);
            return result as string ?? throw YaqlErrors.TypeError($"expected str instance, {YaqlOps.TypeName(result)} found");
        }, count);

    // Python's re template: \1 .. \99, \g<name>, \g<1>, and the usual escapes; an unknown escape of
    // an ASCII letter is an error, any other stays as written.
    private static string ExpandTemplate(string template, Match match, YaqlRegex regex)
    {
        if (!template.Contains('\\', StringComparison.Ordinal)) return template;
        var sb = new StringBuilder();
        for (var k = 0; k < template.Length; k++)
        {
            var c = template[k];
            if (c != '\\' || k + 1 >= template.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = template[++k];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case '\\': sb.Append('\\'); break;
                case 'g':
                    var close = template.IndexOf('>', k);
                    if (k + 1 >= template.Length || template[k + 1] != '<' || close < 0) throw new ExpressionRuntimeError("error", $"missing < at position {k + 1}");
                    var name = template[(k + 2)..close];
                    sb.Append(GroupValue(match, regex, name));
                    k = close;
                    break;
                case >= '0' and <= '9':
                    var digits = e.ToString();
                    if (k + 1 < template.Length && char.IsAsciiDigit(template[k + 1])) digits += template[++k];
                    sb.Append(GroupValue(match, regex, digits));
                    break;
                default:
                    if (char.IsAsciiLetter(e)) throw new ExpressionRuntimeError("error", $"bad escape \\{e} at position {k - 1}");
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    private static string GroupValue(Match match, YaqlRegex regex, string name)
    {
        var group = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (number <= regex.GroupCount ? match.Groups[number] : null)
            : (regex.GroupNames.TryGetValue(name, out var named) ? match.Groups[named] : null);
        if (group is null) throw new ExpressionRuntimeError("error", $"invalid group reference {name}");
        return group.Success ? group.Value : string.Empty;
    }

    /// <summary>Python's <c>re.escape</c> (3.7 and later): only the special characters.</summary>
    public static string Escape(string s)
    {
        const string special = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (special.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }

        return sb.ToString();
    }
}
