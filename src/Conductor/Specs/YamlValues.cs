using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orquesta.Azure.Conductor.Specs;

/// <summary>
/// YAML text into the value model with the semantics of the reference's loader (PyYAML's
/// <c>safe_load</c> with Orquesta's duplicate-key check), bounded in time and memory.
/// </summary>
/// <remarks>
/// <para>
/// Plain scalars resolve as YAML 1.1 does in PyYAML: <c>yes/no/on/off/true/false</c> (in the
/// lower, Capitalized and UPPER spellings) are booleans; <c>~</c>, <c>null</c>, <c>Null</c>,
/// <c>NULL</c> and the empty scalar are <see langword="null"/>; integers accept <c>0x</c>, <c>0b</c>,
/// leading-zero octal (<c>017</c>), underscores and base 60 (<c>1:30</c> is 90), but not
/// <c>0o17</c>, which stays a string as in PyYAML; floats need a dot (<c>1.5e3</c> is a string,
/// <c>1.5e+3</c> a float) and include <c>.inf</c>, <c>-.inf</c> and <c>.nan</c>. Quoted and block
/// scalars are strings. The explicit tags <c>!!str</c>, <c>!!int</c>, <c>!!float</c>,
/// <c>!!bool</c>, <c>!!null</c>, <c>!!seq</c>, <c>!!map</c> and <c>!!timestamp</c> are honoured.
/// </para>
/// <para>
/// Differences, each deliberate: timestamps (<c>2001-12-14</c>) are checked like PyYAML checks
/// them but kept as their text, a string; integers beyond 64 bits are refused (Python has no
/// limit); a null mapping key is refused (the value model has none); <c>!!binary</c>,
/// <c>!!set</c>, <c>!!omap</c> and <c>!!pairs</c> are refused (no such values here). As in the
/// reference, a duplicate key is refused (keys compare with Python equality, so <c>1</c> and
/// <c>true</c> collide), the merge key <c>&lt;&lt;</c> is refused, and so is a second document.
/// </para>
/// <para>
/// Limits: at most <see cref="MaxLength"/> characters (bytes for UTF-8 input), collections
/// nested at most <see cref="MaxDepth"/> deep and at most <see cref="MaxNodes"/> nodes, where an
/// alias counts as every node it repeats. A "billion laughs" document is refused as soon as its
/// expansion passes the limit, and a recursive alias is refused outright.
/// </para>
/// </remarks>
public static partial class YamlValues
{
    /// <summary>The deepest nesting of collections accepted, the same as <see cref="JsonValues.MaxDepth"/>.</summary>
    public const int MaxDepth = JsonValues.MaxDepth;

    /// <summary>The longest document accepted: 4 MiB (characters for text, bytes for UTF-8).</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    /// <summary>The most nodes a document may stand for, each alias counted as the nodes it repeats.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>How the reference words every load failure.</summary>
    public const string FailurePrefix = "Failed to load workflow definition because ";

    private const string TagPrefix = "tag:yaml.org,2002:";
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    /// <summary>Parses YAML text (JSON is YAML too) into a value: <see cref="DictValue"/>, <see cref="ListValue"/>, string, long, double, bool or null.</summary>
    /// <exception cref="WorkflowDefinitionError">The text is not valid YAML, breaks a limit, or holds something the value model cannot represent; the message gives the line and column.</exception>
    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength) throw Fail($"the document is {Num(text.Length)} characters long, more than the limit of {Num(MaxLength)}");
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        CheckCharacters(text);
        return new Builder().Build(text);
    }

    /// <summary>Parses UTF-8 YAML (an optional byte order mark is skipped) into a value.</summary>
    /// <exception cref="WorkflowDefinitionError">The bytes are not UTF-8, or the text fails as in <see cref="Parse(string)"/>.</exception>
    public static object? Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) throw Fail($"the document is {Num(utf8.Length)} bytes long, more than the limit of {Num(MaxLength)}");
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) throw InvalidUtf8(utf8);
        return Parse(StrictUtf8.GetString(utf8));
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    internal static WorkflowDefinitionError Fail(string problem, long? line = null, long? column = null, Exception? inner = null)
    {
        var where = line is null ? string.Empty : $" (line {Num(line.Value)}, column {Num(column ?? 0)})";
        return new WorkflowDefinitionError(FailurePrefix + problem + where + ".", line, column, inner);
    }

    private static WorkflowDefinitionError Fail(string problem, Mark mark, Exception? inner = null) =>
        Fail(problem, mark.Line, mark.Column, inner);

    private static WorkflowDefinitionError InvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        long line = 1, column = 1;
        var i = 0;
        while (i < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done) break;
            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column += rune.Utf16SequenceLength;
            }

            i += consumed;
        }

        var b = i < utf8.Length ? utf8[i] : (byte)0;
        return Fail($"the text is not valid UTF-8 (byte 0x{b.ToString("X2", CultureInfo.InvariantCulture)} at offset {Num(i)})", line, column);
    }

    // PyYAML's reader accepts tab, line breaks, printable ASCII, NEL and the printable
    // non-ASCII planes; anything else (controls, lone surrogates, U+FFFE/U+FFFF) is refused.
    private static void CheckCharacters(string text)
    {
        long line = 1, column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
            if (!ok && char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                column++;
                continue;
            }

            if (!ok)
            {
                var kind = c < ' ' || (c >= '\u007F' && c <= '\u009F') ? "control" : "special";
                throw Fail($"unacceptable character #x{((int)c).ToString("x4", CultureInfo.InvariantCulture)}: {kind} characters are not allowed", line, column);
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
    }

    // The implicit resolvers of PyYAML's YAML 1.1 resolver, for plain scalars.
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    // The constructor's own (looser) timestamp grammar, with the parts it checks.
    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9][0-9]?)-(?<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?<hour>[0-9][0-9]?):(?<minute>[0-9][0-9]):(?<second>[0-9][0-9])(?:\.(?<fraction>[0-9]*))?(?:[ \t]*(?<tz>Z|(?<sign>[-+])(?<tzhour>[0-9][0-9]?)(?::(?<tzminute>[0-9][0-9]))?))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampParts();

    private static object? ResolvePlain(string value, Mark mark)
    {
        if (value.Length == 0 || NullPattern().IsMatch(value)) return null;
        switch (value[0])
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' when BoolPattern().IsMatch(value):
                return value[0] is 'y' or 'Y' or 't' or 'T' || value.Equals("on", StringComparison.OrdinalIgnoreCase);
            case (>= '0' and <= '9') or '-' or '+' or '.':
                if (FloatPattern().IsMatch(value)) return ConstructFloat(value, mark);
                if (IntPattern().IsMatch(value)) return ConstructInt(value, mark);
                if (TimestampPattern().IsMatch(value)) return ConstructTimestamp(value, mark);
                return value;
            case '<' when value == "<<":
                throw NoConstructor(TagPrefix + "merge", mark);
            case '=' when value == "=":
                throw NoConstructor(TagPrefix + "value", mark);
            case '!' or '&' or '*' when value.Length == 1:
                throw NoConstructor(TagPrefix + "yaml", mark);
            default:
                return value;
        }
    }

    private static WorkflowDefinitionError NoConstructor(string tag, Mark mark) =>
        Fail($"could not determine a constructor for the tag '{tag}'", mark);

    private static object? ConstructScalar(Scalar scalar)
    {
        var mark = scalar.Start;
        if (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific)
        {
            return scalar.Style == ScalarStyle.Plain ? ResolvePlain(scalar.Value, mark) : scalar.Value;
        }

        var tag = scalar.Tag.Value;
        return tag switch
        {
            TagPrefix + "str" => scalar.Value,
            TagPrefix + "int" => ConstructInt(scalar.Value, mark),
            TagPrefix + "float" => ConstructFloat(scalar.Value, mark),
            TagPrefix + "bool" => ConstructBool(scalar.Value, mark),
            TagPrefix + "null" => null,
            TagPrefix + "timestamp" => ConstructTimestamp(scalar.Value, mark),
            TagPrefix + "seq" => throw Fail("expected a sequence node, but found scalar", mark),
            TagPrefix + "map" => throw Fail("expected a mapping node, but found scalar", mark),
            _ => throw UnknownTag(tag, mark),
        };
    }

    private static WorkflowDefinitionError UnknownTag(string tag, Mark mark) => tag switch
    {
        TagPrefix + "binary" or TagPrefix + "set" or TagPrefix + "omap" or TagPrefix + "pairs" =>
            Fail($"the tag '{tag}' is not supported (the workflow value model has no such values)", mark),
        _ => NoConstructor(tag, mark),
    };

    private static void CheckCollectionTag(NodeEvent node, bool isMapping)
    {
        if (node.Tag.IsEmpty || node.Tag.IsNonSpecific) return;
        var tag = node.Tag.Value;
        var found = isMapping ? "mapping" : "sequence";
        switch (tag)
        {
            case TagPrefix + "map" when isMapping:
            case TagPrefix + "seq" when !isMapping:
                return;
            case TagPrefix + "map":
                throw Fail($"expected a mapping node, but found {found}", node.Start);
            case TagPrefix + "seq":
                throw Fail($"expected a sequence node, but found {found}", node.Start);
            case TagPrefix + "str" or TagPrefix + "int" or TagPrefix + "float" or TagPrefix + "bool" or TagPrefix + "null" or TagPrefix + "timestamp":
                throw Fail($"expected a scalar node, but found {found}", node.Start);
            default:
                throw UnknownTag(tag, node.Start);
        }
    }

    // PyYAML's construct_yaml_int: underscores dropped, sign, then 0b / 0x / leading-zero octal /
    // base 60 / decimal. Python's int has no limit; here the result must fit in 64 bits.
    private static long ConstructInt(string text, Mark mark)
    {
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = value.Length > 0 && value[0] == '-';
        if (value.Length > 0 && value[0] is '+' or '-') value = value[1..];
        if (value == "0") return 0;
        ulong magnitude;
        if (value.StartsWith("0b", StringComparison.Ordinal)) magnitude = ParseDigits(value[2..], 2, text, mark);
        else if (value.StartsWith("0x", StringComparison.Ordinal)) magnitude = ParseDigits(value[2..], 16, text, mark);
        else if (value.Length > 0 && value[0] == '0') magnitude = ParseDigits(value, 8, text, mark);
        else if (value.Contains(':', StringComparison.Ordinal))
        {
            magnitude = 0;
            foreach (var part in value.Split(':'))
            {
                var digit = ParseDigits(part, 10, text, mark);
                if (magnitude > (ulong.MaxValue - digit) / 60) throw IntTooLarge(text, mark);
                magnitude = (magnitude * 60) + digit;
            }
        }
        else magnitude = ParseDigits(value, 10, text, mark);

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) throw IntTooLarge(text, mark);
            return magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
        }

        if (magnitude > long.MaxValue) throw IntTooLarge(text, mark);
        return (long)magnitude;
    }

    private static ulong ParseDigits(string digits, int radix, string text, Mark mark)
    {
        if (digits.Length == 0) throw Fail($"invalid literal for int() with base {Num(radix)}: ''", mark);
        ulong result = 0;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) throw Fail($"invalid literal for int() with base {Num(radix)}: {PyRepr.QuoteString(digits)}", mark);
            if (result > (ulong.MaxValue - (ulong)d) / (ulong)radix) throw IntTooLarge(text, mark);
            result = (result * (ulong)radix) + (ulong)d;
        }

        return result;
    }

    private static WorkflowDefinitionError IntTooLarge(string text, Mark mark) =>
        Fail($"the integer {text} does not fit in 64 bits", mark);

    // PyYAML's construct_yaml_float: underscores dropped, lower case, sign, .inf / .nan, base 60,
    // else Python's float().
    private static double ConstructFloat(string text, Mark mark)
    {
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var sign = value.Length > 0 && value[0] == '-' ? -1.0 : 1.0;
        if (value.Length > 0 && value[0] is '+' or '-') value = value[1..];
        if (value == ".inf") return sign * double.PositiveInfinity;
        if (value == ".nan") return double.NaN;
        if (value.Contains(':', StringComparison.Ordinal))
        {
            var result = 0.0;
            foreach (var part in value.Split(':')) result = (result * 60) + PythonFloat(part, mark);
            return sign * result;
        }

        return sign * PythonFloat(value, mark);
    }

    private static double PythonFloat(string text, Mark mark)
    {
        var t = text.Trim();
        switch (t)
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan": return double.NaN;
        }

        var plain = t.Length > 0 && t.All(c => c is (>= '0' and <= '9') or '.' or 'e' or 'E' or '+' or '-');
        if (plain && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw Fail($"could not convert string to float: {PyRepr.QuoteString(text)}", mark);
    }

    private static bool ConstructBool(string text, Mark mark) => text.ToLowerInvariant() switch
    {
        "yes" or "true" or "on" => true,
        "no" or "false" or "off" => false,
        _ => throw Fail($"{PyRepr.QuoteString(text)} is not a boolean", mark),
    };

    // PyYAML builds a date or datetime, refusing impossible ones; the value model keeps the text.
    private static string ConstructTimestamp(string text, Mark mark)
    {
        var m = TimestampParts().Match(text);
        if (!m.Success) throw Fail($"{PyRepr.QuoteString(text)} is not a timestamp", mark);
        int Part(string name) => int.Parse(m.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var year = Part("year");
        var month = Part("month");
        var day = Part("day");
        if (year < 1) throw Fail($"year {Num(year)} is out of range", mark);
        if (month is < 1 or > 12) throw Fail("month must be in 1..12", mark);
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) throw Fail("day is out of range for month", mark);
        if (!m.Groups["hour"].Success) return text;
        if (Part("hour") > 23) throw Fail("hour must be in 0..23", mark);
        if (Part("minute") > 59) throw Fail("minute must be in 0..59", mark);
        if (Part("second") > 59) throw Fail("second must be in 0..59", mark);
        if (m.Groups["tzhour"].Success)
        {
            var minutes = (Part("tzhour") * 60) + (m.Groups["tzminute"].Success ? Part("tzminute") : 0);
            if (minutes >= 24 * 60) throw Fail("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)", mark);
        }

        return text;
    }

    /// <summary>Checks that a value built elsewhere respects <see cref="MaxDepth"/> and <see cref="MaxNodes"/>.</summary>
    internal static void CheckLimits(object? value, string what)
    {
        var stack = new Stack<(object? Value, int Depth)>();
        stack.Push((value, 0));
        long nodes = 0;
        while (stack.Count > 0)
        {
            var (v, depth) = stack.Pop();
            if (++nodes > MaxNodes) throw new WorkflowDefinitionError($"The {what} has more than {Num(MaxNodes)} nodes.");
            switch (v)
            {
                case ListValue list:
                    if (depth + 1 > MaxDepth) throw new WorkflowDefinitionError($"The {what} is nested more than {Num(MaxDepth)} levels deep.");
                    foreach (var item in list) stack.Push((item, depth + 1));
                    break;
                case DictValue dict:
                    if (depth + 1 > MaxDepth) throw new WorkflowDefinitionError($"The {what} is nested more than {Num(MaxDepth)} levels deep.");
                    foreach (var (k, item) in dict)
                    {
                        stack.Push((k, depth + 1));
                        stack.Push((item, depth + 1));
                    }

                    break;
            }
        }
    }

    private sealed record Anchored(object? Value, long Size, int Height, Mark Mark);

    // YamlDotNet's parser peeks at the token after an anchored scalar twice in a row when that
    // scalar is a value in a flow mapping, losing the ',' between entries ({a: &x 1, b: 2} fails;
    // its issue #949). Here a second look without consuming returns the same token.
    private sealed class PeekOnceScanner(Scanner inner) : IScanner
    {
        private bool _unconsumed;

        public Mark CurrentPosition => inner.CurrentPosition;

        public YamlDotNet.Core.Tokens.Token? Current => inner.Current;

        public bool MoveNext()
        {
            _unconsumed = inner.MoveNext();
            return _unconsumed;
        }

        public bool MoveNextWithoutConsuming()
        {
            if (_unconsumed && inner.Current is not null and not YamlDotNet.Core.Tokens.StreamEnd) return true;
            _unconsumed = inner.MoveNextWithoutConsuming();
            return _unconsumed;
        }

        public void ConsumeCurrent()
        {
            inner.ConsumeCurrent();
            _unconsumed = false;
        }
    }

    private abstract class Frame(Mark start, string? anchor)
    {
        public Mark Start { get; } = start;

        public string? Anchor { get; } = anchor;

        public long Size { get; set; } = 1;

        public int ChildHeight { get; set; }
    }

    private sealed class SequenceFrame(Mark start, string? anchor) : Frame(start, anchor)
    {
        public List<object?> Items { get; } = [];
    }

    private sealed class MappingFrame(Mark start, string? anchor) : Frame(start, anchor)
    {
        public DictValue.Builder Map { get; } = new();

        public bool HasKey { get; set; }

        public object? Key { get; set; }
    }

    // Builds values from the parser's events with an explicit stack: no recursion, so no depth
    // of input can overflow the call stack.
    private sealed class Builder
    {
        private readonly Stack<Frame> _frames = new();
        private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Mark> _open = new(StringComparer.Ordinal);
        // Equal strings of a document are one string: a workflow repeats its keys, conditions
        // and expressions in every task, and the conductor reads them on every step.
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private long _nodes;
        private object? _root;

        private string Share(string text)
        {
            if (_strings.TryGetValue(text, out var shared)) return shared;
            _strings.Add(text, text);
            return text;
        }

        public object? Build(string text)
        {
            var scanner = new PeekOnceScanner(new Scanner(new StringReader(text)));
            var parser = new Parser(scanner);
            var documents = 0;
            try
            {
                while (parser.MoveNext())
                {
                    switch (parser.Current)
                    {
                        case DocumentStart start:
                            if (++documents > 1) throw Fail("expected a single document in the stream, but found another document", start.Start);
                            break;
                        case Scalar scalar:
                            var value = ConstructScalar(scalar);
                            if (value is string scalarText) value = Share(scalarText);
                            Register(scalar.Anchor, value, 1, 0, scalar.Start);
                            Add(value, 1, 0, scalar.Start, scalar.Style == ScalarStyle.Plain || scalar.Tag.IsEmpty ? scalar.Value : null);
                            break;
                        case SequenceStart start:
                            CheckCollectionTag(start, isMapping: false);
                            Push(new SequenceFrame(start.Start, Open(start.Anchor, start.Start)));
                            break;
                        case MappingStart start:
                            CheckCollectionTag(start, isMapping: true);
                            Push(new MappingFrame(start.Start, Open(start.Anchor, start.Start)));
                            break;
                        case SequenceEnd or MappingEnd:
                            Close();
                            break;
                        case AnchorAlias alias:
                            Alias(alias);
                            break;
                    }
                }
            }
            catch (YamlException e)
            {
                throw Fail(Describe(e.Message), e.Start, e);
            }
            catch (Exception e) when (e is not WorkflowDefinitionError)
            {
                // The parser can fail outside its own exception type on some malformed input.
                throw Fail("the text is not valid YAML", scanner.CurrentPosition, e);
            }

            return _root;
        }

        private static string Describe(string message)
        {
            var m = message.TrimEnd('.', ' ');
            return m.Length > 0 ? char.ToLowerInvariant(m[0]) + m[1..] : "the text is not valid YAML";
        }

        private string? Open(AnchorName anchor, Mark mark)
        {
            if (anchor.IsEmpty) return null;
            CheckNewAnchor(anchor.Value, mark);
            _open[anchor.Value] = mark;
            return anchor.Value;
        }

        private void CheckNewAnchor(string name, Mark mark)
        {
            if (_anchors.TryGetValue(name, out var first) || _open.ContainsKey(name))
            {
                var firstMark = first?.Mark ?? _open[name];
                throw Fail($"found duplicate anchor '{name}'; first occurrence at line {Num(firstMark.Line)}, column {Num(firstMark.Column)}, second occurrence", mark);
            }
        }

        private void Register(AnchorName anchor, object? value, long size, int height, Mark mark)
        {
            if (anchor.IsEmpty) return;
            CheckNewAnchor(anchor.Value, mark);
            _anchors[anchor.Value] = new Anchored(value, size, height, mark);
        }

        private void Push(Frame frame)
        {
            if (_frames.Count + 1 > MaxDepth) throw Fail($"the document is nested more than {Num(MaxDepth)} levels deep", frame.Start);
            Count(1, frame.Start);
            _frames.Push(frame);
        }

        private void Count(long size, Mark mark)
        {
            _nodes += size;
            if (_nodes > MaxNodes) throw Fail($"the document has more than {Num(MaxNodes)} nodes (an alias counts as every node it repeats)", mark);
        }

        private void Close()
        {
            var frame = _frames.Pop();
            object value = frame switch
            {
                SequenceFrame s => ListValue.From(s.Items),
                MappingFrame m => m.Map.ToDict(),
                _ => throw new InvalidOperationException("unknown frame"),
            };
            var height = frame.ChildHeight + 1;
            if (frame.Anchor is not null)
            {
                _open.Remove(frame.Anchor);
                _anchors[frame.Anchor] = new Anchored(value, frame.Size, height, frame.Start);
            }

            Attach(value, frame.Size, height, frame.Start, null);
        }

        private void Alias(AnchorAlias alias)
        {
            var name = alias.Value.Value;
            if (_open.ContainsKey(name)) throw Fail($"found a recursive alias '*{name}' (a node that contains itself)", alias.Start);
            if (!_anchors.TryGetValue(name, out var anchored)) throw Fail($"found undefined alias '{name}'", alias.Start);
            if (_frames.Count + anchored.Height > MaxDepth) throw Fail($"the document is nested more than {Num(MaxDepth)} levels deep", alias.Start);
            Add(anchored.Value, anchored.Size, anchored.Height, alias.Start, anchored.Value is string s ? s : null);
        }

        private void Add(object? value, long size, int height, Mark mark, string? keyText)
        {
            Count(size, mark);
            Attach(value, size, height, mark, keyText);
        }

        private void Attach(object? value, long size, int height, Mark mark, string? keyText)
        {
            if (_frames.Count == 0)
            {
                _root = value;
                return;
            }

            var parent = _frames.Peek();
            parent.Size += size;
            parent.ChildHeight = Math.Max(parent.ChildHeight, height);
            switch (parent)
            {
                case SequenceFrame s:
                    s.Items.Add(value);
                    break;
                case MappingFrame m when !m.HasKey:
                    switch (value)
                    {
                        case null:
                            throw Fail("found unacceptable key (a null key, which the workflow value model does not support)", mark);
                        case ListValue or DictValue:
                            throw Fail($"found unacceptable key (unhashable type: '{PyOps.TypeName(value)}')", mark);
                    }

                    if (m.Map.ContainsKey(value)) throw Fail($"found duplicate key \"{keyText ?? PyRepr.Str(value)}\"", mark);
                    m.Key = value;
                    m.HasKey = true;
                    break;
                case MappingFrame m:
                    m.Map.Set(m.Key!, value);
                    m.HasKey = false;
                    m.Key = null;
                    break;
            }
        }
    }
}
