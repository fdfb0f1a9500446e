namespace Orquesta.Azure.Engine.Actions;

/// <summary>The built-in actions.</summary>
public static class ActionNames
{
    /// <summary>Does nothing; succeeds with a null result.</summary>
    public const string Noop = "core.noop";

    /// <summary>Returns its <c>message</c>.</summary>
    public const string Echo = "core.echo";

    /// <summary>Runs a shell command (off unless enabled).</summary>
    public const string Local = "core.local";

    /// <summary>Makes an HTTP request.</summary>
    public const string Http = "core.http";

    /// <summary>Waits for a person's answer (an inquiry).</summary>
    public const string Ask = "core.ask";

    /// <summary>Whether <paramref name="name"/> is a built-in action.</summary>
    public static bool IsBuiltIn(string name) => name is Noop or Echo or Local or Http or Ask;
}
