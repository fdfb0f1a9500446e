using System.Runtime.CompilerServices;
using Orquesta.Azure.Conductor.Expressions.Yaql.Library;
using Orquesta.Azure.Conductor.Expressions.Yaql.Syntax;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// Evaluates a parsed YAQL expression the way yaql's runner does: every operator and function call
/// is resolved by name among the overloads registered for it, level by level (functions defined
/// with <c>def()</c>, then Orquesta's, then the standard library, then the fallbacks), with yaql's
/// rules (yaql/language/runner.py): arguments are mapped to parameters, constants type-checked,
/// the other arguments evaluated unless the parameter is lazy, candidates type-checked again, and
/// the most specialized one called.
/// </summary>
internal sealed class Interpreter(ExpressionScope scope)
{
    /// <summary>The deepest nesting of function calls, as Python's recursion limit bounds yaql's.</summary>
    public const int MaxCallDepth = 400;

    /// <summary>The longest string an expression may build (yaql's memory quota; Python would grow until memory runs out).</summary>
    public const int MaxStringLength = 1 << 24;

    /// <summary>The most items a collection built by an expression may hold (yaql's memory quota).</summary>
    public const int MaxItems = 1_000_000;

    /// <summary>The most items one generator may produce (yaql's iterator limit), so that <c>sequence()</c> cannot run forever.</summary>
    public const long MaxIterations = 1_000_000;

    private int _depth;

    public ExpressionScope Scope { get; } = scope;

    public YaqlContext Root { get; } = YaqlContext.Root(scope);

    /// <summary>Evaluates a node with a receiver (<see cref="NoValue.Instance"/> for none) in a context.</summary>
    public object? Evaluate(Node node, object? receiver, YaqlContext context)
    {
        switch (node)
        {
            case ConstantNode constant: return constant.Value;
            case ContextValueNode variable: return context.Get(variable.Normalized);
            case WrapNode wrap: return Evaluate(wrap.Inner, receiver, context);
            case MappingRuleNode rule: return new MappingRule(Evaluate(rule.Source, receiver, context), Evaluate(rule.Destination, receiver, context));
            case FunctionNode call:
                // receiver.method(...) is '#operator_.'(receiver, method(...)); the only overload that
                // takes a call on its right is op_dot, which calls the method on the receiver.
                if (call.Name == "#operator_." && call.Args is [Node left, FunctionNode { UsesReceiver: true } method])
                {
                    var target = Evaluate(left, NoValue.Instance, context);
                    return Dispatch(method.Name, context, method.Args, null, target, method);
                }

                return Dispatch(call.Name, context, call.Args, null, receiver, call);
            default:
                throw new InvalidOperationException("Unknown YAQL node " + node.GetType().Name);
        }
    }

    /// <summary>Calls a function by name with evaluated arguments (yaql's <c>Delegate</c>).</summary>
    public object? CallFunction(string name, YaqlContext context, object?[] args, Dictionary<string, object?>? kwargs) =>
        Dispatch(name, context, args, kwargs, NoValue.Instance, null);

    /// <summary>Calls a method by name with evaluated arguments.</summary>
    public object? CallMethod(string name, YaqlContext context, object? receiver, object?[] args, Dictionary<string, object?>? kwargs) =>
        Dispatch(name, context, args, kwargs, receiver, null);

    private static readonly Dictionary<string, object?> NoKwargs = new(StringComparer.Ordinal);

    private static readonly Func<FunctionDef, bool> IsMethod = f => f.IsMethod;

    private static readonly Func<FunctionDef, bool> IsFunction = f => f.IsFunction;

    private object? Dispatch(string name, YaqlContext context, object?[] args, Dictionary<string, object?>? kwargs, object? receiver, FunctionNode? site)
    {
        _depth++;
        try
        {
            if (_depth > MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw YaqlErrors.Recursion();
            var hasReceiver = receiver is not NoValue;

            // Lookups ignore trailing underscores (yaql's get_functions); messages keep the name as called.
            var lookup = name.EndsWith('_') ? name.TrimEnd('_') : name;
            CallPlan? plan;
            if (site is not null && !hasReceiver && kwargs is null && !context.HasFunctions)
            {
                plan = site.DispatchCache as CallPlan;
                if (plan is null)
                {
                    plan = CallPlan.Build(name, YaqlLibrary.Levels(lookup, false), args, NoKwargs, false);
                    site.DispatchCache = plan;
                }
            }
            else
            {
                var levels = YaqlLibrary.Levels(lookup, hasReceiver);
                if (context.HasFunctions)
                {
                    // Static predicates: a lambda over hasReceiver would allocate a closure on every call.
                    var defined = context.CollectDefined(lookup, hasReceiver ? IsMethod : IsFunction);
                    if (defined.Count > 0) levels = [.. defined.Select(l => l.ToArray()), .. levels];
                }

                var all = hasReceiver ? [receiver, .. args] : args;
                plan = CallPlan.Build(name, levels, all, kwargs ?? NoKwargs, hasReceiver);
            }

            return Call(plan, name, context, receiver, hasReceiver);
        }
        finally
        {
            _depth--;
        }
    }

    private object? Call(CallPlan plan, string name, YaqlContext context, object? receiver, bool hasReceiver)
    {
        if (plan.Error is { } error) throw error(receiver);

        // Evaluate the arguments that are not lazy (constants stay as they are).
        var args = plan.Args;
        object?[]? evaluated = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is Node node and not ConstantNode && !plan.IsLazy(i))
            {
                evaluated ??= (object?[])args.Clone();
                evaluated[i] = Evaluate(node, NoValue.Instance, context);
            }
        }

        var positional = evaluated ?? args;
        var kwargs = plan.Kwargs;
        if (kwargs.Count > 0)
        {
            var copy = new Dictionary<string, object?>(kwargs, StringComparer.Ordinal);
            foreach (var (key, value) in kwargs)
            {
                if (value is Node node and not ConstantNode && !plan.IsLazyKey(key)) copy[key] = Evaluate(node, NoValue.Instance, context);
            }

            kwargs = copy;
        }

        FunctionDef? winner = null;
        ArgMapping? winnerMapping = null;
        Prepared? prepared = null;
        foreach (var level in plan.Candidates)
        {
            foreach (var (candidate, mapping) in level)
            {
                var p = Prepare(candidate, positional, kwargs, ownsArgs: evaluated is not null);
                if (p is null) continue;
                if (winner is not null)
                {
                    if (IsSpecializationOf(winnerMapping!, mapping)) continue;
                    if (!IsSpecializationOf(mapping, winnerMapping!)) throw hasReceiver ? YaqlErrors.AmbiguousMethod(name, receiver) : YaqlErrors.AmbiguousFunction(name);
                }

                winner = candidate;
                winnerMapping = mapping;
                prepared = p;
            }

            if (winner is not null) break;
        }

        if (winner is null) throw hasReceiver ? YaqlErrors.NoMatchingMethod(name, receiver) : YaqlErrors.NoMatchingFunction(name);
        return Invoke(winner, prepared!.Value, context, receiver);
    }

    private object? Invoke(FunctionDef function, Prepared prepared, YaqlContext context, object? receiver)
    {
        var invocation = new Invocation(this, context, receiver, function, [], null);
        // The values array was made for this call by Prepare: converted in place.
        var values = prepared.Values;
        for (var i = 0; i < values.Length; i++) values[i] = prepared.Params[i].Type.Convert(values[i], invocation);
        invocation.Args = values;
        if (prepared.Keywords is { Count: > 0 } keywords)
        {
            var kw = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, (value, param)) in keywords) kw[key] = param.Type.Convert(value, invocation);
            invocation.Kwargs = kw;
        }

        return function.Body(invocation);
    }

    /// <summary>The arguments a candidate accepts after evaluation (yaql's <c>get_delegate</c>): a value per call, never shared.</summary>
    private readonly record struct Prepared(object?[] Values, ParamDef[] Params, Dictionary<string, (object?, ParamDef)>? Keywords);

    // ownsArgs: args was made for this call (evaluated arguments), so that a candidate that takes
    // every argument as it is may keep the array as its values instead of copying it.
    private static Prepared? Prepare(FunctionDef function, object?[] args, Dictionary<string, object?> kwargs, bool ownsArgs)
    {
        var positional = function.Positional;
        var extra = Math.Max(0, args.Length - positional.Length);
        if (extra > 0 && function.VarArgs is null) return null;
        var values = positional.Length + extra == 0 ? []
            : ownsArgs && extra == 0 && kwargs.Count == 0 && args.Length == positional.Length && function.PositionalIsDense && !Array.Exists(args, a => a is NoValue) ? args
            : new object?[positional.Length + extra];
        // Without extra arguments each parameter sits at its own position: the function's array is the map.
        var shared = extra == 0 && function.PositionalIsDense;
        var parameters = shared ? positional : new ParamDef[positional.Length + extra];
        HashSet<string>? used = null;
        foreach (var p in positional)
        {
            var pos = p.Position;
            object? value;
            if (pos < args.Length && args[pos] is not NoValue)
            {
                if (kwargs.ContainsKey(p.Alias)) return null;
                value = args[pos];
            }
            else if (kwargs.TryGetValue(p.Alias, out var kv))
            {
                (used ??= new HashSet<string>(StringComparer.Ordinal)).Add(p.Alias);
                value = kv;
            }
            else if (p.HasDefault)
            {
                value = p.Default;
            }
            else
            {
                return null;
            }

            if (!p.Type.Check(value)) return null;
            values[pos] = value;
            if (!shared) parameters[pos] = p;
        }

        for (var i = 0; i < extra; i++)
        {
            var value = args[positional.Length + i];
            if (!function.VarArgs!.Type.Check(value)) return null;
            values[positional.Length + i] = value;
            parameters[positional.Length + i] = function.VarArgs;
        }

        Dictionary<string, (object?, ParamDef)>? keywords = null;
        if (kwargs.Count > (used?.Count ?? 0))
        {
            if (function.VarKw is null) return null;
            keywords = new Dictionary<string, (object?, ParamDef)>(StringComparer.Ordinal);
            foreach (var (key, value) in kwargs)
            {
                if (used is not null && used.Contains(key)) continue;
                if (!function.VarKw.Type.Check(value)) return null;
                keywords[key] = (value, function.VarKw);
            }
        }

        return new Prepared(values, parameters, keywords);
    }

    // yaql's _is_specialization_of: no parameter of m2 more specific than m1's, and one of m1's more specific.
    private static bool IsSpecializationOf(ArgMapping m1, ArgMapping m2)
    {
        var result = false;
        var n = Math.Min(m1.Positional.Length, m2.Positional.Length);
        for (var i = 0; i < n; i++)
        {
            var a1 = m1.Positional[i].Type;
            var a2 = m2.Positional[i].Type;
            if (a2.IsSpecializationOf(a1)) return false;
            if (a1.IsSpecializationOf(a2)) result = true;
        }

        foreach (var (key, p1) in m1.Keywords)
        {
            if (!m2.Keywords.TryGetValue(key, out var p2)) throw YaqlErrors.KeyError(key);
            if (p2.Type.IsSpecializationOf(p1.Type)) return false;
            if (p1.Type.IsSpecializationOf(p2.Type)) result = true;
        }

        return result;
    }

    /// <summary>
    /// The part of overload resolution that depends on the argument expressions only (yaql's
    /// <c>translate_args</c> and <c>map_args</c>), cached per call site for function calls.
    /// </summary>
    private sealed class CallPlan
    {
        private ulong _lazyPositions;
        private string _lazyKeys = string.Empty;

        public Func<object?, Exception>? Error { get; private init; }

        public object?[] Args { get; private init; } = [];

        public Dictionary<string, object?> Kwargs { get; private init; } = NoKwargs;

        public List<List<(FunctionDef, ArgMapping)>> Candidates { get; } = [];

        public bool IsLazy(int index) => index < 64 && (_lazyPositions & (1UL << index)) != 0;

        public bool IsLazyKey(string key) => _lazyKeys.Length > 0 && _lazyKeys.Split('\u0001').Contains(key, StringComparer.Ordinal);

        public static CallPlan Build(string name, FunctionDef[][] levels, object?[] args, Dictionary<string, object?> kwargs, bool hasReceiver)
        {
            if (levels.Length == 0)
            {
                return new CallPlan
                {
                    Error = hasReceiver ? r => YaqlErrors.NoMethodRegistered(name, r) : _ => YaqlErrors.NoFunctionRegistered(name),
                };
            }

            Func<object?, Exception> ambiguous = hasReceiver ? r => YaqlErrors.AmbiguousMethod(name, r) : _ => YaqlErrors.AmbiguousFunction(name);
            bool? noKwargs = null;
            object?[] positional = args;
            var keywords = kwargs;
            (ulong, string)? lazy = null;
            var candidates = new List<List<(FunctionDef, ArgMapping)>>();
            try
            {
                foreach (var level in levels)
                {
                    List<(FunctionDef, ArgMapping)>? matching = null;
                    foreach (var candidate in level)
                    {
                        if (noKwargs is null)
                        {
                            noKwargs = candidate.NoKwargs;
                            (positional, keywords) = TranslateArgs(candidate.NoKwargs, args, kwargs);
                        }
                        else if (noKwargs != candidate.NoKwargs)
                        {
                            return new CallPlan { Error = ambiguous };
                        }

                        var mapping = MapArgs(candidate, positional, keywords);
                        if (mapping is null) continue;
                        var signature = mapping.LazySignature();
                        if (lazy is null) lazy = signature;
                        else if (lazy != signature) return new CallPlan { Error = ambiguous };
                        (matching ??= []).Add((candidate, mapping));
                    }

                    if (matching is not null) candidates.Add(matching);
                }
            }
            catch (ExpressionRuntimeError e)
            {
                // Plans are shared between threads: each call raises an error of its own.
                return new CallPlan { Error = _ => new ExpressionRuntimeError(e.ErrorType, e.Message) };
            }

            if (candidates.Count == 0)
            {
                return new CallPlan
                {
                    Error = hasReceiver ? r => YaqlErrors.NoMatchingMethod(name, r) : _ => YaqlErrors.NoMatchingFunction(name),
                };
            }

            var plan = new CallPlan { Args = positional, Kwargs = keywords, _lazyPositions = lazy!.Value.Item1, _lazyKeys = lazy.Value.Item2 };
            plan.Candidates.AddRange(candidates);
            return plan;
        }

        private static (object?[], Dictionary<string, object?>) TranslateArgs(bool noKwargs, object?[] args, Dictionary<string, object?> kwargs)
        {
            if (noKwargs)
            {
                if (kwargs.Count > 0) throw YaqlErrors.Argument(kwargs.Keys.First());
                return (args, NoKwargs);
            }

            List<object?>? positional = null;
            Dictionary<string, object?>? keywords = null;
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is MappingRuleNode rule)
                {
                    if (positional is null)
                    {
                        positional = new List<object?>(args.Length);
                        for (var j = 0; j < i; j++) positional.Add(args[j]);
                    }

                    if (rule.Source is not KeywordConstantNode keyword) throw YaqlErrors.MappingTranslation();
                    (keywords ??= new Dictionary<string, object?>(StringComparer.Ordinal))[keyword.Name] = rule.Destination;
                }
                else
                {
                    positional?.Add(args[i]);
                }
            }

            if (kwargs.Count > 0)
            {
                keywords ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in kwargs)
                {
                    if (!keywords.TryAdd(key, value)) throw YaqlErrors.MappingTranslation();
                }
            }

            return (positional is null ? args : [.. positional], keywords ?? NoKwargs);
        }

        private static ArgMapping? MapArgs(FunctionDef function, object?[] args, Dictionary<string, object?> kwargs)
        {
            var slots = new ParamDef?[args.Length];
            if (function.VarArgs is not null) Array.Fill(slots, function.VarArgs);
            Dictionary<string, ParamDef>? keywordParams = null;
            HashSet<string>? remaining = kwargs.Count > 0 ? new HashSet<string>(kwargs.Keys, StringComparer.Ordinal) : null;
            foreach (var p in function.Positional)
            {
                var pos = p.Position;
                if (pos < args.Length && args[pos] is not NoValue)
                {
                    if (remaining is not null && remaining.Contains(p.Alias)) return null;
                    slots[pos] = p;
                }
                else if (remaining is not null && remaining.Remove(p.Alias))
                {
                    (keywordParams ??= new Dictionary<string, ParamDef>(StringComparer.Ordinal))[p.Alias] = p;
                }
                else if (!p.HasDefault)
                {
                    return null;
                }
                else if (pos < args.Length)
                {
                    slots[pos] = p;
                }
            }

            if (remaining is { Count: > 0 })
            {
                if (function.VarKw is null) return null;
                foreach (var key in remaining) (keywordParams ??= new Dictionary<string, ParamDef>(StringComparer.Ordinal))[key] = function.VarKw;
            }

            for (var i = 0; i < args.Length; i++)
            {
                var slot = slots[i];
                if (slot is null) return null;
                var value = args[i] is NoValue ? slot.Default : args[i];
                if (!slot.Type.Check(value)) return null;
            }

            if (remaining is not null)
            {
                foreach (var key in remaining)
                {
                    if (!keywordParams![key].Type.Check(kwargs[key])) return null;
                }
            }

            return new ArgMapping(slots!, keywordParams ?? new Dictionary<string, ParamDef>(StringComparer.Ordinal));
        }
    }
}
