using System.Globalization;
using Orquesta.Azure.Conductor.Expressions;
using Orquesta.Azure.Conductor.Specs;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Inspection;

/// <summary>
/// The reference's inspection (<c>Spec.inspect</c> and the native v1 overrides), category by
/// category, over the spec model and the definition as written. Where the reference would raise
/// on a malformed definition (a task body that is not a mapping, a transition that is empty),
/// the malformed part is left out of the semantic and context checks and the schema check
/// reports it.
/// </summary>
internal static class WorkflowInspector
{
    private const string TasksSpecPath = "tasks";
    private const string TasksSchemaPath = "properties.tasks";
    private const string TaskSchemaPath = TasksSchemaPath + ".patternProperties.^\\w+$";

    private static readonly Comparer<string> CodePoints = Comparer<string>.Create(PyOps.CompareCodePoints);

    // Adds an error unless the category already holds the most a result reports.
    private static void Add(List<InspectionError> errors, InspectionError error)
    {
        if (errors.Count < InspectionResult.MaxErrorsPerCategory) errors.Add(error);
    }

    public static InspectionResult Inspect(WorkflowSpec spec, IReadOnlyCollection<string>? contextNames)
    {
        var syntax = InspectSyntax(spec);
        var semantics = new SemanticsInspector(spec).Inspect();
        var expressions = new ExpressionsInspector(spec).Inspect();
        var context = new ContextInspector(spec).Inspect(contextNames ?? []);
        return new InspectionResult(Sort(syntax), Sort(semantics), Sort(expressions), Sort(context));
    }

    // inspect() sorts each category by (schema_path, spec_path), stably; None sorts first here
    // (Python cannot compare it, but only one root error of a kind can have it).
    private static InspectionError[] Sort(List<InspectionError> errors) =>
        errors.OrderBy(e => e.SchemaPath ?? string.Empty, CodePoints).ThenBy(e => e.SpecPath ?? string.Empty, CodePoints).ToArray();

    private static string Index(int i) => "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

    private static List<InspectionError> InspectSyntax(WorkflowSpec spec) =>
        SchemaValidator.Validate(spec.Definition, WorkflowSchema.Workflow)
            .Take(InspectionResult.MaxErrorsPerCategory)
            .Select(e => new InspectionError(
                PyText.UnicodeEscapeDecode(e.Message),
                SchemaValidator.RenderPath(e.Path),
                SchemaValidator.RenderPath(e.SchemaPath)))
            .ToList();

    private static bool TasksAreMapping(WorkflowSpec spec) => spec.Definition.GetValueOrDefault("tasks") is DictValue { Count: > 0 };

    /// <summary>The task mapping's checks: reserved names, start tasks, undefined tasks, unreachable joins, with-items tasks without an action.</summary>
    private sealed class SemanticsInspector(WorkflowSpec spec)
    {
        private readonly TaskMappingSpec _tasks = spec.Tasks;
        private readonly List<InspectionError> _errors = [];

        public List<InspectionError> Inspect()
        {
            if (!TasksAreMapping(spec)) return _errors;
            DetectReservedNames();
            DetectStartTasks();
            DetectUndefinedTasks();
            DetectUnreachableTasks();
            DetectActionlessWithItems();
            return _errors;
        }

        private void Error(string message, string specPath, string schemaPath) => Add(_errors, new InspectionError(message, specPath, schemaPath));

        private void DetectReservedNames()
        {
            foreach (var task in _tasks)
            {
                if (TaskMappingSpec.IsEngineCommand(task.Name)) Error($"The task name \"{task.Name}\" is reserved with special function.", TasksSpecPath + "." + task.Name, TaskSchemaPath);
            }
        }

        private void DetectStartTasks()
        {
            if (_tasks.Count > 0 && _tasks.GetStartTasks().Count == 0)
            {
                Error(
                    "Unable to identify any tasks to start the workflow. If the workflow has a loop, please add a task that serves as an entry point (or lead) into the loop.",
                    TasksSpecPath,
                    TasksSchemaPath);
            }
        }

        private void DetectUndefinedTasks()
        {
            var traversed = new HashSet<string>(StringComparer.Ordinal);
            var queued = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>(_tasks.GetStartTasks());
            while (queue.Count > 0)
            {
                var name = queue.Dequeue();
                traversed.Add(name);
                var task = _tasks.GetTask(name);
                if (task is null) continue;
                foreach (var transition in task.Next)
                {
                    foreach (var target in transition.Targets)
                    {
                        if (target is string next && traversed.Contains(next)) continue;
                        if (target is string known && _tasks.HasTask(known))
                        {
                            if (!TaskMappingSpec.IsEngineCommand(known) && queued.Add(known)) queue.Enqueue(known);
                        }
                        else
                        {
                            Error(
                                $"The task \"{PyRepr.Str(target)}\" is not defined.",
                                TasksSpecPath + "." + name + ".next" + Index(transition.Index) + ".do",
                                TaskSchemaPath + ".properties.next.items.properties.do");
                        }
                    }
                }
            }
        }

        private sealed class Staged(string name, bool join)
        {
            public string Name { get; } = name;

            public bool Join { get; } = join;

            public HashSet<string> Splits { get; } = new(StringComparer.Ordinal);

            public HashSet<string> Prev { get; } = new(StringComparer.Ordinal);
        }

        // A join is unreachable when its inbound branches come from different nesting of splits.
        // Identical queue entries are processed once: they could only repeat what the first did.
        private void DetectUnreachableTasks()
        {
            var staging = new List<Staged>();
            var byName = new Dictionary<string, Staged>(StringComparer.Ordinal);
            var trackSplits = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<(string? Prev, string Name, List<string> Splits)>();
            foreach (var start in _tasks.GetStartTasks()) queue.Enqueue((null, start, []));
            while (queue.Count > 0)
            {
                var (prev, name, splits) = queue.Dequeue();
                if (!_tasks.Contains(name)) continue;
                if (_tasks.IsSplitTask(name) && !_tasks.InCycle(name)) splits.Add(name);
                if (!byName.TryGetValue(name, out var staged))
                {
                    staged = new Staged(name, _tasks.IsJoinTask(name));
                    byName[name] = staged;
                    staging.Add(staged);
                }

                staged.Splits.UnionWith(splits);
                if (!string.IsNullOrEmpty(prev)) staged.Prev.Add(prev);
                foreach (var next in _tasks.GetNextTasks(name))
                {
                    if (byName.ContainsKey(next.TaskName) && _tasks.InCycle(next.TaskName)) continue;
                    var splitId = name + "_" + next.TaskName;
                    if (trackSplits.TryGetValue(splitId, out var existing) && existing.Count > 0)
                    {
                        if (splits.All(existing.Contains)) continue;
                        Enqueue(name, next.TaskName, splits);
                        existing.UnionWith(splits);
                    }
                    else
                    {
                        Enqueue(name, next.TaskName, splits);
                        trackSplits[splitId] = new HashSet<string>(splits, StringComparer.Ordinal);
                    }
                }
            }

            foreach (var staged in staging)
            {
                if (!staged.Join) continue;
                if (staged.Prev.Any(p => !byName[p].Splits.SetEquals(staged.Splits)))
                {
                    Error(
                        $"The join task \"{staged.Name}\" is unreachable. A join task is determined to be unreachable if there are nested forks from multi-referenced tasks that join on the said task. This is ambiguous to the workflow engine because it does not know at which level should the join occurs.",
                        TasksSpecPath + "." + staged.Name,
                        TaskSchemaPath);
                }
            }

            void Enqueue(string from, string to, List<string> splits)
            {
                var key = from + "\0" + to + "\0" + string.Join("\0", splits.Distinct().Order(StringComparer.Ordinal));
                if (seen.Add(key)) queue.Enqueue((from, to, [.. splits]));
            }
        }

        private void DetectActionlessWithItems()
        {
            foreach (var task in _tasks)
            {
                if (task.HasItems && !PyOps.IsTruthy(task.ActionValue)) Error("The action property is required for with items task.", TasksSpecPath + "." + task.Name, TaskSchemaPath);
            }
        }
    }

    /// <summary>Grammar errors of every expression, property by property as the reference walks them.</summary>
    private sealed class ExpressionsInspector(WorkflowSpec spec)
    {
        private readonly List<InspectionError> _errors = [];

        public List<InspectionError> Inspect()
        {
            var definition = spec.Definition;
            foreach (var property in new[] { "vars", "input", "output" }) Validate(definition.GetValueOrDefault(property), property, "properties." + property);
            if (!TasksAreMapping(spec))
            {
                Validate(definition.GetValueOrDefault("tasks"), TasksSpecPath, TasksSchemaPath);
                return _errors;
            }

            foreach (var task in spec.Tasks) InspectTask(task, TasksSpecPath + "." + task.Name, TaskSchemaPath);
            return _errors;
        }

        private void InspectTask(TaskSpec task, string specPath, string schemaPath)
        {
            var definition = task.Definition;
            Validate(task.Delay, specPath + ".delay", schemaPath + ".properties.delay");
            Validate(task.Join, specPath + ".join", schemaPath + ".properties.join");
            Members(definition.GetValueOrDefault("with"), ["items", "concurrency"], specPath + ".with", schemaPath + ".properties.with");
            Validate(task.ActionValue, specPath + ".action", schemaPath + ".properties.action");
            Validate(task.Input, specPath + ".input", schemaPath + ".properties.input");
            Members(definition.GetValueOrDefault("retry"), ["when", "count", "delay"], specPath + ".retry", schemaPath + ".properties.retry");
            var next = definition.GetValueOrDefault("next");
            if (next is not ListValue { Count: > 0 } items)
            {
                Validate(next, specPath + ".next", schemaPath + ".properties.next");
                return;
            }

            var transitions = task.Next.ToDictionary(t => t.Index);
            for (var i = 0; i < items.Count; i++)
            {
                var itemSpecPath = specPath + ".next" + Index(i);
                var itemSchemaPath = schemaPath + ".properties.next.items";
                if (!transitions.TryGetValue(i, out var transition))
                {
                    Validate(items[i], itemSpecPath, itemSchemaPath);
                    continue;
                }

                Validate(transition.Definition.GetValueOrDefault("when"), itemSpecPath + ".when", itemSchemaPath + ".properties.when");
                Validate(transition.PublishValue, itemSpecPath + ".publish", itemSchemaPath + ".properties.publish");
                Validate(transition.DoValue, itemSpecPath + ".do", itemSchemaPath + ".properties.do");
            }
        }

        // A nested spec (with, retry) is walked member by member when it is a non-empty mapping,
        // else validated as it stands.
        private void Members(object? value, string[] members, string specPath, string schemaPath)
        {
            if (value is not DictValue { Count: > 0 } dict)
            {
                Validate(value, specPath, schemaPath);
                return;
            }

            foreach (var member in members) Validate(dict.GetValueOrDefault(member), specPath + "." + member, schemaPath + ".properties." + member);
        }

        private void Validate(object? value, string specPath, string schemaPath)
        {
            if (value is null) return;
            IReadOnlyList<ExpressionError> found;
            try
            {
                found = ExpressionEvaluator.Validate(value);
            }
            catch (Exception e)
            {
                found = [new ExpressionError(null, PyRepr.Str(value), e.Message)];
            }

            foreach (var error in found) Add(_errors, new InspectionError(error.Message, specPath, schemaPath, error.Expression, error.Type));
        }
    }

    /// <summary>
    /// Variables referenced before assignment: the context grows with inputs, then vars, then
    /// along the task graph with what transitions publish, then outputs.
    /// </summary>
    private sealed class ContextInspector(WorkflowSpec spec)
    {
        private readonly List<InspectionError> _errors = [];

        public List<InspectionError> Inspect(IReadOnlyCollection<string> contextNames)
        {
            var rolling = new HashSet<string>(contextNames, StringComparer.Ordinal);
            var definition = spec.Definition;
            foreach (var property in new[] { "input", "vars", "tasks", "output" })
            {
                var value = definition.GetValueOrDefault(property);
                if (!PyOps.IsTruthy(value)) continue;
                if (property == "tasks")
                {
                    if (value is DictValue) rolling.UnionWith(InspectTasks(rolling));
                    continue;
                }

                rolling = InspectProperty(value, property, "properties." + property, rolling, isContextInput: true);
            }

            return _errors;
        }

        private HashSet<string> InspectTasks(HashSet<string> parent)
        {
            var tasks = spec.Tasks;
            var joinContexts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var traversed = new HashSet<string>(StringComparer.Ordinal);
            var queuedContexts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var rolling = new HashSet<string>(parent, StringComparer.Ordinal);
            var queue = new Queue<(string Name, HashSet<string>? Context)>();
            foreach (var start in tasks.GetStartTasks()) queue.Enqueue((start, new HashSet<string>(rolling, StringComparer.Ordinal)));
            while (queue.Count > 0)
            {
                var (name, queuedContext) = queue.Dequeue();
                traversed.Add(name);
                var taskContext = queuedContext is { Count: > 0 }
                    ? queuedContext
                    : joinContexts.GetValueOrDefault(name) ?? new HashSet<string>(StringComparer.Ordinal);
                var task = tasks.GetTask(name);
                if (task is null) continue;
                var specPath = TasksSpecPath + "." + name;
                taskContext = InspectTask(task, taskContext, specPath, TaskSchemaPath);
                rolling.UnionWith(taskContext);

                foreach (var transition in task.Next)
                {
                    // The reference inspects a transition once per target; the result is the same
                    // each time, so it is computed once and its errors repeated.
                    var targets = transition.Targets.Count > 0 ? transition.Targets : [null];
                    var before = _errors.Count;
                    var branch = InspectTransition(transition, taskContext, specPath + ".next" + Index(transition.Index), TaskSchemaPath + ".properties.next.items");
                    var found = _errors.GetRange(before, _errors.Count - before);
                    for (var t = 0; t < targets.Count; t++)
                    {
                        if (t > 0) AddRange(found);
                        var entry = targets[t];
                        if (entry is not string target || traversed.Contains(target) || !tasks.HasTask(target)) continue;
                        var next = tasks.GetTask(target)!;
                        if (!next.HasJoin)
                        {
                            if (!queuedContexts.TryGetValue(target, out var last) || !last.SetEquals(branch))
                            {
                                queue.Enqueue((target, branch));
                                queuedContexts[target] = branch;
                            }
                        }
                        else
                        {
                            if (!joinContexts.TryGetValue(target, out var joined)) joinContexts[target] = joined = new HashSet<string>(StringComparer.Ordinal);
                            joined.UnionWith(branch);
                            queue.Enqueue((target, null));
                        }
                    }
                }
            }

            return rolling;
        }

        private HashSet<string> InspectTask(TaskSpec task, HashSet<string> context, string specPath, string schemaPath)
        {
            var rolling = new HashSet<string>(context, StringComparer.Ordinal);
            var definition = task.Definition;
            rolling = InspectMember(definition.GetValueOrDefault("delay"), specPath + ".delay", schemaPath + ".properties.delay", rolling, false);
            if (definition.GetValueOrDefault("with") is DictValue { Count: > 0 } with)
            {
                var withSpecPath = specPath + ".with";
                var withSchemaPath = schemaPath + ".properties.with";
                var inner = InspectMember(with.GetValueOrDefault("items"), withSpecPath + ".items", withSchemaPath + ".properties.items", rolling, false);
                inner = InspectMember(with.GetValueOrDefault("concurrency"), withSpecPath + ".concurrency", withSchemaPath + ".properties.concurrency", inner, false);
                rolling.UnionWith(inner);
            }

            rolling = InspectMember(task.ActionValue, specPath + ".action", schemaPath + ".properties.action", rolling, false);
            rolling = InspectMember(task.Input, specPath + ".input", schemaPath + ".properties.input", rolling, false);
            return rolling;
        }

        private HashSet<string> InspectTransition(TaskTransitionSpec transition, HashSet<string> context, string specPath, string schemaPath)
        {
            var rolling = new HashSet<string>(context, StringComparer.Ordinal);
            rolling = InspectMember(transition.Definition.GetValueOrDefault("when"), specPath + ".when", schemaPath + ".properties.when", rolling, false);
            rolling = InspectMember(transition.PublishValue, specPath + ".publish", schemaPath + ".properties.publish", rolling, true);
            rolling = InspectMember(transition.DoValue, specPath + ".do", schemaPath + ".properties.do", rolling, false);
            return rolling;
        }

        private HashSet<string> InspectMember(object? value, string specPath, string schemaPath, HashSet<string> rolling, bool isContextInput) =>
            PyOps.IsTruthy(value) ? InspectProperty(value, specPath, schemaPath, rolling, isContextInput) : rolling;

        // A string with inline parameters is read as their list; a list is read item by item,
        // each item's names joining the context before the next is read.
        private HashSet<string> InspectProperty(object? value, string specPath, string schemaPath, HashSet<string> rolling, bool isContextInput)
        {
            if (value is string text)
            {
                var inline = InlineParameters.ParseList(text);
                if (inline.Count > 0) value = inline;
            }

            if (value is not ListValue list) return InspectValue(value, specPath, schemaPath, rolling, isContextInput);
            for (var i = 0; i < list.Count; i++) rolling = InspectValue(list[i], specPath + Index(i), schemaPath, rolling, isContextInput);
            return rolling;
        }

        private HashSet<string> InspectValue(object? value, string specPath, string schemaPath, HashSet<string> rolling, bool isContextInput)
        {
            foreach (var variable in ExpressionEvaluator.ExtractVariables(value))
            {
                if (variable.Name.StartsWith("__", StringComparison.Ordinal))
                {
                    Error(variable, $"Variable \"{variable.Name}\" that is prefixed with double underscores is considered a private variable and cannot be referenced.", specPath, schemaPath);
                }

                if (!rolling.Contains(variable.Name)) Error(variable, $"Variable \"{variable.Name}\" is referenced before assignment.", specPath, schemaPath);
            }

            // Every caller owns the set it passes, so names are added in place.
            if (!isContextInput) return rolling;
            var updated = rolling;
            switch (value)
            {
                case DictValue dict:
                    updated.UnionWith(dict.Keys.OfType<string>());
                    break;
                case ListValue list:
                    foreach (var item in list)
                    {
                        if (item is string name) updated.Add(name);
                        else if (item is DictValue { Count: 1 } single) updated.UnionWith(single.Keys.OfType<string>());
                    }

                    break;
                case string name:
                    updated.Add(name);
                    break;
            }

            return updated;
        }

        private void Error(VariableReference variable, string message, string specPath, string schemaPath) =>
            Add(_errors, new InspectionError(message, specPath, schemaPath, variable.Expression, variable.Type));

        private void AddRange(List<InspectionError> errors)
        {
            var room = InspectionResult.MaxErrorsPerCategory - _errors.Count;
            if (room > 0) _errors.AddRange(errors.Count <= room ? errors : errors.GetRange(0, room));
        }
    }
}
