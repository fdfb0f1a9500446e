namespace Orquesta.Azure.Engine.Tests.Durable;

/// <summary>The reference's conformance corpus: ORQUESTA_CONFORMANCE, or ../shared/conformance beside the repository.</summary>
internal static class Corpus
{
    private static readonly Lazy<string?> Root = new(Locate);

    public static string? Directory => Root.Value;

    public const string AbsentMarker = "(corpus absent: set ORQUESTA_CONFORMANCE or place it at ../shared/conformance)";

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ORQUESTA_CONFORMANCE");
        if (!string.IsNullOrEmpty(fromEnvironment)) return System.IO.Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                return System.IO.Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("The repository root was not found above the test binaries.");
    }

    public static TheoryData<string> Rehearsals()
    {
        var data = new TheoryData<string>();
        var root = Directory;
        if (root is null)
        {
            data.Add(AbsentMarker);
            return data;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(root, "rehearsals"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
