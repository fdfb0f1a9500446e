using Orquesta.Azure.Conductor.Machines;

namespace Orquesta.Azure.Conductor.Tests.Machines;

/// <summary>
/// The two state machine tables, row by row, against the reference's rows; then every event the
/// machines can be given, from every status, through the machines themselves.
/// </summary>
public class StateMachineTableTests
{
    public static TheoryData<string, string, string> WorkflowRows() => ToTheory(ReferenceTables.WorkflowRows);

    public static TheoryData<string, string, string> TaskRows() => ToTheory(ReferenceTables.TaskRows);

    [Fact]
    public void Workflow_Table_HasExactlyTheReferenceRowsInOrder()
    {
        Assert.Equal(ReferenceTables.WorkflowRows, StateMachineData.WorkflowRows);
        Assert.Equal(ReferenceTables.WorkflowRows.Length, StateMachineData.Workflow.Values.Sum(r => r.Count));
        Assert.Equal(
            ReferenceTables.WorkflowStatuses.Order(StringComparer.Ordinal),
            StateMachineData.Workflow.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Task_Table_HasExactlyTheReferenceRowsInOrder()
    {
        Assert.Equal(ReferenceTables.TaskRows, StateMachineData.TaskRows);
        Assert.Equal(ReferenceTables.TaskRows.Length, StateMachineData.Task.Values.Sum(r => r.Count));
        Assert.Equal(
            ReferenceTables.TaskStatuses.Order(StringComparer.Ordinal),
            StateMachineData.Task.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tables_StatusesWithoutRow_AreTheReferences()
    {
        // Statuses with no row cannot be transitioned at all; an empty row only keeps its status.
        Assert.Equal(["pending", "timeout", "abandoned", "retrying"], Statuses.All.Where(s => !StateMachineData.Workflow.ContainsKey(s)));
        Assert.Equal(["timeout", "abandoned"], Statuses.All.Where(s => !StateMachineData.Task.ContainsKey(s)));
        Assert.Empty(StateMachineData.Workflow[Statuses.Canceled]);
        Assert.Empty(StateMachineData.Workflow[Statuses.Failed]);
        Assert.Empty(StateMachineData.Task[Statuses.Canceled]);
    }

    [Theory]
    [MemberData(nameof(WorkflowRows))]
    public void WorkflowStateMachine_EveryRow_MovesTheWorkflowToTheRowsStatus(string from, string eventName, string to)
    {
        Assert.Equal(to, StateMachineData.Workflow[from][eventName]);

        var scenario = Scenarios.ForWorkflowMachine(from, eventName);
        Assert.True(scenario.HasValue, $"no event produces {eventName}");
        var (ev, state) = scenario.Value;
        Assert.Equal(eventName, WorkflowMachineName(state, ev));

        WorkflowStateMachine.ProcessEvent(state, ev);

        Assert.Equal(to, state.Status);
    }

    [Theory]
    [MemberData(nameof(TaskRows))]
    public void TaskStateMachine_EveryRow_MovesTheTaskToTheRowsStatus(string from, string eventName, string to)
    {
        Assert.Equal(to, StateMachineData.Task[from][eventName]);

        var scenario = Scenarios.ForTaskMachine(eventName);
        Assert.True(scenario.HasValue, $"no event produces {eventName}");
        var (ev, state) = scenario.Value;
        Assert.Equal(eventName, TaskMachineName(state, ev));
        var task = new FakeTask(from);

        TaskStateMachine.ProcessEvent(state, task, ev);

        Assert.Equal(to, task.Status);
    }

    [Fact]
    public void WorkflowStateMachine_EveryStatusAndEvent_FollowsTheReferenceRowsOrRaises()
    {
        var rows = ReferenceTables.WorkflowRows.ToDictionary(r => (r.From, r.Event), r => r.To);
        var rowStatuses = ReferenceTables.WorkflowStatuses.ToHashSet();
        var names = ReferenceTables.WorkflowExecutionEvents.Concat(ReferenceTables.TaskExecutionEvents).Concat(ReferenceTables.WorkflowRows.Select(r => r.Event)).Distinct();
        var failures = new List<string>();
        var checkedCases = 0;

        foreach (var from in Statuses.All)
        {
            foreach (var name in names)
            {
                var scenario = Scenarios.ForWorkflowMachine(from, name);
                if (scenario is null) continue;
                var (ev, state) = scenario.Value;
                checkedCases++;
                if (WorkflowMachineName(state, ev) != name) failures.Add($"{from} + {name}: the scenario gives {WorkflowMachineName(state, ev)}");
                string outcome;
                try
                {
                    WorkflowStateMachine.ProcessEvent(state, ev);
                    outcome = state.Status;
                }
                catch (OrquestaException e)
                {
                    outcome = e.ErrorType;
                }

                var expected = !rowStatuses.Contains(from) ? "InvalidWorkflowStatusTransition"
                    : rows.TryGetValue((from, name), out var to) ? to
                    : from;
                if (outcome != expected) failures.Add($"{from} + {name}: {outcome}, expected {expected}");
            }
        }

        Assert.True(checkedCases > 700, $"only {checkedCases} cases");
        Assert.Empty(failures);
    }

    [Fact]
    public void TaskStateMachine_EveryStatusAndEvent_FollowsTheReferenceRowsOrRaises()
    {
        var rows = ReferenceTables.TaskRows.ToDictionary(r => (r.From, r.Event), r => r.To);
        var rowStatuses = ReferenceTables.TaskStatuses.ToHashSet();
        var names = ReferenceTables.ActionExecutionEvents
            .Concat(ReferenceTables.EngineOperationEvents)
            .Concat(ReferenceTables.WorkflowExecutionEvents)
            .Concat(ReferenceTables.TaskRows.Select(r => r.Event))
            .Concat(AllItemEventNames())
            .Distinct();
        var failures = new List<string>();
        var checkedCases = 0;

        foreach (var from in Statuses.All)
        {
            foreach (var name in names)
            {
                var scenario = Scenarios.ForTaskMachine(name);
                if (scenario is null) continue;
                var (ev, state) = scenario.Value;
                checkedCases++;
                if (TaskMachineName(state, ev) != name) failures.Add($"{from} + {name}: the scenario gives {TaskMachineName(state, ev)}");
                var task = new FakeTask(from);
                string? outcome;
                try
                {
                    TaskStateMachine.ProcessEvent(state, task, ev);
                    outcome = task.Status;
                }
                catch (OrquestaException e)
                {
                    outcome = e.ErrorType;
                }

                var rawNameIsValid = ev is WorkflowExecutionEvent
                    ? ReferenceTables.WorkflowExecutionEvents.Contains(ev.Name)
                    : ReferenceTables.ActionExecutionEvents.Contains(ev.Name) || ReferenceTables.EngineOperationEvents.Contains(ev.Name);
                var expected = !rawNameIsValid ? "InvalidEvent"
                    : !rowStatuses.Contains(from) ? "InvalidTaskStatusTransition"
                    : rows.TryGetValue((from, name), out var to) ? to
                    : from;
                if (outcome != expected) failures.Add($"{from} + {name}: {outcome}, expected {expected}");
            }
        }

        Assert.True(checkedCases > 1400, $"only {checkedCases} cases");
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("timeout")]
    [InlineData("abandoned")]
    [InlineData("retrying")]
    public void WorkflowStateMachine_StatusWithoutRow_RaisesInvalidWorkflowStatusTransition(string status)
    {
        var state = new FakeWorkflowState { Status = status, Active = true };

        var e = Assert.Throws<InvalidWorkflowStatusTransition>(() => WorkflowStateMachine.ProcessEvent(state, new TaskExecutionEvent("task1", 0, "running")));

        Assert.Equal($"Unable to process event \"task_running\" for workflow in \"{status}\" status.", e.Message);
        Assert.Equal(status, state.Status);
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("abandoned")]
    public void TaskStateMachine_StatusWithoutRow_RaisesInvalidTaskStatusTransition(string status)
    {
        var task = new FakeTask(status);

        var e = Assert.Throws<InvalidTaskStatusTransition>(() => TaskStateMachine.ProcessEvent(new FakeWorkflowState(), task, new ActionExecutionEvent("succeeded")));

        Assert.Equal($"Unable to process event \"action_succeeded\" for task in \"{status}\" status.", e.Message);
        Assert.Equal("InvalidTaskStatusTransition", e.ErrorType);
    }

    [Fact]
    public void WorkflowStateMachine_IsTransitionValid_EveryPairFollowsTheRows()
    {
        foreach (var from in Statuses.All)
        {
            foreach (var to in Statuses.All)
            {
                var row = ReferenceTables.WorkflowRows.Where(r => r.From == from).ToList();
                var expected = ReferenceTables.WorkflowStatuses.Contains(from) && (from == to || row.Any(r => r.To == to));
                Assert.True(expected == WorkflowStateMachine.IsTransitionValid(from, to), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void TaskStateMachine_IsTransitionValid_EveryPairFollowsTheRows()
    {
        foreach (var from in Statuses.All)
        {
            foreach (var to in Statuses.All)
            {
                var row = ReferenceTables.TaskRows.Where(r => r.From == from).ToList();
                var expected = ReferenceTables.TaskStatuses.Contains(from) && (from == to || row.Any(r => r.To == to));
                Assert.True(expected == TaskStateMachine.IsTransitionValid(from, to), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void IsTransitionValid_EmptyRows_AllowOnlyTheSameStatus()
    {
        // canceled and failed have empty rows in the workflow table: present, so not "no row".
        Assert.True(WorkflowStateMachine.IsTransitionValid("canceled", "canceled"));
        Assert.False(WorkflowStateMachine.IsTransitionValid("canceled", "running"));
        Assert.True(TaskStateMachine.IsTransitionValid("canceled", "canceled"));

        // Statuses without a row: not even the same status.
        Assert.False(WorkflowStateMachine.IsTransitionValid("pending", "pending"));
        Assert.False(TaskStateMachine.IsTransitionValid("timeout", "timeout"));
    }

    [Fact]
    public void IsTransitionValid_NullStatuses_AreUnset()
    {
        foreach (Func<string?, string?, bool> isValid in new Func<string?, string?, bool>[] { WorkflowStateMachine.IsTransitionValid, TaskStateMachine.IsTransitionValid })
        {
            Assert.True(isValid(null, null));
            Assert.True(isValid("null", null));
            Assert.True(isValid(null, "null"));
            Assert.True(isValid(null, "running"));
            Assert.False(isValid(null, "paused"));
        }
    }

    [Theory]
    [InlineData("foobar", "requested")]
    [InlineData("null", "foobar")]
    [InlineData("Running", "running")]
    public void IsTransitionValid_UnknownStatus_RaisesInvalidStatus(string from, string to)
    {
        var bad = Statuses.All.Contains(from) ? to : from;

        var e1 = Assert.Throws<InvalidStatus>(() => WorkflowStateMachine.IsTransitionValid(from, to));
        var e2 = Assert.Throws<InvalidStatus>(() => TaskStateMachine.IsTransitionValid(from, to));

        Assert.Equal($"Status \"{bad}\" is not valid.", e1.Message);
        Assert.Equal(e1.Message, e2.Message);
    }

    private static IEnumerable<string> AllItemEventNames() =>
        from prefix in new[] { "action_", "workflow_" }
        from status in Statuses.All
        from activity in new[] { "active", "dormant" }
        from items in new[] { "incomplete", "completed", "paused", "canceled", "failed" }
        select $"{prefix}{status}_task_{activity}_items_{items}";

    private static string WorkflowMachineName(FakeWorkflowState state, ExecutionEvent ev) => ev switch
    {
        TaskExecutionEvent t => WorkflowStateMachine.AddContextToTaskEvent(state, t),
        WorkflowExecutionEvent w => WorkflowStateMachine.AddContextToWorkflowEvent(state, w),
        _ => throw new ArgumentException(ev.Name, nameof(ev)),
    };

    private static string TaskMachineName(FakeWorkflowState state, ExecutionEvent ev) => ev switch
    {
        WorkflowExecutionEvent w => TaskStateMachine.AddContextToWorkflowEvent(state, "task1", 0, w),
        TaskItemActionExecutionEvent i => TaskStateMachine.AddContextToTaskItemEvent(state, "task1", 0, i),
        _ => TaskStateMachine.AddContextToActionEvent(state, "task1", 0, ev),
    };

    private static TheoryData<string, string, string> ToTheory((string From, string Event, string To)[] rows)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (from, ev, to) in rows) data.Add(from, ev, to);
        return data;
    }
}
