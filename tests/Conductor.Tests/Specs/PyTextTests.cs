using System.Text.RegularExpressions;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Conductor.Tests.Specs;

public class PyTextTests
{
    [Theory]
    [InlineData("task_1", true)]
    [InlineData("tâche", true)]
    [InlineData("²", true)]
    [InlineData("task-1", false)]
    [InlineData("a b", false)]
    public void TranslatePattern_Word_HasPythonMeaning(string name, bool matches)
    {
        Assert.Equal(matches, Regex.IsMatch(name, PyText.TranslatePattern(@"^\w+$")));
    }

    [Fact]
    public void TranslatePattern_SpaceAndClasses_HavePythonMeaning()
    {
        Assert.Matches(PyText.TranslatePattern(@"^\s$"), "\u001C");
        Assert.Matches(PyText.TranslatePattern(@"^[\w]+=$"), "ab_1=");
        Assert.Equal(@"\\w", PyText.TranslatePattern(@"\\w"));
    }

    [Theory]
    [InlineData(@"'^(\\s+)?'", @"'^(\s+)?'")]
    [InlineData(@"a\nb", "a\nb")]
    [InlineData(@"\x41\u00e9\101", "Aé\u0041")]
    [InlineData(@"\'q\'", "'q'")]
    [InlineData(@"keep \q", @"keep \q")]
    [InlineData("no escapes", "no escapes")]
    public void UnicodeEscapeDecode_Escapes_AreDecodedAsPython(string text, string expected)
    {
        Assert.Equal(expected, PyText.UnicodeEscapeDecode(text));
    }

    [Fact]
    public void Strip_PythonWhitespace_IsRemoved()
    {
        Assert.Equal("x", PyText.Strip("\u001F \t x \u3000\n"));
    }
}
