using System.Text;
using Orquesta.Azure.Conductor.Specs;

namespace Orquesta.Azure.Cli;

/// <summary>
/// A workflow definition file as the <c>inspect</c> and <c>graph</c> commands read it: the spec
/// when it loads, or why it does not (the file cannot be read, or is not a workflow definition).
/// </summary>
internal sealed class WorkflowFile
{
    private readonly Lazy<YamlLineMap?> _lines;

    private WorkflowFile(string path, WorkflowSpec? spec, string? text, string? readError, WorkflowDefinitionError? loadError)
    {
        Path = path;
        Spec = spec;
        ReadError = readError;
        LoadError = loadError;
        _lines = new Lazy<YamlLineMap?>(() => text is null ? null : YamlLineMap.TryBuild(text));
    }

    /// <summary>The path as given on the command line.</summary>
    public string Path { get; }

    /// <summary>The loaded spec, when the file is a workflow definition.</summary>
    public WorkflowSpec? Spec { get; }

    /// <summary>Why the file could not be read (missing, a directory, no permission): a usage error.</summary>
    public string? ReadError { get; }

    /// <summary>Why the content is not a workflow definition (invalid YAML, no <c>version</c>, ...).</summary>
    public WorkflowDefinitionError? LoadError { get; }

    /// <summary>Where each spec path is in the file; <see langword="null"/> when the file did not load.</summary>
    public YamlLineMap? Lines => _lines.Value;

    public static WorkflowFile Read(string path)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) return new WorkflowFile(path, null, null, "is a directory", null);
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return new WorkflowFile(path, null, null, reason, null);
        }

        try
        {
            var spec = WorkflowSpec.Load(bytes);
            // Load has checked that the bytes are UTF-8 (and within the loader's limits).
            return new WorkflowFile(path, spec, Encoding.UTF8.GetString(bytes), null, null);
        }
        catch (WorkflowDefinitionError e)
        {
            return new WorkflowFile(path, null, null, null, e);
        }
    }
}
