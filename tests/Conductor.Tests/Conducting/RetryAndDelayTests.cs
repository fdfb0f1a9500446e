using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class RetryAndDelayTests
{
    private static string Retry(string retry, string taskExtra = "") => $$"""
        version: 1.0
        tasks:
          task1:
            action: core.echo message="hi"{{taskExtra}}
            retry:
        {{retry}}
            next:
              - when: <% succeeded() %>
                do: task2
              - when: <% failed() %>
                do: task3
          task2:
            action: core.noop
          task3:
            action: core.noop
            next:
              - do: fail
        """;

    [Fact]
    public void UpdateTaskState_FailedWithRetryCount_RetriesThenSucceeds()
    {
        var conductor = Start(Retry("      count: 3\n      delay: 1"));
        Fail(conductor, "task1");

        var entry = conductor.WorkflowState.GetTask("task1", 0)!;
        Assert.Equal(Statuses.Retrying, entry.Status);
        Assert.Equal(3L, entry.Retry!.Count);
        Assert.Equal(1L, entry.Retry.Tally);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task1", next.Id);
        Assert.Equal(1L, next.Delay);
        Assert.Equal(Dict("""{"message": "hi"}"""), next.Actions[0].Input);

        Succeed(conductor, "task1");

        Assert.Equal(Statuses.Succeeded, TaskStatus(conductor, "task1"));
        Assert.Equal(1L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Assert.Equal(["task2"], NextIds(conductor));
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        // A retry does not add an entry to the sequence.
        Assert.Equal(["task1", "task2"], Sequence(conductor));
    }

    [Fact]
    public void UpdateTaskState_RetriesExhausted_TaskFailsAndItsFailureTransitionRuns()
    {
        var conductor = Start(Retry("      count: 2"));
        Fail(conductor, "task1");
        Assert.Equal(1L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Fail(conductor, "task1");
        Assert.Equal(2L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Assert.Equal(Statuses.Retrying, TaskStatus(conductor, "task1"));
        Assert.Equal(["task1"], NextIds(conductor));

        Fail(conductor, "task1");

        Assert.Equal(Statuses.Failed, TaskStatus(conductor, "task1"));
        Assert.Equal(2L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Assert.Equal(["task3"], NextIds(conductor));
        Succeed(conductor, "task3");
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task3", "fail"], Sequence(conductor));
    }

    [Fact]
    public void UpdateTaskState_RetryWhenConditionHolds_Retries()
    {
        var conductor = Start(Retry("      when: <% result().status_code = 400 %>\n      count: 2"));

        Fail(conductor, "task1", Dict("""{"status_code": 400}"""));

        Assert.Equal(Statuses.Retrying, TaskStatus(conductor, "task1"));
        Assert.Equal(["task1"], NextIds(conductor));
    }

    [Fact]
    public void UpdateTaskState_RetryWhenConditionDoesNotHold_DoesNotRetry()
    {
        var conductor = Start(Retry("      when: <% result().status_code = 400 %>\n      count: 2"));

        Fail(conductor, "task1", Dict("""{"status_code": 500}"""));

        Assert.Equal(Statuses.Failed, TaskStatus(conductor, "task1"));
        Assert.Equal(0L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Assert.Equal(["task3"], NextIds(conductor));
    }

    [Fact]
    public void UpdateTaskState_RetryWhenOnSuccess_RetriesASucceededTask()
    {
        var conductor = Start(Retry("      when: <% succeeded() and result() < 3 %>\n      count: 5"));

        Succeed(conductor, "task1", 1L);
        Assert.Equal(Statuses.Retrying, TaskStatus(conductor, "task1"));
        Succeed(conductor, "task1", 2L);
        Assert.Equal(Statuses.Retrying, TaskStatus(conductor, "task1"));
        Succeed(conductor, "task1", 3L);

        Assert.Equal(Statuses.Succeeded, TaskStatus(conductor, "task1"));
        Assert.Equal(2L, conductor.WorkflowState.GetTask("task1", 0)!.Retry!.Tally);
        Assert.Equal(["task2"], NextIds(conductor));
    }

    [Fact]
    public void UpdateTaskState_RetryCountFromExpression_IsRenderedWhenTheTaskStarts()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - n: 1
              - d: 5
            tasks:
              task1:
                action: core.noop
                retry:
                  count: <% ctx(n) %>
                  delay: <% ctx(d) %>
            """);

        Fail(conductor, "task1");

        var retry = conductor.WorkflowState.GetTask("task1", 0)!.Retry!;
        Assert.Equal(1L, retry.Count);
        Assert.Equal(5L, retry.Delay);
        Assert.Equal(5L, Assert.Single(conductor.GetNextTasks()).Delay);
        Fail(conductor, "task1");
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
    }

    [Fact]
    public void GetNextTasks_RetryDelayAndTaskDelay_RetryDelayWins()
    {
        var conductor = Start(Retry("      count: 3\n      delay: 1", "\n    delay: 2"));

        Assert.Equal(2L, Assert.Single(conductor.GetNextTasks()).Delay);
        Fail(conductor, "task1");

        Assert.Equal(1L, Assert.Single(conductor.GetNextTasks()).Delay);
    }

    [Fact]
    public void GetNextTasks_RetryWithoutDelayAndTaskDelay_RetriesWithoutDelay()
    {
        var conductor = Start(Retry("      count: 3", "\n    delay: 2"));

        Assert.Equal(2L, Assert.Single(conductor.GetNextTasks()).Delay);
        Fail(conductor, "task1");

        Assert.Equal(0L, Assert.Single(conductor.GetNextTasks()).Delay);
    }

    [Fact]
    public void UpdateTaskState_RetryCommand_RetriesThreeTimesByDefault()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% failed() %>
                    do: retry
                  - when: <% succeeded() %>
                    do: task2
              task2:
                action: core.noop
            """);

        Fail(conductor, "task1");

        var entry = conductor.WorkflowState.GetTask("task1", 0)!;
        Assert.Equal(Statuses.Retrying, entry.Status);
        Assert.Equal(3L, entry.Retry!.Count);
        Assert.Equal(0L, Assert.Single(conductor.GetNextTasks()).Delay);
        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task2"], Sequence(conductor));
    }

    [Fact]
    public void RequestWorkflowStatus_CancelingWhileRetryIsStaged_CanceledAndNoRetryRuns()
    {
        var conductor = Start(Retry("      count: 3"));
        Fail(conductor, "task1");
        Assert.Equal(Statuses.Retrying, TaskStatus(conductor, "task1"));

        conductor.RequestWorkflowStatus(Statuses.Canceling);

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void GetNextTasks_TaskDelay_IsRenderedFromTheContext()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - wait: 30
            tasks:
              task1:
                delay: <% ctx(wait) %>
                action: core.noop
              task2:
                action: core.noop
            """);

        var next = conductor.GetNextTasks();

        Assert.Equal(30L, next.Single(t => t.Id == "task1").Delay);
        Assert.Null(next.Single(t => t.Id == "task2").Delay);
    }

    [Fact]
    public void GetNextTasks_TaskDelayNotAnInteger_FailsTheWorkflowWithAnError()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - wait: soon
            tasks:
              task1:
                delay: <% ctx(wait) %>
                action: core.noop
            """);

        Assert.Empty(conductor.GetNextTasks());

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var error = Assert.Single(conductor.Errors);
        Assert.Equal("TypeError: The value of task delay is not type of integer.", error["message"]);
        Assert.Equal("task1", error["task_id"]);
    }

    // A canceled task has no retry transition, so its retry tally never grows: the reference
    // sends the retry command again and again until Python's recursion limit. Expected values
    // recorded from the reference (Orquesta master, 2026-12-08).
    [Fact]
    public void UpdateTaskState_CanceledTaskWhoseYaqlRetryConditionHolds_RaisesRecursionErrorAndKeepsTheState()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              t:
                action: core.noop
                retry:
                  count: 2
                  when: <% true %>
            """);
        Assert.Single(conductor.GetNextTasks());
        Forward(conductor, "t", Statuses.Running);

        var e = Assert.Throws<ExpressionRuntimeError>(() => Forward(conductor, "t", Statuses.Canceled));

        Assert.Equal("RecursionError", e.ErrorType);
        Assert.Contains("task \"t\" (route 0) is canceled and cannot retry", e.Message, StringComparison.Ordinal);
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Assert.Equal(Statuses.Canceled, TaskStatus(conductor, "t"));
        Assert.Empty(conductor.GetNextTasks());
        Assert.Equal(["t"], Sequence(conductor));
        Assert.Empty(TermTasks(conductor));
        Assert.Empty(conductor.Errors);
    }

    // The retry command evaluates the condition again with its own result (none): a condition on
    // the result no longer holds, and the task stays canceled with no error. Expected values
    // recorded from the reference (Orquesta master, 2026-12-08): sequence [t], workflow canceled,
    // no errors, t terminal, the publish not rendered.
    [Fact]
    public void UpdateTaskState_CanceledTaskWhoseRetryConditionReadsTheResult_StaysCanceledWithoutError()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              t:
                action: core.noop
                retry:
                  count: 2
                  when: <% result() = 'x' %>
                next:
                  - publish:
                      - r: <% result() %>
                    do: after
              after:
                action: core.noop
            output:
              - r: <% ctx().get(r) %>
            """);
        Assert.Single(conductor.GetNextTasks());
        Forward(conductor, "t", 0, "x", Statuses.Running, Statuses.Canceled);

        Assert.Equal(Statuses.Canceled, conductor.WorkflowStatus);
        Assert.Equal(Statuses.Canceled, TaskStatus(conductor, "t"));
        Assert.Equal(["t"], Sequence(conductor));
        Assert.Equal(["t"], TermTasks(conductor));
        Assert.Empty(conductor.Errors);
        Assert.Empty(conductor.GetNextTasks());
        conductor.RenderWorkflowOutput();
        Assert.Equal(DictValue.Empty.Set("r", null), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void UpdateTaskState_CanceledTaskWhoseJinjaRetryConditionHolds_RaisesJinjaEvaluationException()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              t:
                action: core.noop
                retry:
                  count: 3
                  when: "{{ completed() }}"
            """);
        Assert.Single(conductor.GetNextTasks());
        Forward(conductor, "t", Statuses.Running);
        conductor.RequestWorkflowStatus(Statuses.Canceling);

        var e = Assert.Throws<JinjaEvaluationException>(() => Forward(conductor, "t", Statuses.Canceled));

        Assert.StartsWith("Unable to evaluate expression '{{ completed() }}'. RecursionError: maximum recursion depth exceeded", e.Message, StringComparison.Ordinal);
        Assert.Equal(Statuses.Canceling, conductor.WorkflowStatus);
        Assert.Equal(Statuses.Canceled, TaskStatus(conductor, "t"));
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void UpdateTaskState_CanceledTaskWithARetryCommandTransition_RaisesRecursionError()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              t:
                action: core.noop
                next:
                  - when: <% completed() %>
                    do: retry
            """);
        Assert.Single(conductor.GetNextTasks());
        Forward(conductor, "t", Statuses.Running);

        var e = Assert.Throws<ExpressionRuntimeError>(() => Forward(conductor, "t", Statuses.Canceled));

        Assert.Equal("RecursionError", e.ErrorType);
    }
}
