using Orquesta.Azure.Conductor.Conducting;
using Orquesta.Azure.Conductor.Values;
using static Orquesta.Azure.Conductor.Tests.Conducting.ConductorDriver;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>Workflows and checks shared by the bad-input tests.</summary>
internal static class BadInput
{
    public const string Sequential = """
        version: 1.0
        tasks:
          task1:
            action: core.noop
            next:
              - when: <% succeeded() %>
                publish: r=<% result() %>
                do: task2
          task2:
            action: core.noop
        output:
          - r: <% ctx(r) %>
        """;

    public const string Items = """
        version: 1.0
        tasks:
          task1:
            with: <% [1, 2] %>
            action: core.noop
        """;

    /// <summary>Runs the rest of the sequential workflow with <paramref name="result"/> for task1, proving the conductor still works and round-trips.</summary>
    public static void FinishSequential(WorkflowConductor conductor, object? result)
    {
        if (TaskStatus(conductor, "task1") != Statuses.Running) Forward(conductor, "task1", Statuses.Running);
        Forward(conductor, "task1", 0, result, Statuses.Succeeded);
        Succeed(conductor, "task2");
        conductor.RenderWorkflowOutput();
        Assert.Equal(Statuses.Succeeded, conductor.WorkflowStatus);
        Assert.Equal(DictValue.Empty.Set("r", result), conductor.GetWorkflowOutput());
        var copy = RoundTrip(conductor);
        Assert.Equal(Document(conductor), Document(copy));
    }

    /// <summary>Asserts that <paramref name="action"/> throws <typeparamref name="T"/> and leaves the conductor's document as it was.</summary>
    public static T AssertRefusedWithoutChange<T>(WorkflowConductor conductor, Action action)
        where T : OrquestaException
    {
        var before = Document(conductor);
        var e = Assert.Throws<T>(action);
        Assert.Equal(before, Document(conductor));
        return e;
    }
}
