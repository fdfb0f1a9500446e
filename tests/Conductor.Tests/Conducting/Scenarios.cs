using Orquesta.Azure.Conductor.Conducting;

namespace Orquesta.Azure.Conductor.Tests.Conducting;

/// <summary>Workflows that cover the conductor's features, with mocks, for runs end to end.</summary>
internal static class Scenarios
{
    public static readonly IReadOnlyList<(Scenario Scenario, string Status, string Output)> All =
    [
        (new Scenario("sequential", """
            version: 1.0
            input:
              - name
            vars:
              - greeting: hello
            tasks:
              task1:
                action: core.echo message="<% ctx(greeting) %>, <% ctx(name) %>"
                next:
                  - when: <% succeeded() %>
                    publish:
                      - said: <% result() %>
                    do: task2
              task2:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish: done=true
                    do: task3
              task3:
                action: core.echo message=<% ctx(said) %>
            output:
              - said: <% ctx(said) %>
              - done: <% ctx(done) %>
            """)
        {
            Inputs = """{"name": "Stanley"}""",
            Mock = (task, _, _) => task == "task1" ? Outcome.Success("hello, Stanley") : null,
        }, Statuses.Succeeded, """{"said": "hello, Stanley", "done": true}"""),

        (new Scenario("branching-join", """
            version: 1.0
            tasks:
              init:
                action: core.noop
                next:
                  - do: left, right
              left:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - l: <% result() %>
                      - d: {left: 1}
                    do: join
              right:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - r: <% result() %>
                      - d: {right: 2}
                    do: join
              join:
                join: all
                action: core.echo message="<% ctx(l) %> <% ctx(r) %>"
            output:
              - l: <% ctx(l) %>
              - r: <% ctx(r) %>
              - d: <% ctx(d) %>
            """)
        {
            Mock = (task, _, _) => task is "left" or "right" ? Outcome.Success(task.ToUpperInvariant()) : null,
        }, Statuses.Succeeded, """{"l": "LEFT", "r": "RIGHT", "d": {"left": 1, "right": 2}}"""),

        (new Scenario("with-items-concurrency", """
            version: 1.0
            vars:
              - xs: [a, b, c, d, e]
            tasks:
              task1:
                with:
                  items: <% ctx(xs) %>
                  concurrency: 2
                action: core.echo message=<% item() %>
                next:
                  - when: <% succeeded() %>
                    publish: ys=<% result() %>
            output:
              - ys: <% ctx(ys) %>
            """)
        {
            Mock = (_, item, _) => Outcome.Success((long)item!.Value * 10),
        }, Statuses.Succeeded, """{"ys": [0, 10, 20, 30, 40]}"""),

        (new Scenario("with-items-failure-and-rerun", """
            version: 1.0
            vars:
              - xs: [a, b, c]
            tasks:
              task1:
                with: <% ctx(xs) %>
                action: core.echo message=<% item() %>
                next:
                  - when: <% succeeded() %>
                    publish: ys=<% result() %>
                    do: task2
              task2:
                action: core.noop
            output:
              - ys: <% ctx(ys) %>
            """)
        {
            Mock = (_, item, attempt) => item == 1 && attempt == 0 ? Outcome.Failure("boom") : Outcome.Success("ok" + item),
            Reruns = [null],
        }, Statuses.Succeeded, """{"ys": ["ok0", "ok1", "ok2"]}"""),

        (new Scenario("retry", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                retry:
                  when: <% failed() %>
                  count: 3
                  delay: 2
                next:
                  - when: <% succeeded() %>
                    publish: attempts=<% result() %>
            output:
              - attempts: <% ctx(attempts) %>
            """)
        {
            Mock = (_, _, attempt) => attempt < 2 ? Outcome.Failure("no") : Outcome.Success((long)attempt + 1),
        }, Statuses.Succeeded, """{"attempts": 3}"""),

        (new Scenario("cycle", """
            version: 1.0
            vars:
              - i: 0
            tasks:
              init:
                action: core.noop
                next:
                  - do: body
              body:
                action: core.echo message=<% ctx(i) %>
                next:
                  - when: <% succeeded() %>
                    publish: i=<% ctx(i) + 1 %>
                    do: check
              check:
                action: core.noop
                next:
                  - when: <% ctx(i) < 3 %>
                    do: body
                  - when: <% ctx(i) >= 3 %>
                    do: done
              done:
                action: core.noop
            output:
              - i: <% ctx(i) %>
            """), Statuses.Succeeded, """{"i": 3}"""),

        (new Scenario("remediation-then-fail", """
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
                    publish: message=<% result() %>
                    do: task3
              task2:
                action: core.noop
              task3:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: fail
            output:
              - message: <% ctx(message) %>
            """)
        {
            Mock = (task, _, _) => task == "task1" ? Outcome.Failure("bad thing") : null,
        }, Statuses.Failed, """{"message": "bad thing"}"""),

        (new Scenario("continue-and-noop", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% failed() %>
                    publish: a=1
                    do: noop
              task2:
                action: core.noop
                next:
                  - when: <% failed() %>
                    publish: b=2
                    do: continue
            output:
              - a: <% ctx(a) %>
            """)
        {
            Mock = (task, _, _) => Outcome.Failure(task),
        }, Statuses.Failed, """{"a": 1}"""),

        (new Scenario("pause-and-resume", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - do: task2
              task2:
                action: core.noop
                next:
                  - do: task3
              task3:
                action: core.noop
            output:
              - ok: true
            """)
        {
            Hooks = new Dictionary<int, Action<WorkflowConductor>>
            {
                [1] = c => c.RequestWorkflowStatus(Statuses.Pausing),
                [2] = c => c.RequestWorkflowStatus(Statuses.Resuming),
            },
        }, Statuses.Succeeded, """{"ok": true}"""),

        (new Scenario("cancel", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - do: task2
              task2:
                action: core.noop
            output:
              - ok: true
            """)
        {
            Hooks = new Dictionary<int, Action<WorkflowConductor>> { [1] = c => c.RequestWorkflowStatus(Statuses.Canceling) },
        }, Statuses.Canceled, """{"ok": true}"""),

        (new Scenario("join-count-unreachable", """
            version: 1.0
            tasks:
              init:
                action: core.noop
                next:
                  - do: a, b, c
              a:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: join
                  - when: <% failed() %>
                    do: noop
              b:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: join
                  - when: <% failed() %>
                    do: noop
              c:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    do: join
              join:
                join: 2
                action: core.noop
            """)
        {
            Mock = (task, _, _) => task is "a" or "b" ? Outcome.Failure() : null,
        }, Statuses.Failed, "null"),

        (new Scenario("rerun-named-task", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish: n=<% result() %>
                    do: task2
              task2:
                action: core.noop
            output:
              - n: <% ctx(n) %>
            """)
        {
            Mock = (task, _, attempt) => task == "task1" ? Outcome.Success((long)attempt) : attempt == 0 ? Outcome.Failure() : null,
            Reruns = [[new TaskRerunRequest("task1")]],
        }, Statuses.Succeeded, """{"n": 1}"""),

        (new Scenario("split", """
            version: 1.0
            tasks:
              task1:
                action: core.noop
                next:
                  - do: task2, task3
              task2:
                action: core.noop
                next:
                  - publish: who="two"
                    do: task4
              task3:
                action: core.noop
                next:
                  - publish: who="three"
                    do: task4
              task4:
                action: core.echo message=<% ctx(who) %>
            output:
              - who: <% ctx(who) %>
            """), Statuses.Succeeded, """{"who": "three"}"""),
    ];

    public static (Scenario Scenario, string Status, string Output) Get(string name) => All.Single(s => s.Scenario.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (scenario, _, _) in All) data.Add(scenario.Name);
        return data;
    }
}
