using System.CommandLine;

namespace Orquesta.Azure.Cli;

/// <summary>What every client command (<c>workflow ...</c>, <c>execution ...</c>) was given besides its own arguments.</summary>
internal sealed record ClientContext(ApiClient Api, bool Json, TextWriter Stdout, TextWriter Stderr);

/// <summary>
/// The options every client command shares (<c>--url</c>, <c>--key</c>, <c>--json</c>, inherited
/// by the subcommands) and the one place their failures become messages and exit codes: 2 for
/// what to fix before trying again (a file, an input, the URL, the key), 1 for what the API refused.
/// </summary>
internal sealed class ClientCommand
{
    private readonly Option<string?> _url = new("--url")
    {
        Description = $"The server: orquesta serve or the Function app, with or without /api (default: ${ApiClient.UrlVariable}, else {ServeCommand.DefaultUrl}).",
        Recursive = true,
    };

    private readonly Option<string?> _key = new("--key")
    {
        Description = $"The function key, sent as x-functions-key (default: ${ServeCommand.KeyVariable}).",
        Recursive = true,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print the API's JSON response as it is.",
        Recursive = true,
    };

    public ClientCommand(TextWriter stdout, TextWriter stderr)
    {
        Stdout = stdout;
        Stderr = stderr;
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>A group command (<c>workflow</c>, <c>execution</c>) carrying the shared options.</summary>
    public Command Group(string name, string description)
    {
        var group = new Command(name, description);
        group.Options.Add(_url);
        group.Options.Add(_key);
        group.Options.Add(_json);
        return group;
    }

    /// <summary>Binds <paramref name="body"/> as the action of <paramref name="command"/>, with a client and the error handling.</summary>
    public void Bind(Command command, string title, Func<ParseResult, ClientContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancel) =>
        {
            var json = parse.GetValue(_json);
            try
            {
                using var api = ApiClient.Create(parse.GetValue(_url), parse.GetValue(_key));
                return await body(parse, new ClientContext(api, json, Stdout, Stderr), cancel).ConfigureAwait(false);
            }
            catch (ClientException e)
            {
                Stderr.WriteLine($"{title}: {e.Message}");
                if (json && e.Body is not null) Stdout.WriteLine(e.Body);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Stderr.WriteLine($"{title}: interrupted");
                return 130;
            }
        });
    }
}
