using Orquesta.Azure.Conductor.Conformance;

namespace Orquesta.Azure.Conductor.Tests.Conformance;

/// <summary>
/// Finds the reference's conformance corpus: the folder in ORQUESTA_CONFORMANCE, or
/// <c>../shared/conformance</c> beside the repository. The corpus is not part of the repository.
/// </summary>
internal static class ConformanceCorpus
{
    public const string EnvironmentVariable = "ORQUESTA_CONFORMANCE";

    private static readonly Lazy<string?> Root = new(Locate);

    public static string? Directory => Root.Value;

    public static string Require() =>
        Directory ?? throw new InvalidOperationException(
            $"The conformance corpus is absent: set {EnvironmentVariable} to its folder, or place it at ../shared/conformance beside the repository.");

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
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

    /// <summary>Every case in the corpus's files below <paramref name="subfolder"/>, by name.</summary>
    public static IReadOnlyDictionary<string, ConformanceCase> Cases(string subfolder)
    {
        var root = Directory;
        var cases = new SortedDictionary<string, ConformanceCase>(StringComparer.Ordinal);
        if (root is null) return cases;
        var folder = Path.Combine(root, subfolder);
        if (!System.IO.Directory.Exists(folder)) return cases;
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            var folderOfFile = Path.GetDirectoryName(file)!;
            foreach (var @case in ConformanceSuite.Cases(relative, File.ReadAllText(file), path => File.ReadAllText(Path.Combine(folderOfFile, path)))) cases[@case.Name] = @case;
        }

        return cases;
    }

    /// <summary>Theory data: the case names of a subfolder, or one marker row when the corpus is absent.</summary>
    public static TheoryData<string> CaseNames(string subfolder)
    {
        var data = new TheoryData<string>();
        var names = Cases(subfolder).Keys.ToList();
        if (names.Count == 0) data.Add(AbsentMarker);
        foreach (var name in names) data.Add(name);
        return data;
    }

    public const string AbsentMarker = "(conformance corpus absent)";
}
