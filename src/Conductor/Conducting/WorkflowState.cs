using System.Runtime.InteropServices;
using Orquesta.Azure.Conductor.Graphing;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Conducting;

/// <summary>
/// The runtime state of one workflow execution (the reference's <c>WorkflowState</c>): contexts,
/// routes, the task sequence, the staged tasks and the workflow status.
/// </summary>
/// <remarks>
/// The reference answers "are there active tasks?" or "which task is staged as X?" by scanning
/// lists, which makes a workflow of N tasks cost O(N²). Here the same questions are answered from
/// indexes and counters kept up to date as entries change, so each step costs about the same
/// whatever the size of the workflow.
/// </remarks>
public sealed class WorkflowState
{
    // The current entry of each task and route; keyed by the pair, not the reference's task__rN
    // string, so that a lookup allocates nothing. With a graph, route 0 (where nearly every task
    // runs) is kept by the task's position in the graph instead (_currentOnRoute0: the sequence
    // index + 1, 0 for none): a large workflow's per-task index is then segments of ints, not a
    // hash table whose one large array the collector keeps with its oldest objects.
    private readonly Dictionary<(string Id, int Route), int> _tasks;
    private readonly WorkflowGraph? _graph;
    private readonly SegmentedArray<int>? _currentOnRoute0;
    private readonly SegmentedArray<StagedTask?>? _stagedOnRoute0;
    private readonly Dictionary<string, int> _currentStatusCounts = new(StringComparer.Ordinal);
    // The staged tasks in staging order, a list linked through the tasks (StagedTask.NextStaged).
    private StagedTask? _firstStaged;
    private StagedTask? _lastStaged;
    // The first staged entry of each task and route; later ones (rare: a rerun beside a kept
    // with-items entry) wait in _stagedOverflow, in staging order.
    private readonly Dictionary<(string Id, int Route), StagedTask> _stagedIndex;
    private readonly Dictionary<(string Id, int Route), Queue<StagedTask>> _stagedOverflow = [];
    // The entry and staged task last looked up or added: a step asks for the same task several
    // times (the event, the state machines' questions), and a lookup in a large index is a few
    // cache misses. Each is what the index holds for its key while it is here.
    private TaskStateEntry? _recentEntry;
    private StagedTask? _recentStaged;
    private int _openStagedCount;

    /// <summary>An empty state.</summary>
    public WorkflowState()
        : this(0)
    {
    }

    /// <summary>
    /// An empty state with room for <paramref name="expectedTasks"/> task entries, its tasks
    /// indexed by id and route (a conductor's own state indexes route 0 by graph position instead).
    /// </summary>
    public WorkflowState(int expectedTasks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedTasks);
        _tasks = new Dictionary<(string Id, int Route), int>(expectedTasks);
        _stagedIndex = [];
        Sequence = new SegmentedList<TaskStateEntry>(expectedTasks);
    }

    /// <summary>
    /// An empty state for a workflow of <paramref name="graph"/>: the current entry and the
    /// staged entry of each task on route 0 are kept by the task's position in the graph.
    /// </summary>
    internal WorkflowState(WorkflowGraph graph)
    {
        _graph = graph;
        _tasks = [];
        _stagedIndex = [];
        _currentOnRoute0 = new SegmentedArray<int>(graph.TaskCount);
        _stagedOnRoute0 = new SegmentedArray<StagedTask?>(graph.TaskCount);
        Sequence = new SegmentedList<TaskStateEntry>(graph.TaskCount);
    }

    // The task's position in the graph when it is on route 0 and the state keeps route 0 by position, else -1.
    private int OnRoute0(string taskId, int route)
    {
        if (route != 0 || _graph is null || taskId is null) return -1;
        var ordinal = OrdinalOf(taskId);
        return ordinal < _currentOnRoute0!.Length ? ordinal : -1;
    }

    // A step asks about the task it completes and the tasks it stages, over and over, with the
    // plan's own id strings: the last two positions found are kept by string identity, so that
    // the graph's large task dictionary is read once per task, not at every question.
    private string? _ordinalId0;
    private string? _ordinalId1;
    private int _ordinal0;
    private int _ordinal1;

    /// <summary>Tells the state the graph position of task <paramref name="taskId"/> (the conductor has it from the task's plan), so that it need not look it up.</summary>
    internal void RememberOrdinal(string taskId, int ordinal)
    {
        if (ReferenceEquals(taskId, _ordinalId0) || _graph is null) return;
        System.Diagnostics.Debug.Assert(_graph.TaskOrdinal(taskId) == ordinal, "The plan's position is the graph's.");
        (_ordinalId1, _ordinal1) = (_ordinalId0, _ordinal0);
        (_ordinalId0, _ordinal0) = (taskId, ordinal);
    }

    private int OrdinalOf(string taskId)
    {
        if (ReferenceEquals(taskId, _ordinalId0)) return _ordinal0;
        if (ReferenceEquals(taskId, _ordinalId1)) return _ordinal1;
        var ordinal = _graph!.TaskOrdinal(taskId);
        (_ordinalId1, _ordinal1) = (_ordinalId0, _ordinal0);
        (_ordinalId0, _ordinal0) = (taskId, ordinal);
        return ordinal;
    }

    private bool TryGetCurrentIndex(string taskId, int route, out int index)
    {
        var ordinal = OnRoute0(taskId, route);
        if (ordinal < 0) return _tasks.TryGetValue((taskId, route), out index);
        index = _currentOnRoute0!.Get(ordinal) - 1;
        return index >= 0;
    }

    /// <summary>Contexts by index: 0 is the workflow's initial context, the others are published ones.</summary>
    public SegmentedList<DictValue> Contexts { get; } = [];

    /// <summary>Routes by index: each the list of <c>task__tN</c> splits that led to it.</summary>
    public List<IReadOnlyList<string>> Routes { get; } = [];

    /// <summary>Every task execution so far, in order.</summary>
    public SegmentedList<TaskStateEntry> Sequence { get; }

    /// <summary>The workflow status.</summary>
    public string Status { get; set; } = Statuses.Unset;

    /// <summary>The sequence indexes of each rerun's tasks.</summary>
    public List<int[]> Reruns { get; } = [];

    /// <summary>The current entry of each <c>task__rN</c> (a copy).</summary>
    public IReadOnlyDictionary<string, int> Tasks
    {
        get
        {
            // Each task and route once, in the order of their first entries.
            var result = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in Sequence)
            {
                var key = TaskKey(entry.Id, entry.Route);
                if (!result.ContainsKey(key) && TryGetCurrentIndex(entry.Id, entry.Route, out var index)) result[key] = index;
            }

            return result;
        }
    }

    /// <summary>The staged tasks, in staging order.</summary>
    public IEnumerable<StagedTask> Staged
    {
        get
        {
            for (var staged = _firstStaged; staged is not null; staged = staged.NextStaged) yield return staged;
        }
    }

    /// <summary>The reference's <c>task__rN</c> key.</summary>
    public static string TaskKey(string taskId, int route) => string.Concat(taskId, "__r", route.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The reference's <c>task__tN</c> transition id.</summary>
    public static string TransitionKey(string taskId, int index) => string.Concat(taskId, "__t", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Whether the task has an entry on the route.</summary>
    public bool HasTask(string taskId, int route) => TryGetCurrentIndex(taskId, route, out _);

    /// <summary>The current entry of the task on the route, or <see langword="null"/>.</summary>
    public TaskStateEntry? GetTask(string taskId, int route)
    {
        if (_recentEntry is { } recent && recent.Route == route && IsSameId(recent.Id, taskId)) return recent;
        if (!TryGetCurrentIndex(taskId, route, out var index)) return null;
        return _recentEntry = Sequence[index];
    }

    // By identity only: the conductor asks with the plan's own id strings, and reading a large
    // workflow's id text costs a cache miss per task. Another string with the same text takes the
    // index lookup, which gives the same entry.
    private static bool IsSameId(string a, string b) => ReferenceEquals(a, b);

    /// <summary>The current entry's sequence index, or <see langword="null"/>.</summary>
    public int? GetTaskIndex(string taskId, int route) =>
        TryGetCurrentIndex(taskId, route, out var index) ? index : null;

    /// <summary>Whether the entry is the current one of its task and route.</summary>
    public bool IsCurrent(TaskStateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // An entry of this state knows whether a later one replaced it: no lookup on every status change.
        if (ReferenceEquals(entry.Owner, this)) return !entry.Superseded;
        return TryGetCurrentIndex(entry.Id, entry.Route, out var index) && index == entry.SequenceIndex;
    }

    /// <summary>Appends a new entry for the task and makes it the current one.</summary>
    public TaskStateEntry AddTaskEntry(string taskId, int route, ContextChain inContexts, TransitionMap<int>? prev) =>
        AddTaskEntry(taskId, route, inContexts, TransitionSlots<int>.From(prev));

    /// <summary>Appends a new entry for the task with these inbound transitions and makes it the current one.</summary>
    internal TaskStateEntry AddTaskEntry(string taskId, int route, ContextChain inContexts, TransitionSlots<int> prev)
    {
        var entry = new TaskStateEntry(this, Sequence.Count, taskId, route, inContexts, prev);
        var ordinal = OnRoute0(taskId, route);
        int replacedIndex;
        if (ordinal >= 0)
        {
            // By position the slot holds the sequence index + 1 (0: none).
            ref var slot = ref _currentOnRoute0!.At(ordinal);
            replacedIndex = slot - 1;
            slot = entry.SequenceIndex + 1;
        }
        else
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_tasks, (taskId, route), out var exists);
            replacedIndex = exists ? slot : -1;
            slot = entry.SequenceIndex;
        }

        if (replacedIndex >= 0)
        {
            var replaced = Sequence[replacedIndex];
            CountStatus(replaced.Status, -1);
            replaced.Superseded = true;
        }

        Sequence.Add(entry);
        _recentEntry = entry;
        CountStatus(entry.Status, +1);
        return entry;
    }

    internal void OnTaskStatusChanged(TaskStateEntry entry, string? oldStatus, string? newStatus)
    {
        if (!IsCurrent(entry)) return;
        CountStatus(oldStatus, -1);
        CountStatus(newStatus, +1);
    }

    private void CountStatus(string? status, int delta)
    {
        if (status is null) return;
        _currentStatusCounts[status] = _currentStatusCounts.GetValueOrDefault(status) + delta;
    }

    /// <summary>How many current entries have one of <paramref name="statuses"/>.</summary>
    public int CountTasksWithStatus(IEnumerable<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var count = 0;
        foreach (var status in statuses) count += _currentStatusCounts.GetValueOrDefault(status);
        return count;
    }

    // The questions the state machines ask on every event, without an enumerator or a list per call.
    private static readonly string[] ActiveStatuses = [.. Statuses.Active];

    private int CountTasksWithStatus(ReadOnlySpan<string> statuses)
    {
        var count = 0;
        foreach (var status in statuses) count += _currentStatusCounts.GetValueOrDefault(status);
        return count;
    }

    /// <summary>The current entries with one of <paramref name="statuses"/>, in sequence order.</summary>
    public IEnumerable<TaskStateEntry> GetTasksByStatus(IReadOnlyCollection<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (CountTasksWithStatus(statuses) == 0) yield break;
        foreach (var entry in Sequence)
        {
            if (entry.Status is not null && statuses.Contains(entry.Status) && IsCurrent(entry)) yield return entry;
        }
    }

    /// <summary>Whether any current task is active.</summary>
    public bool HasActiveTasks => CountTasksWithStatus(ActiveStatuses.AsSpan()) > 0;

    /// <summary>Whether any current task is pausing.</summary>
    public bool HasPausingTasks => _currentStatusCounts.GetValueOrDefault(Statuses.Pausing) > 0;

    /// <summary>Whether any current task is paused or pending.</summary>
    public bool HasPausedTasks => _currentStatusCounts.GetValueOrDefault(Statuses.Paused) + _currentStatusCounts.GetValueOrDefault(Statuses.Pending) > 0;

    /// <summary>Whether any current task is canceling.</summary>
    public bool HasCancelingTasks => _currentStatusCounts.GetValueOrDefault(Statuses.Canceling) > 0;

    /// <summary>Whether any current task is canceled.</summary>
    public bool HasCanceledTasks => _currentStatusCounts.GetValueOrDefault(Statuses.Canceled) > 0;

    /// <summary>The terminal entries, in sequence order.</summary>
    public IEnumerable<TaskStateEntry> GetTerminalTasks()
    {
        if (_terminal.Count == 0) return [];
        if (!_terminalSorted)
        {
            _terminal.Sort();
            _terminalSorted = true;
        }

        var result = new TaskStateEntry[_terminal.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Sequence[_terminal[i]];
        return result;
    }

    // The sequence indexes of the terminal entries, so that finding them reads no other entry (a
    // large workflow's entries are long out of the cache when it completes).
    private readonly List<int> _terminal = [];
    private bool _terminalSorted = true;

    internal void OnTermChanged(TaskStateEntry entry, bool term)
    {
        if (term)
        {
            if (_terminal.Count > 0 && _terminal[^1] > entry.SequenceIndex) _terminalSorted = false;
            _terminal.Add(entry.SequenceIndex);
        }
        else
        {
            _terminal.Remove(entry.SequenceIndex);
        }
    }

    /// <summary>
    /// The task's current entry on the route, then every entry, in sequence order, that an entry
    /// of the task on the route led to: once per inbound transition from one. This is what the
    /// reference's <c>get_task_sequence</c> returns (for reruns): its walk was meant to follow
    /// the entries further, but it only queues an entry it has not yet added, after adding it, so
    /// it never goes past the first step, and a task reached twice from the task is listed twice.
    /// </summary>
    public List<TaskStateEntry> GetTaskSequence(string taskId, int route)
    {
        var start = GetTask(taskId, route) ?? throw new InvalidTaskStateEntry(taskId);
        var result = new List<TaskStateEntry> { start };
        foreach (var entry in Sequence)
        {
            foreach (var (_, prevIndex) in entry.PrevEntries())
            {
                var prev = Sequence[prevIndex];
                if (prev.Route == route && string.Equals(prev.Id, taskId, StringComparison.Ordinal)) result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>Staged tasks that are ready and not kept only for a rerun, in staging order.</summary>
    public List<StagedTask> GetStagedTasks()
    {
        var result = new List<StagedTask>(_openStagedCount);
        if (_openStagedCount == 0) return result;
        for (var staged = _firstStaged; staged is not null; staged = staged.NextStaged)
        {
            if (staged.IsOpen) result.Add(staged);
        }

        return result;
    }

    /// <summary>The staged tasks <see cref="GetStagedTasks"/> gives, read in place: nothing may be staged or unstaged meanwhile.</summary>
    internal OpenStagedTasks EnumerateOpenStaged() => new(_firstStaged);

    /// <summary>The open staged tasks in staging order, enumerated without a copy.</summary>
    internal readonly struct OpenStagedTasks(StagedTask? first)
    {
        public Enumerator GetEnumerator() => new(first);

        internal struct Enumerator(StagedTask? first)
        {
            private StagedTask? _next = first;

            public StagedTask Current { get; private set; } = null!;

            public bool MoveNext()
            {
                while (_next is not null)
                {
                    var staged = _next;
                    _next = staged.NextStaged;
                    if (!staged.IsOpen) continue;
                    Current = staged;
                    return true;
                }

                return false;
            }
        }
    }

    /// <summary>Whether any staged task is ready to run.</summary>
    public bool HasStagedTasks => _openStagedCount > 0;

    /// <summary>How many staged tasks are ready to run and not kept only for a rerun.</summary>
    internal int OpenStagedCount => _openStagedCount;

    /// <summary>Stages a task.</summary>
    public StagedTask AddStagedTask(string taskId, int route, ContextChain inContexts, TransitionMap<int>? prev = null, bool ready = true, TaskRetryState? retry = null) =>
        AddStagedTask(taskId, route, inContexts, TransitionSlots<int>.From(prev), ready, retry);

    /// <summary>Stages a task with these inbound transitions.</summary>
    internal StagedTask AddStagedTask(string taskId, int route, ContextChain inContexts, TransitionSlots<int> prev, bool ready = true, TaskRetryState? retry = null)
    {
        var staged = new StagedTask(this, taskId, route, inContexts, prev, ready) { Retry = retry };
        staged.PreviousStaged = _lastStaged;
        if (_lastStaged is null) _firstStaged = staged;
        else _lastStaged.NextStaged = staged;
        _lastStaged = staged;
        staged.Linked = true;
        if (TryIndexStaged(taskId, route, staged))
        {
            _recentStaged = staged;
        }
        else
        {
            if (!_stagedOverflow.TryGetValue((taskId, route), out var queue)) _stagedOverflow[(taskId, route)] = queue = new Queue<StagedTask>(1);
            queue.Enqueue(staged);
        }

        if (staged.IsOpen) _openStagedCount++;
        return staged;
    }

    /// <summary>The first staged entry of the task on the route, or <see langword="null"/>.</summary>
    public StagedTask? GetStagedTask(string taskId, int route)
    {
        // Unstaging unlinks: a linked recent task is still its key's first staged entry.
        if (_recentStaged is { Linked: true } recent && recent.Route == route && IsSameId(recent.Id, taskId)) return recent;
        var ordinal = OnRoute0(taskId, route);
        var staged = ordinal >= 0 ? _stagedOnRoute0!.Get(ordinal) : _stagedIndex.GetValueOrDefault((taskId, route));
        if (staged is null) return null;
        return _recentStaged = staged;
    }

    // Makes staged the first staged entry of its task and route, unless there is one.
    private bool TryIndexStaged(string taskId, int route, StagedTask staged)
    {
        var ordinal = OnRoute0(taskId, route);
        if (ordinal < 0) return _stagedIndex.TryAdd((taskId, route), staged);
        ref var slot = ref _stagedOnRoute0!.At(ordinal);
        if (slot is not null) return false;
        slot = staged;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="staged"/> is the first staged entry of its task and route, known
    /// without a lookup when no task and route has a second one (a large workflow's steps then
    /// read no index for it).
    /// </summary>
    internal bool IsFirstStaged(StagedTask staged) =>
        staged.Linked && ReferenceEquals(staged.Owner, this) && (_stagedOverflow.Count == 0 || ReferenceEquals(GetStagedTask(staged.Id, staged.Route), staged));

    /// <summary>Unstages the task, unless items of it are still active.</summary>
    public void RemoveStagedTask(string taskId, int route)
    {
        var staged = GetStagedTask(taskId, route);
        if (staged is not null) RemoveStagedTask(staged);
    }

    /// <summary>Unstages <paramref name="staged"/>, the first staged entry of its task and route, unless items of it are still active.</summary>
    internal void RemoveStagedTask(StagedTask staged)
    {
        if (!staged.Linked || staged.Items is { AnyActive: true }) return;
        var key = (staged.Id, staged.Route);
        StagedTask? following = null;
        if (_stagedOverflow.Count > 0 && _stagedOverflow.TryGetValue(key, out var queue))
        {
            following = queue.Dequeue();
            if (queue.Count == 0) _stagedOverflow.Remove(key);
        }

        var ordinal = OnRoute0(staged.Id, staged.Route);
        if (ordinal >= 0) _stagedOnRoute0!.At(ordinal) = following;
        else if (following is not null) _stagedIndex[key] = following;
        else _stagedIndex.Remove(key);

        Unlink(staged);
        if (staged.IsOpen) _openStagedCount--;
    }

    private void Unlink(StagedTask staged)
    {
        if (staged.PreviousStaged is { } previous) previous.NextStaged = staged.NextStaged;
        else _firstStaged = staged.NextStaged;
        if (staged.NextStaged is { } next) next.PreviousStaged = staged.PreviousStaged;
        else _lastStaged = staged.PreviousStaged;
        staged.PreviousStaged = staged.NextStaged = null;
        staged.Linked = false;
    }

    internal void OnStagedChanged(StagedTask staged, bool oldReady, bool oldCompleted)
    {
        if (!staged.Linked) return;
        var wasOpen = oldReady && !oldCompleted;
        if (wasOpen != staged.IsOpen) _openStagedCount += staged.IsOpen ? 1 : -1;
    }
}
