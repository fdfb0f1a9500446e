using System.Globalization;
using System.Text;
using Orquesta.Azure.Conductor;
using Orquesta.Azure.Engine.Durable;

namespace Orquesta.Azure.Cli;

/// <summary>
/// What <c>orquesta run</c> shows while a workflow runs: each task execution with its status and
/// duration. On a terminal (<c>live</c>) a compact table redrawn in place; elsewhere one plain line
/// per status change, so that a log or a pipe reads top to bottom. Fed from the orchestration's
/// custom status (<see cref="ExecutionProgress.Recent"/>) while it runs, and from the final
/// snapshot's task records at the end, which fill in any change the polls missed.
/// </summary>
internal sealed class RunProgress
{
    /// <summary>The most task rows the live table shows (the latest ones), so that a redraw fits on a screen.</summary>
    public const int MaxLiveRows = 20;

    private const string Escape = "\u001b[";

    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly bool _color;
    private readonly SortedDictionary<int, Row> _rows = [];
    private readonly HashSet<int> _printed = [];
    private DateTime _start;
    private string _title = string.Empty;
    private string _status = "scheduled";
    private int _drawn;
    private string? _lastFrame;
    private bool _askNoted;

    public RunProgress(TextWriter writer, bool live, bool color)
    {
        _writer = writer;
        _live = live;
        _color = color && live;
    }

    /// <summary>Starts the display for a workflow at <paramref name="nowUtc"/>.</summary>
    public void Start(string title, DateTime nowUtc)
    {
        _title = title;
        _start = nowUtc;
        if (!_live) _writer.WriteLine($"{title}: started");
        Draw(nowUtc);
    }

    /// <summary>Takes a custom status read while the workflow runs.</summary>
    public void Update(ExecutionProgress? progress, DateTime nowUtc)
    {
        if (progress is not null)
        {
            _status = progress.Status;
            foreach (var task in progress.Recent) Merge(task.Index, task.Id, task.Route, task.Status, task.Started, task.Ended, nowUtc);
        }

        Draw(nowUtc);
    }

    /// <summary>A message between the progress lines (on a terminal: above the table).</summary>
    public void Note(string message, DateTime nowUtc)
    {
        if (_live) Erase();
        _writer.WriteLine(message);
        _lastFrame = null;
        Draw(nowUtc);
    }

    /// <summary>Ends the display with the final status and every task record of the final snapshot.</summary>
    public void Finish(string status, IReadOnlyList<TaskRecord?> tasks, DateTime nowUtc)
    {
        _status = status;
        for (var i = 0; i < tasks.Count; i++)
        {
            if (tasks[i] is { } t) Merge(i, t.Id, t.Route, t.Status, t.Started, t.Ended, nowUtc);
        }

        Draw(nowUtc);
        if (!_live) _writer.WriteLine($"{_title}: {status} in {Seconds(nowUtc - _start)}");
        else _drawn = 0;
    }

    private void Merge(int index, string id, int route, string? status, DateTime? started, DateTime? ended, DateTime nowUtc)
    {
        if (_rows.TryGetValue(index, out var row) && row.Status == status && row.Ended == ended) return;
        var next = new Row(id, route, status, started, ended);
        _rows[index] = next;
        if (!_live)
        {
            // One line per change; a task that went from running to succeeded between two polls
            // gets its running line too, so that the log shows when each task started.
            if (_printed.Add(index) && status != Statuses.Running && started is not null) Line(next with { Status = Statuses.Running, Ended = null }, started.Value);
            Line(next, status == Statuses.Running ? started ?? nowUtc : ended ?? nowUtc);
        }

        if (status == Statuses.Pending && !_askNoted)
        {
            _askNoted = true;
            var message = $"waiting: task {next.Name} asks for an answer (core.ask), which orquesta run cannot give; Ctrl-C cancels the workflow";
            if (_live) Note(message, nowUtc);
            else _writer.WriteLine(message);
        }
    }

    private void Line(Row row, DateTime at)
    {
        var duration = row.Ended is { } end && row.Started is { } begin ? " " + Seconds(end - begin) : string.Empty;
        _writer.WriteLine($"[{Seconds(at - _start),7}] {row.Name,-24} {row.Status}{duration}");
    }

    private void Draw(DateTime nowUtc)
    {
        if (!_live) return;
        var frame = Frame(nowUtc);
        if (frame == _lastFrame) return;
        Erase();
        _writer.Write(frame);
        _writer.Flush();
        _lastFrame = frame;
        _drawn = frame.Count(c => c == '\n');
    }

    private void Erase()
    {
        if (_drawn == 0) return;
        // Up to the table's first line, then clear to the end of the screen.
        _writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r{Escape}{_drawn}A{Escape}J"));
        _drawn = 0;
    }

    /// <summary>The live table: a heading, then the latest <see cref="MaxLiveRows"/> task executions.</summary>
    private string Frame(DateTime nowUtc)
    {
        var text = new StringBuilder();
        var count = _rows.Count;
        text.Append(CultureInfo.InvariantCulture, $"{_title}  {Paint(_status, _status)}  {Seconds(nowUtc - _start)}  ({count} task{(count == 1 ? "" : "s")})\n");
        var skip = Math.Max(0, count - MaxLiveRows);
        if (skip > 0) text.Append(CultureInfo.InvariantCulture, $"  ... {skip} earlier\n");
        var width = Math.Min(40, _rows.Values.Skip(skip).Select(r => r.Name.Length).DefaultIfEmpty(4).Max());
        foreach (var row in _rows.Values.Skip(skip))
        {
            var status = row.Status ?? "?";
            var duration = row.Started is { } begin ? Seconds((row.Ended ?? nowUtc) - begin) : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"  {Mark(status)} {row.Name.PadRight(width)}  {Paint(status.PadRight(10), status)} {duration,7}\n");
        }

        return text.ToString();
    }

    private static string Mark(string status) => status switch
    {
        "succeeded" => "+",
        "failed" or "expired" or "abandoned" => "x",
        "canceled" or "canceling" => "-",
        "running" => ">",
        _ => " ",
    };

    private string Paint(string text, string status)
    {
        if (!_color) return text;
        var code = status switch
        {
            "succeeded" => "32",
            "failed" or "expired" or "abandoned" => "31",
            "running" or "resuming" => "33",
            "canceling" or "canceled" or "pausing" or "paused" or "pending" => "35",
            _ => null,
        };
        return code is null ? text : $"{Escape}{code}m{text}{Escape}0m";
    }

    /// <summary>A duration as a person reads it: <c>0.25s</c>, <c>3.1s</c>, <c>2m05s</c>.</summary>
    public static string Seconds(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 10) return span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";
        if (span.TotalSeconds < 60) return span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
        return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s");
    }

    private sealed record Row(string Id, int Route, string? Status, DateTime? Started, DateTime? Ended)
    {
        public string Name => Route == 0 ? Id : string.Create(CultureInfo.InvariantCulture, $"{Id} (route {Route})");
    }
}
