using System.Globalization;
using System.Text;

namespace Orquesta.Azure.Engine.Benchmarks;

/// <summary>The benchmark's workflow shapes: N no-op tasks in a sequence, or N branches into one join.</summary>
internal static class Workflows
{
    public static string Sequential(int n)
    {
        var yaml = new StringBuilder("version: 1.0\ntasks:\n");
        for (var i = 0; i < n; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  t{i}:\n    action: core.noop\n");
            if (i + 1 < n) yaml.Append(CultureInfo.InvariantCulture, $"    next:\n      - do: t{i + 1}\n");
        }

        return yaml.ToString();
    }

    public static string FanOut(int n)
    {
        var yaml = new StringBuilder("version: 1.0\ntasks:\n  start:\n    action: core.noop\n    next:\n      - do:\n");
        for (var i = 0; i < n; i++) yaml.Append(CultureInfo.InvariantCulture, $"          - b{i}\n");
        for (var i = 0; i < n; i++) yaml.Append(CultureInfo.InvariantCulture, $"  b{i}:\n    action: core.noop\n    next:\n      - do: join\n");
        yaml.Append("  join:\n    join: all\n    action: core.noop\n");
        return yaml.ToString();
    }
}
