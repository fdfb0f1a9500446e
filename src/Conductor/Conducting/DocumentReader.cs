using System.Globalization;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// A place in a persisted document being read: its value and its path (<c>state.sequence[2].id</c>).
/// Every accessor checks the kind of value it expects and, when the document does not match,
/// throws <see cref="ConductorStateException"/> naming the path and the problem.
/// </summary>
internal readonly struct DocumentReader
{
    private readonly string _document;

    private DocumentReader(string document, string path, object? value)
    {
        _document = document;
        Path = path;
        Value = value;
    }

    /// <summary>The root of a document; <paramref name="document"/> names it in messages (<c>conductor document</c>).</summary>
    public static DocumentReader Root(string document, object? value, string path = "") => new(document, path, value);

    public string Path { get; }

    public object? Value { get; }

    public ConductorStateException Fail(string why, Exception? inner = null) =>
        new($"The {_document} is malformed: {(Path.Length == 0 ? "the document" : Path)}: {why}.", inner);

    public DocumentReader this[string key]
    {
        get
        {
            var dict = Dict();
            if (!dict.TryGetValue(key, out var value)) throw Fail($"the key \"{key}\" is missing");
            return Child(key, value);
        }
    }

    /// <summary>The value under <paramref name="key"/>, or <see langword="null"/> when the key is absent.</summary>
    public DocumentReader? Optional(string key) => Dict().TryGetValue(key, out var value) ? Child(key, value) : null;

    public DictValue Dict() => Value as DictValue ?? throw Fail($"expected a dict, found {Describe(Value)}");

    public ListValue List() => Value as ListValue ?? throw Fail($"expected a list, found {Describe(Value)}");

    public string String() => Value as string ?? throw Fail($"expected a string, found {Describe(Value)}");

    public bool Bool() => Value is bool b ? b : throw Fail($"expected true or false, found {Describe(Value)}");

    public long Long() => Value is long l ? l : throw Fail($"expected an integer, found {Describe(Value)}");

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>; <paramref name="what"/> says what it counts.</summary>
    public int Int(long min, long max, string what)
    {
        var value = Long();
        if (value < min || value > max) throw Fail(max < min ? $"{value} is not {what}: there is none" : $"{value} is not {what} ({min} to {max})");
        return (int)value;
    }

    /// <summary>The dict's keys must be among <paramref name="known"/>: a document of this version has no others.</summary>
    public void Closed(params string[] known)
    {
        foreach (var key in Dict().Keys)
        {
            if (key is not string k || Array.IndexOf(known, k) < 0) throw Fail($"the key {JsonKey(key)} is not one this version writes");
        }
    }

    public IEnumerable<DocumentReader> Items()
    {
        var list = List();
        for (var i = 0; i < list.Count; i++) yield return new DocumentReader(_document, Path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", list[i]);
    }

    public IEnumerable<(string Key, DocumentReader Value)> Entries()
    {
        foreach (var (key, value) in Dict())
        {
            if (key is not string k) throw Fail($"the key {JsonKey(key)} is not a string");
            yield return (k, Child(k, value));
        }
    }

    private DocumentReader Child(string key, object? value) => new(_document, Path.Length == 0 ? key : Path + "." + key, value);

    private static string JsonKey(object key) => key is string s ? "\"" + s + "\"" : PyRepr.Repr(key);

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => "the integer " + l.ToString(CultureInfo.InvariantCulture),
        double d => "the float " + PyRepr.FormatFloat(d),
        string s => s.Length <= 40 ? "the string \"" + s + "\"" : "a string",
        ListValue => "a list",
        DictValue => "a dict",
        _ => "a " + value.GetType(),
    };
}
