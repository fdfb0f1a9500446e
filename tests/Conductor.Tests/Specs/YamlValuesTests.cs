using System.Diagnostics;
using System.Text;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Tests.Specs;

public class YamlValuesTests
{
    private static object? Scalar(string yaml) => ((DictValue)YamlValues.Parse("v: " + yaml)!)["v"];

    private static WorkflowDefinitionError Refused(string yaml) => Assert.Throws<WorkflowDefinitionError>(() => YamlValues.Parse(yaml));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("On", true)]
    [InlineData("ON", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    [InlineData("OFF", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Parse_Yaml11Booleans_AreBooleans(string text, bool expected)
    {
        Assert.Equal(expected, Scalar(text));
    }

    [Theory]
    [InlineData("tRue")]
    [InlineData("yEs")]
    [InlineData("y")]
    [InlineData("n")]
    [InlineData("oN")]
    [InlineData("nUll")]
    [InlineData("'yes'")]
    [InlineData("\"true\"")]
    public void Parse_MixedCaseOrQuotedWords_AreStrings(string text)
    {
        Assert.IsType<string>(Scalar(text));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("")]
    [InlineData("!!null x")]
    public void Parse_NullForms_AreNull(string text)
    {
        Assert.Null(Scalar(text));
    }

    [Theory]
    [InlineData("0x1F", 31L)]
    [InlineData("0xAbC", 2748L)]
    [InlineData("017", 15L)]
    [InlineData("012_3", 83L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0b101", 5L)]
    [InlineData("-0b11", -3L)]
    [InlineData("+12", 12L)]
    [InlineData("-0", 0L)]
    [InlineData("00", 0L)]
    [InlineData("1:30", 90L)]
    [InlineData("-1:30", -90L)]
    [InlineData("190:20:30", 685230L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("!!int \"12\"", 12L)]
    [InlineData("!!int 0x1f", 31L)]
    public void Parse_Yaml11Integers_AreLongs(string text, long expected)
    {
        Assert.Equal(expected, Scalar(text));
    }

    [Theory]
    [InlineData("0o17")]
    [InlineData("0O17")]
    [InlineData("08")]
    [InlineData("0XAB")]
    [InlineData("1:60")]
    [InlineData("_1")]
    [InlineData("1.5e3")]
    [InlineData("1e3")]
    [InlineData("+.5")]
    [InlineData("-.5")]
    [InlineData(".iNf")]
    [InlineData("1.2.3")]
    public void Parse_NotYaml11Numbers_AreStrings(string text)
    {
        Assert.Equal(text, Scalar(text));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1.", 1.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1.0e+3", 1000.0)]
    [InlineData("1_0.5", 10.5)]
    [InlineData("6.8523015e+5", 685230.15)]
    [InlineData("190:20:30.15", 685230.15)]
    [InlineData("-0.0", -0.0)]
    [InlineData("!!float 1", 1.0)]
    [InlineData("!!float \" 1.5 \"", 1.5)]
    public void Parse_Yaml11Floats_AreDoubles(string text, double expected)
    {
        var value = Assert.IsType<double>(Scalar(text));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Parse_InfinityAndNan_AreDoubles()
    {
        Assert.Equal(double.PositiveInfinity, Scalar(".inf"));
        Assert.Equal(double.PositiveInfinity, Scalar("+.INF"));
        Assert.Equal(double.NegativeInfinity, Scalar("-.Inf"));
        Assert.True(double.IsNaN((double)Scalar(".NaN")!));
    }

    [Theory]
    [InlineData("'1'", "1")]
    [InlineData("\"0x1F\"", "0x1F")]
    [InlineData("'it''s'", "it's")]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("!!str 1", "1")]
    [InlineData("!!str yes", "yes")]
    [InlineData("! abc", "abc")]
    [InlineData("<% ctx(x) %>", "<% ctx(x) %>")]
    [InlineData("core.echo message=\"hi\"", "core.echo message=\"hi\"")]
    public void Parse_Strings_KeepTheirText(string text, string expected)
    {
        Assert.Equal(expected, Scalar(text));
    }

    [Fact]
    public void Parse_BlockScalars_AreStrings()
    {
        var value = (DictValue)YamlValues.Parse("a: |\n  line 1\n  line 2\nb: >\n  folded\n  text\n")!;
        Assert.Equal("line 1\nline 2\n", value["a"]);
        Assert.Equal("folded text\n", value["b"]);
    }

    [Theory]
    [InlineData("2001-12-14")]
    [InlineData("2001-12-14t21:59:43.10-05:00")]
    [InlineData("2001-12-14 21:59:43.10")]
    [InlineData("!!timestamp 2001-01-01")]
    public void Parse_Timestamps_AreKeptAsText(string text)
    {
        Assert.Equal(text.Replace("!!timestamp ", string.Empty, StringComparison.Ordinal), Scalar(text));
    }

    [Theory]
    [InlineData("2001-13-45", "month must be in 1..12")]
    [InlineData("2001-02-30", "day is out of range for month")]
    [InlineData("2001-01-01 25:00:00", "hour must be in 0..23")]
    public void Parse_ImpossibleTimestamp_IsRefused(string text, string reason)
    {
        Assert.Contains(reason, Refused("v: " + text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Mapping_KeepsKeyOrderAndKeyTypes()
    {
        var value = (DictValue)YamlValues.Parse("zeta: 1\nalpha: 2\n1: int key\nno: bool key\n2.5: float key\n")!;
        Assert.Equal(new object[] { "zeta", "alpha", 1L, false, 2.5 }, value.Keys.ToArray());
    }

    [Fact]
    public void Parse_Json_ReadsAsYaml()
    {
        var value = (DictValue)YamlValues.Parse("""{"tasks": {"t": {"action": "core.noop", "n": [1, 2.5, true, null]}}}""")!;
        var list = (ListValue)((DictValue)((DictValue)value["tasks"]!)["t"]!)["n"]!;
        Assert.Equal(new object?[] { 1L, 2.5, true, null }, list.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n...\n")]
    public void Parse_EmptyDocument_IsNull(string text)
    {
        Assert.Null(YamlValues.Parse(text));
    }

    [Fact]
    public void Parse_AliasesAndAnchors_RepeatTheValue()
    {
        var value = (DictValue)YamlValues.Parse("a: &x [1, 2]\nb: *x\nc: {d: &y 3, e: *y}\n")!;
        Assert.Equal(value["a"], value["b"]);
        Assert.Equal(3L, ((DictValue)value["c"]!)["e"]);
    }

    [Fact]
    public void Parse_AnchoredValueInFlowMappingFollowedByEntry_Parses()
    {
        // YamlDotNet alone rejects this valid YAML (its issue #949); the loader works around it.
        var value = (DictValue)YamlValues.Parse("k: {c: &a0 x, b: 1}\nd: *a0\n")!;
        Assert.Equal("x", ((DictValue)value["k"]!)["c"]);
        Assert.Equal(1L, ((DictValue)value["k"]!)["b"]);
        Assert.Equal("x", value["d"]);
    }

    [Fact]
    public void Parse_Utf8WithByteOrderMark_SkipsTheMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a: é\n")).ToArray();
        Assert.Equal("é", ((DictValue)YamlValues.Parse(bytes)!)["a"]);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsRefusedWithPosition()
    {
        var bytes = Encoding.UTF8.GetBytes("a: 1\nb: x").Concat(new byte[] { 0xFF, 0x41 }).ToArray();
        var error = Assert.Throws<WorkflowDefinitionError>(() => YamlValues.Parse(bytes));
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains("0xFF", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
        Assert.Equal(5, error.Column);
        Assert.Equal("ValueError", error.ErrorType);
    }

    [Fact]
    public void Parse_InvalidYaml_NamesProblemAndPosition()
    {
        var error = Refused("a: 1\n  b: 2\n");
        Assert.StartsWith(YamlValues.FailurePrefix, error.Message, StringComparison.Ordinal);
        Assert.Contains("(line 2, column", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Parse_UnterminatedFlowSequence_IsRefused()
    {
        var error = Refused("a: [1, 2\n");
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("a: x\u0001y", "#x0001")]
    [InlineData("a: x\u007Fy", "#x007f")]
    [InlineData("a: x\uFFFEy", "#xfffe")]
    public void Parse_UnacceptableCharacter_IsRefused(string text, string code)
    {
        var error = Refused(text);
        Assert.Contains("unacceptable character " + code, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void Parse_LoneSurrogate_IsRefused()
    {
        Assert.Contains("unacceptable character #xd800", Refused("a: \uD800").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "found duplicate key \"a\"")]
    [InlineData("1: a\ntrue: b\n", "found duplicate key \"true\"")]
    [InlineData("1: a\n1.0: b\n", "found duplicate key \"1.0\"")]
    [InlineData("t:\n  x: 1\n  x: 2\n", "found duplicate key \"x\"")]
    public void Parse_DuplicateKey_IsRefusedAsTheReferenceLoaderDoes(string text, string reason)
    {
        var error = Refused(text);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("a: &x {b: 1}\nc:\n  <<: *x\n", "tag:yaml.org,2002:merge")]
    [InlineData("a: <<\n", "tag:yaml.org,2002:merge")]
    [InlineData("a: =\n", "tag:yaml.org,2002:value")]
    [InlineData("a: !foo x\n", "'!foo'")]
    [InlineData("a: !!python/tuple [1]\n", "python/tuple")]
    public void Parse_UnknownOrMergeTag_IsRefused(string text, string tag)
    {
        var error = Refused(text);
        Assert.Contains("could not determine a constructor for the tag", error.Message, StringComparison.Ordinal);
        Assert.Contains(tag, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: !!binary aGVsbG8=\n")]
    [InlineData("a: !!set {x, y}\n")]
    [InlineData("a: !!omap [{a: 1}]\n")]
    public void Parse_TagWithoutValueModelCounterpart_IsRefused(string text)
    {
        Assert.Contains("is not supported", Refused(text).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: !!str [1]\n", "expected a scalar node, but found sequence")]
    [InlineData("a: !!seq {b: 1}\n", "expected a sequence node, but found mapping")]
    [InlineData("a: !!map 1\n", "expected a mapping node, but found scalar")]
    [InlineData("a: !!int 1.5\n", "invalid literal for int() with base 10: '1.5'")]
    [InlineData("a: 0x_\n", "invalid literal for int() with base 16: ''")]
    [InlineData("a: !!float abc\n", "could not convert string to float: 'abc'")]
    [InlineData("a: !!bool maybe\n", "'maybe' is not a boolean")]
    public void Parse_TagThatDoesNotFit_IsRefused(string text, string reason)
    {
        Assert.Contains(reason, Refused(text).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: 9223372036854775808\n")]
    [InlineData("a: -9223372036854775809\n")]
    [InlineData("a: 0x10000000000000000\n")]
    [InlineData("a: 99999999999999999999999999999999999999999999999999\n")]
    public void Parse_IntegerBeyond64Bits_IsRefused(string text)
    {
        Assert.Contains("does not fit in 64 bits", Refused(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullKey_IsRefused()
    {
        Assert.Contains("null key", Refused("~: a\n").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("? [1, 2]\n: 3\n", "unhashable type: 'list'")]
    [InlineData("? {a: 1}\n: 3\n", "unhashable type: 'dict'")]
    public void Parse_CollectionKey_IsRefused(string text, string reason)
    {
        Assert.Contains(reason, Refused(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecondDocument_IsRefused()
    {
        var error = Refused("a: 1\n---\nb: 2\n");
        Assert.Contains("expected a single document", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Parse_UndefinedAlias_IsRefused()
    {
        Assert.Contains("found undefined alias 'nope'", Refused("a: *nope\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecursiveAlias_IsRefused()
    {
        Assert.Contains("recursive alias", Refused("a: &x [1, *x]\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateAnchor_IsRefused()
    {
        Assert.Contains("found duplicate anchor 'x'", Refused("a: &x 1\nb: &x 2\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BillionLaughs_IsRefusedQuickly()
    {
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append('a').Append(i).Append(": &a").Append(i).Append(" [");
            sb.AppendJoin(", ", Enumerable.Repeat("*a" + (i - 1), 10));
            sb.Append("]\n");
        }

        var clock = Stopwatch.StartNew();
        var error = Refused(sb.ToString());
        clock.Stop();
        Assert.Contains("more than 1000000 nodes", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}: a hang guard (catastrophic backtracking or expansion would take far longer), not a speed claim");
    }

    [Fact]
    public void Parse_ModestAliasExpansion_IsAccepted()
    {
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 4; i++)
        {
            sb.Append('a').Append(i).Append(": &a").Append(i).Append(" [");
            sb.AppendJoin(", ", Enumerable.Repeat("*a" + (i - 1), 10));
            sb.Append("]\n");
        }

        var value = (DictValue)YamlValues.Parse(sb.ToString())!;
        Assert.Equal(10, ((ListValue)value["a3"]!).Count);
    }

    [Fact]
    public void Parse_HundredThousandNestedFlowSequences_IsRefusedWithoutCrash()
    {
        var error = Refused(new string('[', 100_000) + new string(']', 100_000));
        Assert.Contains("nested more than 256 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(257, error.Column);
    }

    [Fact]
    public void Parse_DeepBlockNesting_IsRefused()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 300; i++) sb.Append(' ', i).Append("k:\n");
        sb.Append(' ', 300).Append("v\n");
        Assert.Contains("nested more than 256 levels", Refused(sb.ToString()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsAccepted()
    {
        var value = YamlValues.Parse(new string('[', YamlValues.MaxDepth) + new string(']', YamlValues.MaxDepth));
        Assert.IsType<ListValue>(value);
    }

    [Fact]
    public void Parse_AliasThatWouldNestTooDeep_IsRefused()
    {
        // 200 levels behind the anchor, used 60 levels down: 261 levels once expanded.
        var deep = new string('[', 200) + new string(']', 200);
        var use = new string('[', 60) + "*x" + new string(']', 60);
        var error = Refused($"a: &x {deep}\nb: {use}\n");
        Assert.Contains("nested more than 256 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentLongerThanTheLimit_IsRefused()
    {
        var text = "a: " + new string('x', YamlValues.MaxLength);
        Assert.Contains("more than the limit", Refused(text).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyNodes_IsRefused()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat("1", YamlValues.MaxNodes + 1)) + "]";
        Assert.Contains("more than 1000000 nodes", Refused(text).Message, StringComparison.Ordinal);
    }
}
