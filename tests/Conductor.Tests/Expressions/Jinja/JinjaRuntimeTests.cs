namespace Orquesta.Azure.Conductor.Tests.Expressions.Jinja;

/// <summary>Python semantics inside expressions: arithmetic, comparisons, lookups, undefined values, methods and string formatting. Expectations were produced by the reference (Jinja2 3.1 under Orquesta's evaluator).</summary>
public class JinjaRuntimeTests
{
    /// <summary>Python arithmetic: true division, floor division, modulo, power, sequences.</summary>
    [Theory]
    [InlineData("{{ 7 / 2 }}", "3.5")]
    [InlineData("{{ 6 / 3 }}", "2.0")]
    [InlineData("{{ 7 // 2 }}", "3")]
    [InlineData("{{ -7 // 2 }}", "-4")]
    [InlineData("{{ 7.5 // 2 }}", "3.0")]
    [InlineData("{{ -7 % 3 }}", "2")]
    [InlineData("{{ 7 % -3 }}", "-2")]
    [InlineData("{{ 7.5 % -2 }}", "-0.5")]
    [InlineData("{{ 2 ** 10 }}", "1024")]
    [InlineData("{{ 2 ** -1 }}", "0.5")]
    [InlineData("{{ 2.0 ** 3 }}", "8.0")]
    [InlineData("{{ 0.1 + 0.2 }}", "0.30000000000000004")]
    [InlineData("{{ 3 * 1.5 }}", "4.5")]
    [InlineData("{{ true + 1 }}", "2")]
    [InlineData("{{ -true }}", "-1")]
    [InlineData("{{ +3 }}", "3")]
    [InlineData("{{ 'ab' * 3 }}", "\"ababab\"")]
    [InlineData("{{ 3 * 'ab' }}", "\"ababab\"")]
    [InlineData("{{ [1] * 3 }}", "[1, 1, 1]")]
    [InlineData("{{ [1, 2] + [3] }}", "[1, 2, 3]")]
    [InlineData("{{ (1,) + (2,) }}", "[1, 2]")]
    [InlineData("{{ 'a' + 'b' }}", "\"ab\"")]
    [InlineData("{{ 'a' * 0 }}", "\"\"")]
    [InlineData("{{ 'a' * -1 }}", "\"\"")]
    public void Evaluate_Arithmetic_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>Python arithmetic: true division, floor division, modulo, power, sequences. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ 1 / 0 }}", "ZeroDivisionError")]
    [InlineData("{{ 1 // 0 }}", "ZeroDivisionError")]
    [InlineData("{{ 1 % 0 }}", "ZeroDivisionError")]
    [InlineData("{{ 1.0 / 0 }}", "ZeroDivisionError")]
    [InlineData("{{ 'a' + 1 }}", "TypeError")]
    [InlineData("{{ 1 + 'a' }}", "TypeError")]
    [InlineData("{{ [1] + (1,) }}", "TypeError")]
    [InlineData("{{ 'a' - 'b' }}", "TypeError")]
    [InlineData("{{ 'a' * 'b' }}", "TypeError")]
    [InlineData("{{ 'a' * 1.5 }}", "TypeError")]
    [InlineData("{{ -'a' }}", "TypeError")]
    [InlineData("{{ 0 ** -1 }}", "ZeroDivisionError")]
    [InlineData("{{ none + 1 }}", "TypeError")]
    [InlineData("{{ {} + {} }}", "TypeError")]
    public void Evaluate_Arithmetic_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>The ~ operator concatenates str() of its operands.</summary>
    [Theory]
    [InlineData("{{ 'a' ~ 1 ~ none ~ true }}", "\"a1NoneTrue\"")]
    [InlineData("{{ [1, 'a'] ~ {'k': 1.0} }}", "\"[1, 'a']{'k': 1.0}\"")]
    [InlineData("{{ 1 ~ 2 }}", "\"12\"")]
    public void Evaluate_Concat_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>The ~ operator concatenates str() of its operands. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ ctx().missing ~ 'x' }}", "UndefinedError", "{}")]
    public void Evaluate_Concat_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>Comparisons, membership and boolean operators with Python's rules.</summary>
    [Theory]
    [InlineData("{{ 1 == 1.0 }}", "true")]
    [InlineData("{{ 1 == '1' }}", "false")]
    [InlineData("{{ [1, 2] == [1, 2] }}", "true")]
    [InlineData("{{ {'a': 1} == {'a': 1.0} }}", "true")]
    [InlineData("{{ 'a' < 'b' }}", "true")]
    [InlineData("{{ [1, 2] < [1, 3] }}", "true")]
    [InlineData("{{ 2 >= 2 }}", "true")]
    [InlineData("{{ 'B' < 'a' }}", "true")]
    [InlineData("{{ 1 in [1, 2] }}", "true")]
    [InlineData("{{ 'tan' in 'Stanley' }}", "true")]
    [InlineData("{{ 'a' in {'a': 1} }}", "true")]
    [InlineData("{{ 1 not in [2] }}", "true")]
    [InlineData("{{ 1 and 2 }}", "2")]
    [InlineData("{{ 0 and 2 }}", "0")]
    [InlineData("{{ 0 or '' }}", "\"\"")]
    [InlineData("{{ none or 'x' }}", "\"x\"")]
    [InlineData("{{ not [] }}", "true")]
    [InlineData("{{ not {'a': 1} }}", "false")]
    public void Evaluate_Comparisons_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>Comparisons, membership and boolean operators with Python's rules. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ 1 < 'a' }}", "TypeError")]
    [InlineData("{{ none < 1 }}", "TypeError")]
    [InlineData("{{ {'a': 1} < {'a': 2} }}", "TypeError")]
    [InlineData("{{ 1 in 'abc' }}", "TypeError")]
    [InlineData("{{ 1 in none }}", "TypeError")]
    [InlineData("{{ [1] in {'a': 1} }}", "TypeError")]
    public void Evaluate_Comparisons_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>Attribute lookup falls back to items and back; methods come first, as in the sandbox.</summary>
    [Theory]
    [InlineData("{{ ctx().d.a }}", "1", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().d['a'] }}", "1", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().l[1] }}", "2", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().l.0 }}", "1", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().hosts[1].name }}", "\"b\"", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().d.items() | list }}", "[[\"a\", 1]]", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().d.keys() | list }}", "[\"a\"]", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().d.values() | list }}", "[1]", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ {'items': 1}['items'] }}", "1", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ {'items': 1}.items is callable }}", "true", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing is defined }}", "false", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing | default('fallback') }}", "\"fallback\"", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().l[5] is defined }}", "false", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    public void Evaluate_Lookups_MatchesReference(string expr, string expectedJson, string? dataJson = null) => JinjaAssert.Evaluates(expr, expectedJson, dataJson);

    /// <summary>Attribute lookup falls back to items and back; methods come first, as in the sandbox. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ ctx()._x }}", "There are unresolved variables: ctx()._x", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing.deeper }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().name.nope ~ '' }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().l[5] ~ '' }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().n.x ~ '' }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().d.__class__ ~ '' }}", "SecurityError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing == 1 }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing or 1 }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().missing + 1 }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ undefined_name }}", "There are unresolved variables: undefined_name", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ undefined_name ~ 'x' }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ json(int(1)) }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ ctx().name() }}", "TypeError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    [InlineData("{{ foo(1) }}", "UndefinedError", "{\"name\": \"Stanley\", \"n\": null, \"l\": [1, 2], \"d\": {\"a\": 1}, \"hosts\": [{\"name\": \"a\", \"up\": true}, {\"name\": \"b\", \"up\": false}]}")]
    public void Evaluate_Lookups_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>Methods of str the sandbox allows.</summary>
    [Theory]
    [InlineData("{{ 'Hello'.upper() }}", "\"HELLO\"")]
    [InlineData("{{ 'Hello'.lower() }}", "\"hello\"")]
    [InlineData("{{ '  x '.strip() }}", "\"x\"")]
    [InlineData("{{ 'xxhixx'.strip('x') }}", "\"hi\"")]
    [InlineData("{{ '  x '.lstrip() }}", "\"x \"")]
    [InlineData("{{ '  x '.rstrip() }}", "\"  x\"")]
    [InlineData("{{ 'a,b,c'.split(',') }}", "[\"a\", \"b\", \"c\"]")]
    [InlineData("{{ ' a  b '.split() }}", "[\"a\", \"b\"]")]
    [InlineData("{{ 'a b c'.split(None, 1) }}", "[\"a\", \"b c\"]")]
    [InlineData("{{ 'a b c'.rsplit(' ', 1) }}", "[\"a b\", \"c\"]")]
    [InlineData("{{ 'l1\\nl2\\r\\nl3'.splitlines() }}", "[\"l1\", \"l2\", \"l3\"]")]
    [InlineData("{{ 'a-b-c'.replace('-', '+') }}", "\"a+b+c\"")]
    [InlineData("{{ 'a-b-c'.replace('-', '+', 1) }}", "\"a+b-c\"")]
    [InlineData("{{ 'abc'.startswith('ab') }}", "true")]
    [InlineData("{{ 'abc'.startswith(('x', 'a')) }}", "true")]
    [InlineData("{{ 'abc'.endswith('bc') }}", "true")]
    [InlineData("{{ 'abcabc'.find('c') }}", "2")]
    [InlineData("{{ 'abcabc'.rfind('c') }}", "5")]
    [InlineData("{{ 'abc'.find('z') }}", "-1")]
    [InlineData("{{ 'abcabc'.count('b') }}", "2")]
    [InlineData("{{ 'hello world'.title() }}", "\"Hello World\"")]
    [InlineData("{{ \"they're bill's\".title() }}", "\"They'Re Bill'S\"")]
    [InlineData("{{ 'hELLO'.capitalize() }}", "\"Hello\"")]
    [InlineData("{{ ', '.join(['a', 'b']) }}", "\"a, b\"")]
    [InlineData("{{ 'ab'.center(6, '*') }}", "\"**ab**\"")]
    [InlineData("{{ 'ab'.ljust(4, '.') }}", "\"ab..\"")]
    [InlineData("{{ 'ab'.rjust(4) }}", "\"  ab\"")]
    [InlineData("{{ '42'.zfill(5) }}", "\"00042\"")]
    [InlineData("{{ 'a=b=c'.partition('=') }}", "[\"a\", \"=\", \"b=c\"]")]
    [InlineData("{{ 'a=b=c'.rpartition('=') }}", "[\"a=b\", \"=\", \"c\"]")]
    [InlineData("{{ 'abc'.isalpha() }}", "true")]
    [InlineData("{{ '123'.isdigit() }}", "true")]
    [InlineData("{{ 'abc'.islower() }}", "true")]
    [InlineData("{{ 'Ab'.swapcase() }}", "\"aB\"")]
    [InlineData("{{ 'prefix-x'.removeprefix('prefix-') }}", "\"x\"")]
    public void Evaluate_StringMethods_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>Methods of str the sandbox allows. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ 'abc'.index('z') }}", "ValueError")]
    [InlineData("{{ ', '.join([1, 2]) }}", "TypeError")]
    [InlineData("{{ 'a'.nosuch() }}", "UndefinedError")]
    public void Evaluate_StringMethods_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>Methods of list, tuple and dict.</summary>
    [Theory]
    [InlineData("{{ [3, 1, 2].index(2) }}", "2")]
    [InlineData("{{ [1, 1, 2].count(1) }}", "2")]
    [InlineData("{{ (1, 2).index(2) }}", "1")]
    [InlineData("{{ {'a': 1}.get('b', 5) }}", "5")]
    [InlineData("{{ {'a': 1}.get('a') }}", "1")]
    [InlineData("{{ {'a': 1}.get('b') }}", "null")]
    [InlineData("{{ {'a': 1}.copy() }}", "{\"a\": 1}")]
    [InlineData("{{ dict.fromkeys(['a', 'b'], 0) if false else 1 }}", "1")]
    public void Evaluate_ContainerMethods_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>Methods of list, tuple and dict. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ [1, 2].index(5) }}", "ValueError")]
    public void Evaluate_ContainerMethods_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>printf-style % and str.format, with Python's number formatting.</summary>
    [Theory]
    [InlineData("{{ '%s is %d years' % ('bob', 42) }}", "\"bob is 42 years\"")]
    [InlineData("{{ '%05.1f|%-4s|%x|%X|%o' % (3.14159, 'a', 255, 255, 8) }}", "\"003.1|a   |ff|FF|10\"")]
    [InlineData("{{ '%(a)s-%(b)r' % {'a': 5, 'b': 'x'} }}", "\"5-'x'\"")]
    [InlineData("{{ '%s' % [1, 2] }}", "\"[1, 2]\"")]
    [InlineData("{{ '%.3e' % 12345.678 }}", "\"1.235e+04\"")]
    [InlineData("{{ '%g|%g|%G' % (0.00001234, 123456789.0, 1e-10) }}", "\"1.234e-05|1.23457e+08|1E-10\"")]
    [InlineData("{{ '%.2f|%.1f' % (2.675, 0.25) }}", "\"2.67|0.2\"")]
    [InlineData("{{ '%d|%i' % (3.9, -3.9) }}", "\"3|-3\"")]
    [InlineData("{{ '%5.2s|%c|%%' % ('abc', 65) }}", "\"   ab|A|%\"")]
    [InlineData("{{ '%+d|% d' % (5, 5) }}", "\"+5| 5\"")]
    [InlineData("{{ '{} and {}'.format(1, 'x') }}", "\"1 and x\"")]
    [InlineData("{{ '{1}{0}'.format('a', 'b') }}", "\"ba\"")]
    [InlineData("{{ '{name}!'.format(name='bob') }}", "\"bob!\"")]
    [InlineData("{{ '{0:>5}|{1:.2f}|{2:,}'.format('a', 3.14159, 1234567) }}", "\"    a|3.14|1,234,567\"")]
    [InlineData("{{ '{:e}|{:.3g}|{:%}'.format(12345.678, 2.0, 0.25) }}", "\"1.234568e+04|2|25.000000%\"")]
    [InlineData("{{ '{:08.3f}|{:+d}|{:#x}|{:^7}|{:*<4}'.format(-3.14159, 5, 255, 'ab', 'x') }}", "\"-003.142|+5|0xff|  ab   |x***\"")]
    [InlineData("{{ '{0[0]}-{1[k]}-{1.k}'.format([5], {'k': 'v'}) }}", "\"5-v-v\"")]
    [InlineData("{{ '{:.2}|{:.2}|{}'.format(1.0, 1.234, 1.0) }}", "\"1.0|1.2|1.0\"")]
    [InlineData("{{ '{:.0f}|{:.0f}|{:.1f}'.format(0.5, 1.5, 0.05) }}", "\"0|2|0.1\"")]
    [InlineData("{{ '{!r}'.format('a') }}", "\"'a'\"")]
    [InlineData("{{ '{:b}|{:o}|{:_}'.format(5, 8, 1000000) }}", "\"101|10|1_000_000\"")]
    public void Evaluate_Formatting_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);

    /// <summary>printf-style % and str.format, with Python's number formatting. (failures: the reference's inner exception)</summary>
    [Theory]
    [InlineData("{{ 'x' % 5 }}", "TypeError")]
    [InlineData("{{ '%d' % 'x' }}", "TypeError")]
    [InlineData("{{ '%s %s' % (1,) }}", "TypeError")]
    [InlineData("{{ '%s' % (1, 2) }}", "TypeError")]
    [InlineData("{{ '{}'.format() }}", "IndexError")]
    [InlineData("{{ '{0}{}'.format(1, 2) }}", "ValueError")]
    [InlineData("{{ '{:d}'.format('x') }}", "ValueError")]
    public void Evaluate_Formatting_FailsLikeReference(string expr, string innerError, string? dataJson = null) => JinjaAssert.Fails(expr, innerError, dataJson);

    /// <summary>Values rendered into text use Python's str().</summary>
    [Theory]
    [InlineData("{{ 'a' }} {{ true }} {{ none }} {{ 1.0 }} {{ [1, 'a'] }} {{ {'k': none} }} {{ (1,) }} {{ 1e100 }} {{ 1.5e-7 }}", "\"a True None 1.0 [1, 'a'] {'k': None} (1,) 1e+100 1.5e-07\"")]
    [InlineData("{{ {'a': 1}.items() | list }} x", "\"[('a', 1)] x\"")]
    [InlineData("{{ zip([1, 2], ['a']) }} x", "\"[(1, 'a'), (2, None)] x\"")]
    [InlineData("{{ 'x' if false }} y", "\" y\"")]
    [InlineData("{% for x in [1.0, none, 'a'] %}{{ x }};{% endfor %}", "\"1.0;None;a;\"")]
    [InlineData("{{ [ctx().missing] }} {{ 1 }}", "\"[Undefined] 1\"")]
    [InlineData("{{ '<b>' | e }} {{ ['<'|e] }}", "\"&lt;b&gt; [Markup('&lt;')]\"")]
    public void Evaluate_Rendering_MatchesReference(string expr, string expectedJson) => JinjaAssert.Evaluates(expr, expectedJson);
}
