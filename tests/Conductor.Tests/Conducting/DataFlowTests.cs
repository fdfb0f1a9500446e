using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

public class DataFlowTests
{
    private const string Publishing = """
        version: 1.0
        input:
          - name
          - greeting: hello
        vars:
          - counter: 0
        tasks:
          task1:
            action: core.echo message="<% ctx(greeting) %>, <% ctx(name) %>"
            next:
              - when: <% succeeded() %>
                publish:
                  - said: <% result().stdout %>
                  - counter: <% ctx(counter) + 1 %>
                do: task2
          task2:
            action: core.echo message=<% ctx(said) %>
            next:
              - when: <% succeeded() %>
                publish:
                  - counter: <% ctx(counter) + 1 %>
        output:
          - said: <% ctx(said) %>
          - counter: <% ctx(counter) %>
          - both: <% ctx(said) + '/' + str(ctx(counter)) %>
        """;

    [Fact]
    public void GetNextTasks_InputsAndVars_RenderTheFirstActions()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley"}"""));

        var next = Assert.Single(conductor.GetNextTasks());

        Assert.Equal(Dict("""{"message": "hello, Stanley"}"""), next.Actions[0].Input);
        Assert.Equal(Dict("""{"name": "Stanley", "greeting": "hello", "counter": 0}"""), conductor.GetWorkflowInitialContext());
    }

    [Fact]
    public void UpdateTaskState_Publish_FlowsToTheNextTaskAndTheOutput()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley", "greeting": "hi"}"""));

        Succeed(conductor, "task1", Dict("""{"stdout": "hi, Stanley"}"""));
        var next = Assert.Single(conductor.GetNextTasks());
        Assert.Equal(Dict("""{"message": "hi, Stanley"}"""), next.Actions[0].Input);
        Assert.Equal(1L, next.Context["counter"]);
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"said": "hi, Stanley", "counter": 2, "both": "hi, Stanley/2"}"""), conductor.GetWorkflowOutput());
        Assert.Equal(Dict("""{"name": "Stanley", "greeting": "hi", "counter": 2, "said": "hi, Stanley"}"""), conductor.GetWorkflowTerminalContext());
    }

    [Fact]
    public void GetWorkflowOutput_BeforeCompletion_IsNullAndRenderDoesNothing()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley"}"""));
        Succeed(conductor, "task1", Dict("""{"stdout": "x"}"""));

        conductor.RenderWorkflowOutput();

        Assert.Null(conductor.GetWorkflowOutput());
        Assert.Equal(Statuses.Running, conductor.WorkflowStatus);
        Assert.Throws<WorkflowContextError>(conductor.GetWorkflowTerminalContext);
    }

    [Fact]
    public void RenderWorkflowOutput_FailedWorkflow_RendersWhatTheContextHas()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley"}"""));
        Succeed(conductor, "task1", Dict("""{"stdout": "x"}"""));
        Fail(conductor, "task2");

        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"said": "x", "counter": 1, "both": "x/1"}"""), conductor.GetWorkflowOutput());
    }

    [Fact]
    public void RenderWorkflowOutput_OutputExpressionFails_LogsTheErrorFailsTheWorkflowAndKeepsTheRest()
    {
        var conductor = Start("""
            version: 1.0
            output:
              - x: 123
              - y: <% ctx().x %>
              - z: <% ctx().y.value %>
            tasks:
              task1:
                action: core.noop
            """);
        Succeed(conductor, "task1");
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);

        conductor.RenderWorkflowOutput();

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.Equal(Dict("""{"x": 123, "y": 123}"""), conductor.GetWorkflowOutput());
        var error = Assert.Single(conductor.Errors);
        Assert.Equal("error", error["type"]);
        Assert.StartsWith("YaqlEvaluationException: Unable to evaluate expression '<% ctx().y.value %>'. ", (string)error["message"]!, StringComparison.Ordinal);
        Assert.False(error.ContainsKey("task_id"));
    }

    [Fact]
    public void RenderWorkflowOutput_CalledTwice_RendersOnce()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley"}"""));
        Succeed(conductor, "task1", Dict("""{"stdout": "x"}"""));
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();
        var first = conductor.GetWorkflowOutput();

        conductor.RenderWorkflowOutput();

        Assert.Same(first, conductor.GetWorkflowOutput());
    }

    [Fact]
    public void UpdateTaskState_PublishExpressionFails_LogsWithTheTransitionAndFailsTheWorkflow()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - x: <% result().missing %>
                    do: task2
              task2:
                action: core.noop
            """);

        Succeed(conductor, "task1", Dict("""{"present": 1}"""));

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        var error = Assert.Single(conductor.Errors);
        Assert.Equal("task1", error["task_id"]);
        Assert.Equal(0L, error["route"]);
        Assert.Equal("task2__t0", error["task_transition_id"]);
        Assert.Equal("YaqlEvaluationException: Unable to resolve key 'missing' in expression '<% result().missing %>' from context.", error["message"]);
        Assert.Empty(conductor.GetNextTasks());
    }

    [Fact]
    public void Constructor_VarsExpressionFails_WorkflowFailsBeforeAnyTask()
    {
        var conductor = new WorkflowConductor(WorkflowSpec.Load("""
            version: 1.0
            vars:
              - x: <% ctx(nope) %>
            tasks:
              task1:
                action: core.noop
            """));

        Assert.Equal(Statuses.Failed, conductor.WorkflowStatus);
        Assert.StartsWith("YaqlEvaluationException: Unable to evaluate expression '<% ctx(nope) %>'.", Assert.Single(ErrorMessages(conductor)), StringComparison.Ordinal);
        Assert.Empty(conductor.GetNextTasks());
        Assert.Throws<InvalidWorkflowStatusTransition>(() => conductor.RequestWorkflowStatus(Statuses.Running));
    }

    [Fact]
    public void GetNextTasks_ParentContext_IsVisibleToExpressions()
    {
        var conductor = new WorkflowConductor(
            WorkflowSpec.Load("""
                version: 1.0
                tasks:
                  task1:
                    action: core.echo message=<% ctx(parent).run %>
                """),
            context: Dict("""{"parent": {"run": "r-1"}}"""));
        conductor.RequestWorkflowStatus(Statuses.Running);

        var next = Assert.Single(conductor.GetNextTasks());

        Assert.Equal(Dict("""{"message": "r-1"}"""), next.Actions[0].Input);
    }

    [Fact]
    public void GetTaskTransitionContexts_AfterPublish_GivesTheNextTasksContexts()
    {
        var conductor = Start(Publishing, Dict("""{"name": "Stanley"}"""));
        Succeed(conductor, "task1", Dict("""{"stdout": "x"}"""));

        var contexts = conductor.GetTaskTransitionContexts("task1", 0);

        var context = (DictValue)contexts["task2__t0"]!;
        Assert.Equal("x", context["said"]);
        Assert.Equal(1L, context["counter"]);
        Assert.Throws<InvalidTaskStateEntry>(() => conductor.GetTaskTransitionContexts("task2", 0));
    }

    [Fact]
    public void UpdateTaskState_DictResult_IsWhatTheResultFunctionSees()
    {
        var conductor = Start("""
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() and result().items.len() = 3 %>
                    publish: n=<% result().items.sum() %>
                    do: task2
              task2:
                action: core.noop
            output:
              - n: <% ctx(n) %>
            """);

        Succeed(conductor, "task1", Dict("""{"items": [1, 2, 3]}"""));
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();

        Assert.Equal(Dict("""{"n": 6}"""), conductor.GetWorkflowOutput());
    }
}
