using Orquesta.Azure.Engine.Storage;

namespace Orquesta.Azure.Engine.Tests.Storage;

public sealed class TableKeysTests
{
    private static bool IsAllowedInKey(char c) =>
        !(c < '\u0020' || c is >= '\u007f' and <= '\u009f' || c is '/' or '\\' or '#' or '?');

    [Theory]
    [InlineData("simple.name", "simple.name")]
    [InlineData("a/b", "a~002Fb")]
    [InlineData("a\\b#c?d", "a~005Cb~0023c~003Fd")]
    [InlineData("~", "~007E")]
    [InlineData("50%'", "50~0025~0027")]
    [InlineData("\u0000\u001f\u007f\u009f\u00a0", "~0000~001F~007F~009F\u00a0")]
    [InlineData("😀", "😀")]
    public void Escape_Characters_BecomeTildeAndHexWhereNeeded(string value, string expected)
    {
        Assert.Equal(expected, TableKeys.Escape(value));
    }

    [Fact]
    public void Escape_UnpairedSurrogates_AreEscapedAndPairsKept()
    {
        Assert.Equal("~D800", TableKeys.Escape("\ud800"));
        Assert.Equal("~DC00~D800", TableKeys.Escape("\udc00\ud800"));
        Assert.Equal("a~D83D", TableKeys.Escape("a\ud83d"));
        Assert.Equal("\ud83d\ude00~DE00", TableKeys.Escape("\ud83d\ude00\ude00"));
    }

    [Fact]
    public void Escape_EveryUtf16CodeUnit_GivesAKeyWithOnlyAllowedCharacters()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var key = TableKeys.Escape("x" + (char)c + "y");
            Assert.All(key, k => Assert.True(IsAllowedInKey(k), $"U+{c:X4} escapes to a key with U+{(int)k:X4}"));
            Assert.DoesNotContain('%', key[1..^1].Replace("~0025", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Escape_DistinctNames_GiveDistinctKeys()
    {
        string[] names = ["a/b", "a~002Fb", "a~b", "a~007Eb", "ab", "a b", "A/B", "a\\b", "~", "~~", "~007E", "", "\ud800", "~D800"];
        var keys = names.Where(n => n.Length > 0).Select(TableKeys.Escape).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Escape_LongNames_AreShortenedWithAHashAndStayDistinct()
    {
        var a = TableKeys.Escape(new string('/', 300) + "a");
        var b = TableKeys.Escape(new string('/', 300) + "b");
        var exactlyLimit = new string('x', TableKeys.MaxEscapedLength);

        Assert.NotEqual(a, b);
        Assert.True(a.Length <= 512, a);
        Assert.Contains("~~", a, StringComparison.Ordinal);
        Assert.Equal(exactlyLimit, TableKeys.Escape(exactlyLimit));
        Assert.Contains("~~", TableKeys.Escape(exactlyLimit + "x"), StringComparison.Ordinal);
        Assert.DoesNotContain("~~", TableKeys.Escape(new string('/', 50)), StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_LongNameWithASurrogatePairAtTheCut_KeepsThePairWhole()
    {
        var key = TableKeys.Escape(new string('a', 179) + "😀" + new string('b', 200));

        var cut = key.IndexOf("~~", StringComparison.Ordinal);
        Assert.Equal(179, cut);
        Assert.DoesNotContain(key, c => char.IsSurrogate(c));
    }

    [Fact]
    public void Number_ZeroPadded_SortsAsTheNumbers()
    {
        long[] numbers = [0, 1, 2, 9, 10, 11, 99, 100, 1_000_000, 9_999_999_999];
        var keys = numbers.Select(n => TableKeys.Number(n, 10)).ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
        Assert.Equal("0000000010", TableKeys.Number(10, 10));
    }

    [Fact]
    public void Inverted_Keys_SortNewestFirstAndRoundTrip()
    {
        long[] numbers = [0, 1, 9, 10, 100, 1_000_000_000_000, long.MaxValue];
        var keys = numbers.Select(TableKeys.Inverted).ToList();

        Assert.Equal(keys, keys.OrderDescending(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal(19, k.Length));
        Assert.Equal(numbers, keys.Select(TableKeys.FromInverted));
    }
}
