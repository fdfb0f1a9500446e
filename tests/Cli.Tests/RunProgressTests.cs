using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Cli.Tests;

/// <summary>What a person sees while <c>orquesta run</c> runs: the renderer fed by hand.</summary>
public sealed class RunProgressTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static ExecutionProgress Progress(string status, params TaskProgress[] recent) => new() { Status = status, Recent = recent };

    [Fact]
    public void Update_PlainOutput_OneLinePerStatusChangeWithDurations()
    {
        using var writer = new StringWriter();
        var progress = new RunProgress(writer, live: false, color: true);
        progress.Start("wf", T0);
        progress.Update(Progress("running", new TaskProgress(0, "init", 0, "running", T0.AddSeconds(0.1), null)), T0.AddSeconds(0.2));
        progress.Update(Progress("running", new TaskProgress(0, "init", 0, "running", T0.AddSeconds(0.1), null)), T0.AddSeconds(0.3));
        // "check" started and ended between two polls: its running line comes first, at its start.
        progress.Update(Progress(
            "running",
            new TaskProgress(0, "init", 0, "succeeded", T0.AddSeconds(0.1), T0.AddSeconds(0.6)),
            new TaskProgress(1, "check", 1, "failed", T0.AddSeconds(0.6), T0.AddSeconds(0.85))), T0.AddSeconds(0.9));
        progress.Finish("failed", [
            new TaskRecord { Id = "init", Status = "succeeded", Started = T0.AddSeconds(0.1), Ended = T0.AddSeconds(0.6) },
            new TaskRecord { Id = "check", Route = 1, Status = "failed", Started = T0.AddSeconds(0.6), Ended = T0.AddSeconds(0.85) },
        ], T0.AddSeconds(1));

        Assert.Equal(
            """
            wf: started
            [  0.10s] init                     running
            [  0.60s] init                     succeeded 0.50s
            [  0.60s] check (route 1)          running
            [  0.85s] check (route 1)          failed 0.25s
            wf: failed in 1.00s

            """,
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Update_Live_RedrawsTheTableInPlace()
    {
        using var writer = new StringWriter();
        var progress = new RunProgress(writer, live: true, color: false);
        progress.Start("wf", T0);
        progress.Update(Progress("running", new TaskProgress(0, "init", 0, "running", T0, null)), T0.AddSeconds(0.5));
        var first = writer.ToString();
        Assert.StartsWith("wf  scheduled  0.00s  (0 tasks)\n", first, StringComparison.Ordinal);
        // The second frame moves the cursor up over the first frame's one line and clears below.
        Assert.Contains("\r\u001b[1A\u001b[Jwf  running  0.50s  (1 task)\n  > init  running      0.50s\n", first, StringComparison.Ordinal);

        progress.Update(Progress("succeeded", new TaskProgress(0, "init", 0, "succeeded", T0, T0.AddSeconds(1))), T0.AddSeconds(1.2));
        Assert.EndsWith("\r\u001b[2A\u001b[Jwf  succeeded  1.20s  (1 task)\n  + init  succeeded    1.00s\n", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Update_LiveUnchangedFrame_WritesNothing()
    {
        using var writer = new StringWriter();
        var progress = new RunProgress(writer, live: true, color: false);
        progress.Start("wf", T0);
        var before = writer.ToString();
        progress.Update(null, T0);
        Assert.Equal(before, writer.ToString());
    }

    [Fact]
    public void Update_LiveManyTasks_ShowsTheLatestRowsOnly()
    {
        using var writer = new StringWriter();
        var progress = new RunProgress(writer, live: true, color: false);
        progress.Start("wf", T0);
        var tasks = Enumerable.Range(0, 25).Select(i => new TaskProgress(i, $"t{i}", 0, "succeeded", T0, T0.AddSeconds(1))).ToArray();
        progress.Update(Progress("running", tasks), T0.AddSeconds(2));
        var frame = writer.ToString()[writer.ToString().LastIndexOf("\u001b[J", StringComparison.Ordinal)..];
        Assert.Contains("  ... 5 earlier\n", frame, StringComparison.Ordinal);
        Assert.DoesNotContain(" t4 ", frame, StringComparison.Ordinal);
        Assert.Contains(" t24 ", frame, StringComparison.Ordinal);
        Assert.Equal(RunProgress.MaxLiveRows + 2, frame.Count(c => c == '\n'));
    }

    [Fact]
    public void Update_LiveColor_PaintsStatuses()
    {
        using var writer = new StringWriter();
        var progress = new RunProgress(writer, live: true, color: true);
        progress.Start("wf", T0);
        progress.Update(Progress("running", new TaskProgress(0, "a", 0, "failed", T0, T0)), T0);
        Assert.Contains("\u001b[31mfailed    \u001b[0m", writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.25, "0.25s")]
    [InlineData(12.34, "12.3s")]
    [InlineData(125, "2m05s")]
    [InlineData(-1, "0.00s")]
    public void Seconds_Duration_ReadsAsAPersonWould(double seconds, string expected) =>
        Assert.Equal(expected, RunProgress.Seconds(TimeSpan.FromSeconds(seconds)));
}
