namespace Orquesta.Azure.Conductor.Tests.Expressions.Yaql;

/// <summary>
/// yaql/standard_library/regex.py on Python's re syntax.
/// Expected values and errors are the reference's (yaql driven as Orquesta drives it), against <see cref="YaqlAssert.CommonData"/>.
/// </summary>
public class YaqlRegexFunctionTests
{
    [Theory]
    [InlineData("<% regex('a.c').matches('abc') %>", "true")]
    [InlineData("<% regex('A.c').matches('abc') %>", "false")]
    [InlineData("<% regex('A.c', ignoreCase => true).matches('abc') %>", "true")]
    [InlineData("<% regex('^b', multiLine => true).matches('a\\nb') %>", "true")]
    [InlineData("<% regex('a.b', dotAll => true).matches('a\\nb') %>", "true")]
    [InlineData("<% 'abc'.matches('a.c') %>", "true")]
    [InlineData("<% 'abc' =~ regex('a.c') %>", "true")]
    [InlineData("<% 'abc' =~ 'a.c' %>", "true")]
    [InlineData("<% 'acb' !~ regex('a.c') %>", "true")]
    [InlineData("<% 'acb' !~ 'a.b' %>", "false")]
    [InlineData("<% ctx(host).ip =~ '^\\\\d+(\\\\.\\\\d+){3}$' %>", "true")]
    [InlineData("<% regex('a.c').search('xabcabc') %>", "\"abc\"")]
    [InlineData("<% regex('a.c').search('xyz') %>", "null")]
    [InlineData("<% regex('a(.)c').search('xabc', $) %>", "{\"value\": \"abc\", \"start\": 1, \"end\": 4}")]
    [InlineData("<% regex('a(.)c').search('xabc', [$1.value, $2.value, $2.start]) %>", "[\"abc\", \"b\", 2]")]
    [InlineData("<% regex('a.c').searchAll('abcadc') %>", "[\"abc\", \"adc\"]")]
    [InlineData("<% regex('a(.)c').searchAll('abcadc', $2.value) %>", "[\"b\", \"d\"]")]
    [InlineData("<% regex('a.').split('abcadc') %>", "[\"\", \"c\", \"c\"]")]
    [InlineData("<% regex('(a).').split('abcadc', maxSplit => 1) %>", "[\"\", \"a\", \"cadc\"]")]
    [InlineData("<% 'abcadc'.split(regex('a.')) %>", "[\"\", \"c\", \"c\"]")]
    [InlineData("<% regex('a.').replace('abcadc', 'xx') %>", "\"xxcxxc\"")]
    [InlineData("<% regex('a(.)').replace('abcadc', '[\\\\1]', count => 1) %>", "\"[b]cadc\"")]
    [InlineData("<% regex('(?P<x>a)(.)').replace('abcadc', '\\\\g<2>\\\\g<x>') %>", "\"bacdac\"")]
    [InlineData("<% 'abcadc'.replace(regex('a.'), 'xx') %>", "\"xxcxxc\"")]
    [InlineData("<% regex('a.c').replaceBy('abcadc', switch($.value = 'abc' => xx, $.value = 'adc' => yy)) %>", "\"xxyy\"")]
    [InlineData("<% 'abcadc'.replaceBy(regex('a.c'), $.value.toUpper()) %>", "\"ABCADC\"")]
    [InlineData("<% escapeRegex('a.b*c d_e') %>", "\"a\\\\.b\\\\*c\\\\ d_e\"")]
    [InlineData("<% isRegex(regex('a.c')) and not isRegex('a') %>", "true")]
    [InlineData("<% regex('(') %>", null, "Unable to evaluate expression '<% regex('(') %>'. error")]
    [InlineData("<% str(regex('a.c')) %>", "\"re.compile('a.c')\"")]
    [InlineData("<% regex('a').replace('a', '\\\\q') %>", null, "Unable to evaluate expression '<% regex('a').replace('a', '\\\\q') %>'. error")]
    [InlineData("<% 'a1b22' =~ '\\\\d{2}' %>", "true")]
    public void Evaluate_RegexExpression_MatchesReference(string expression, string? expected, string? error = null) =>
        YaqlAssert.Check(expression, expected, error);
}
