namespace Orquesta.Azure.Cli.Tests;

public sealed class RehearseCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orquesta-rehearse-").FullName;

    public RehearseCommandTests()
    {
        File.WriteAllText(Path.Combine(_dir, "greet.yaml"), """
            version: 1.0
            input:
              - name
            tasks:
              task1:
                action: core.echo message="Hello, <% ctx(name) %>"
                next:
                  - when: <% succeeded() %>
                    publish: greeting=<% result() %>
                    do: task2
                  - when: <% failed() %>
                    do: cleanup
              task2:
                action: core.noop
              cleanup:
                action: core.noop
            output:
              - greeting: <% ctx(greeting) %>
            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OrquestaCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Spec(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, body);
        return path;
    }

    [Fact]
    public void Rehearse_MatchingSpec_PassesAndExitsZero()
    {
        var spec = Spec("ok.yaml", """
            workflow: greet.yaml
            inputs: {name: Stanley}
            mock_action_executions:
              - task_id: task1
                result: Hello, Stanley
            expected_task_sequence: [task1, task2]
            expected_output: {greeting: "Hello, Stanley"}
            """);
        var (code, output, _) = Run("rehearse", spec);
        Assert.Equal(0, code);
        Assert.Equal("1 passed, 0 failed", output.Trim());
    }

    [Fact]
    public void Rehearse_WrongSequence_SaysTheDifferenceAndExitsOne()
    {
        var spec = Spec("bad.yaml", """
            workflow: greet.yaml
            inputs: {name: Stanley}
            mock_action_executions:
              - task_id: task1
                status: failed
            expected_task_sequence: [task1, task2]
            """);
        var (code, output, _) = Run("rehearse", spec);
        Assert.Equal(1, code);
        Assert.Contains("task sequence [task1, cleanup], expected [task1, task2]", output, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rehearse_MissingWorkflowFile_IsAFailureThatNamesTheFile()
    {
        var spec = Spec("missing.yaml", """
            workflow: nowhere.yaml
            expected_task_sequence: [task1]
            """);
        var (code, output, _) = Run("rehearse", spec);
        Assert.Equal(1, code);
        Assert.Contains("nowhere.yaml", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rehearse_Directory_RunsOnlyRehearsalSpecs()
    {
        Spec("ok.yaml", """
            workflow: greet.yaml
            inputs: {name: A}
            expected_task_sequence: [task1, task2]
            """);
        var (code, output, _) = Run("rehearse", _dir);
        Assert.Equal(0, code);
        Assert.Equal("1 passed, 0 failed", output.Trim());
    }
}
