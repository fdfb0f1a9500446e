namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>The errors raised while a YAQL expression runs, named after the reference's exception classes.</summary>
internal static class YaqlErrors
{
    /// <summary>
    /// The exception classes whose message Orquesta strips of surrounding quotes
    /// (<c>except (yaql_exc.YaqlException, ValueError, TypeError)</c> in orquesta/expressions/yql.py).
    /// </summary>
    public static readonly HashSet<string> QuoteStrippedTypes = new(StringComparer.Ordinal)
    {
        "TypeError", "ValueError", "JSONDecodeError", "ParserError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
        "YaqlException", "ResolutionError", "FunctionResolutionError", "MethodResolutionError",
        "NoFunctionRegisteredException", "NoMethodRegisteredException", "NoMatchingFunctionException",
        "NoMatchingMethodException", "AmbiguousFunctionException", "AmbiguousMethodException",
        "ArgumentException", "MappingTranslationException", "ArgumentValueException",
        "YaqlParsingException", "YaqlGrammarException", "YaqlLexicalException",
        "CollectionTooLargeException", "MemoryQuotaExceededException", "WrappedException",
    };

    public static ExpressionRuntimeError TypeError(string message) => new("TypeError", message);

    public static ExpressionRuntimeError ValueError(string message) => new("ValueError", message);

    public static ExpressionRuntimeError IndexError(string message) => new("IndexError", message);

    public static ExpressionRuntimeError KeyError(object? key) => new("KeyError", YaqlRepr.Repr(key));

    public static ExpressionRuntimeError StopIteration(string message = "") => new("StopIteration", message);

    public static ExpressionRuntimeError ZeroDivision(string message) => new("ZeroDivisionError", message);

    public static ExpressionRuntimeError Overflow(string message) => new("OverflowError", message);

    public static ExpressionRuntimeError Attribute(string message) => new("AttributeError", message);

    public static ExpressionRuntimeError Recursion(string message = "maximum recursion depth exceeded") => new("RecursionError", message);

    public static ExpressionRuntimeError Unhashable(object? value) => TypeError($"unhashable type: '{YaqlOps.TypeName(value)}'");

    public static ExpressionRuntimeError NoFunctionRegistered(string name) =>
        new("NoFunctionRegisteredException", $"Unknown function \"{name}\"");

    public static ExpressionRuntimeError NoMethodRegistered(string name, object? receiver) =>
        new("NoMethodRegisteredException", $"Unknown method \"{name}\" for receiver {YaqlRepr.Str(receiver)}");

    public static ExpressionRuntimeError NoMatchingFunction(string name) =>
        new("NoMatchingFunctionException", $"No function \"{name}\" matches supplied arguments");

    public static ExpressionRuntimeError NoMatchingMethod(string name, object? receiver) =>
        new("NoMatchingMethodException", $"No method \"{name}\" for receiver {YaqlRepr.Str(receiver)} matches supplied arguments");

    public static ExpressionRuntimeError AmbiguousFunction(string name) =>
        new("AmbiguousFunctionException", $"Ambiguous function \"{name}\"");

    public static ExpressionRuntimeError AmbiguousMethod(string name, object? receiver) =>
        new("AmbiguousMethodException", $"Ambiguous method \"{name}\" for receiver {YaqlRepr.Str(receiver)}");

    public static ExpressionRuntimeError Argument(string name) => new("ArgumentException", $"Invalid argument {name}");

    public static ExpressionRuntimeError MappingTranslation() => new("MappingTranslationException", "Cannot convert mapping to keyword argument");

    public static ExpressionRuntimeError CollectionTooLarge(long count) => new("CollectionTooLargeException", $"Collection length exceeds {count} elements");

    public static ExpressionRuntimeError MemoryQuotaExceeded() => new("MemoryQuotaExceededException", "Expression consumed too much memory");
}
