namespace Orquesta.Azure.Conductor.Tests.Specs;

/// <summary>
/// Finds the shared conformance corpus: the folder named by ORQUESTA_CONFORMANCE, else
/// ../shared/conformance beside the repository root (the folder holding Orquesta.Azure.sln).
/// </summary>
internal static class ConformanceCorpus
{
    public const string Variable = "ORQUESTA_CONFORMANCE";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The corpus folder, which may not exist.</summary>
    public static string Directory => Root.Value;

    /// <summary>Whether the corpus is there.</summary>
    public static bool IsPresent => System.IO.Directory.Exists(Directory);

    /// <summary>The message a test fails with when the corpus is missing.</summary>
    public static string AbsentMessage =>
        $"The conformance corpus is absent: no folder at '{Directory}'. Set {Variable} or place shared/conformance beside the repository.";

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orquesta.Azure.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
            }
        }

        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "shared", "conformance"));
    }
}
