using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class EngineCommandTests
{
    private static string Handler(string command) => $$"""
        version: 1.0
        vars:
          - message: null
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                do: task2
              - when: <% failed() %>
                publish:
                  - message: handled
                do: {{command}}
          task2:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish:
                  - message: hooray
        output:
          - message: <% ctx().message %>
        """;

    [Fact]
    public void UpdateTaskState_FailureHandledWithContinue_WorkflowStillFails()
    {
        var conductor = Start(Handler("continue"));

        Fail(conductor, "task1");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(["task1", "continue__r1"], Sequence(conductor));
        Assert.Equal(Dict("""{"message": "handled"}"""), conductor.GetWorkflowOutput());
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void UpdateTaskState_FailureHandledWithNoop_WorkflowSucceeds()
    {
        var conductor = Start(Handler("noop"));

        Fail(conductor, "task1");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "noop"], Sequence(conductor));
        Assert.Equal(Dict("""{"message": "handled"}"""), conductor.GetWorkflowOutput());
        // The failure is still logged.
        Assert.Equal(["Execution failed. See result for details."], ErrorMessages(conductor));
    }

    [Fact]
    public void UpdateTaskState_FailureHandledWithFail_WorkflowFails()
    {
        var conductor = Start(Handler("fail"));

        Fail(conductor, "task1");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(["task1", "fail"], Sequence(conductor));
        Assert.Equal(Dict("""{"message": "handled"}"""), conductor.GetWorkflowOutput());
    }

    [Theory]
    [InlineData("continue", "continue__r1")] // task2's implicit continue joins task1's explicit one: a split
    [InlineData("noop", "continue")]
    [InlineData("fail", "continue")]
    public void UpdateTaskState_SuccessPathWithAHandler_WorkflowSucceeds(string command, string last)
    {
        var conductor = Start(Handler(command));

        Succeed(conductor, "task1");
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task2", last], Sequence(conductor));
        Assert.Equal(Dict("""{"message": "hooray"}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void UpdateTaskState_SucceededTaskWithFailCommand_FailsTheWorkflow()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: fail
            """);

        Succeed(conductor, "task1");

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(["task1", "fail"], Sequence(conductor));
        // The fail command is logged as a failed execution of the task "fail".
        var error = Assert.Single(conductor.Errors);
        Assert.Equal(Dict("""{"type": "error", "message": "Execution failed. See result for details.", "task_id": "fail"}"""), error);
    }

    [Fact]
    public void UpdateTaskState_RemediationThenFail_RunsTheRemediationAndFails()
    {
        var conductor = Start("""
            version: 1.0
            vars:
              - message: null
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: task2
                  - when: <% failed() %>
                    do: task3
              task2:
                action: core.noop
              task3:
                action: core.echo message="cleanup"
                next:
                  - when: <% succeeded() %>
                    publish:
                      - message: remediated
                    do: fail
            output:
              - message: <% ctx().message %>
            """);

        Fail(conductor, "task1");
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        var remediation = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task3", remediation.Id);
        Succeed(conductor, "task3");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(["task1", "task3", "fail"], Sequence(conductor));
        Assert.Equal(Dict("""{"message": "remediated"}"""), conductor.GetWorkflowOutput());
        // Every task that completes once the workflow has completed is terminal.
        Assert.Equal(["fail", "task3"], TermTasks(conductor));
        Assert.Equal(
            [("Execution failed. See result for details.", "task1"), ("Execution failed. See result for details.", "fail")],
            conductor.Errors.Select(e => ((string)e["message"]!, (string)e["task_id"]!)));
    }

    [Fact]
    public void GetNextTasks_RemediationStagedBesideFail_StillRunsAfterTheWorkflowFailed()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% failed() %>
                    do: fail, task2
              task2:
                action: core.echo message="cleanup"
            """);

        Fail(conductor, "task1");

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var cleanup = Assert.Single(conductor.GetNextTasks());
        Assert.Equal("task2", cleanup.Id);
        Succeed(conductor, "task2");
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void UpdateTaskState_TransitionWithoutDo_ContinuesImplicitly()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - publish: x=1
            output:
              - x: <% ctx(x) %>
            """);

        Succeed(conductor, "task1");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(["task1", "continue"], Sequence(conductor));
        Assert.Equal(Dict("""{"x": 1}"""), conductor.GetWorkflowOutput());
    }

    [Theory]
    [InlineData(Statuses.Expired)]
    [InlineData(Statuses.Abandoned)]
    public void UpdateTaskState_ActionTimesOutOrIsAbandonedWithoutRemediation_FailsTheWorkflow(string status)
    {
        // A running action that times out fails its task; one that times out (or is abandoned)
        // before it runs leaves the task in that status. The reference then raises InvalidEvent
        // ("task_timeout"), after changing the task, and the workflow never completes; the port
        // fails the workflow as for any abended task.
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: task2
              task2:
                action: core.noop
            """);

        Forward(conductor, "task1", 0, "late", Statuses.Scheduled, status);

        Assert.Equal(status, TaskStatus(conductor, "task1"));
        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Empty(conductor.GetNextTasks());
        Assert.Equal(["task1"], TermTasks(conductor));
        conductor.RequestWorkflowRerun();
        Assert.Equal(["task1"], NextIds(conductor));
    }

    [Theory]
    [InlineData(Statuses.Expired)]
    [InlineData(Statuses.Abandoned)]
    public void UpdateTaskState_ActionTimesOutWithRemediation_RunsTheRemediation(string status)
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% completed() and not succeeded() %>
                    do: cleanup
              cleanup:
                action: core.noop
            """);

        Forward(conductor, "task1", 0, null, Statuses.Scheduled, status);

        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Assert.Equal(["cleanup"], NextIds(conductor));
        Succeed(conductor, "cleanup");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
    }
}
