# Random mutations of generated workflows (bad keys, types, targets, names, expressions), with
# what the reference's inspection returns, as inspection vectors. See README.md.
import copy, json, os, random, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_graphs import gen
from orquesta.specs import native

def mutate(wf, r):
    wf = copy.deepcopy(wf)
    tasks = wf["tasks"]; names = list(tasks)
    for _ in range(r.randint(1, 3)):
        k = r.randint(0, 22); t = tasks[r.choice(names)]
        if k == 0: t["bogus"] = 1
        elif k == 1: t["action"] = r.choice([1, ["a"], {"a": 1}, "", None])
        elif k == 2: t.setdefault("next", []).append({"do": "nosuch"})
        elif k == 3: t["join"] = r.choice(["any", 0, -1, "all", 1.5, True])
        elif k == 4: t["with"] = r.choice([{"items": 1}, {"concurrency": 2}, {"items": "x in <% ctx(names) %>", "concurrency": "a"}, "", {"items": "<% $.x( %>"}])
        elif k == 5: t["retry"] = r.choice([{"when": "<% failed() %>"}, {"count": "x"}, {"count": 2, "delay": -1}, 5, {"count": 1, "bad": 1}])
        elif k == 6: t["input"] = r.choice(["abc", 5, {"a": "<% ctx(undefined_var) %>"}, {"a": "{{ ctx('undefined') }}"}, {"a": "<% ctx( %>"}, {"a": "{{ ctx( }}"}, {"a": "<% 1 %> {{ 2 }}"}])
        elif k == 7: t["next"] = r.choice(["t1", {"do": "t1"}, [{"when": 5}], [{"publish": 5}], [{"publish": ["a=1"]}], [{"do": 5}], [{"publish": [{"a": 1, "b": 2}]}], [{"bad": 1}]])
        elif k == 8: tasks[r.choice(["noop", "fail", "continue", "retry"])] = {"action": "core.noop"}
        elif k == 9: wf["version"] = r.choice([2.0, "1.0", "2", None, True])
        elif k == 10: wf["input"] = r.choice([[1], [{"a": 1, "b": 2}], "a", [{"a": 1}, {"a": 2}], ["a", "a"]])
        elif k == 11: wf["vars"] = r.choice([[1], {"a": 1}, [{"a": "<% ctx(zz) %>"}], [{"__x": 1}], [{"a": "<% ctx(__x) %>"}]])
        elif k == 12: wf["output"] = r.choice([[{"a": "<% ctx(zz) %>"}], {"a": 1}, [{"o": "<% $.x %>"}], [{"o": "<% ctx().x %>"}]])
        elif k == 13: t["delay"] = r.choice(["x", -1, "<% ctx(n) %>", 1.5, "<% ctx(zz) %>"])
        elif k == 14: wf["bogus_root"] = 1
        elif k == 15: wf["description"] = r.choice(["", 5])
        elif k == 16:
            # make a cycle with no entry
            a, b = r.sample(names, 2) if len(names) > 1 else (names[0], names[0])
            tasks[a]["next"] = [{"do": b}]; tasks[b]["next"] = [{"do": a}]
        elif k == 17: t["next"] = [{"when": "<% succeeded( %>", "do": names[-1]}]
        elif k == 18: t["next"] = [{"publish": "x=<% ctx(nope) %> y=<% ctx(x) %>", "do": names[-1]}]
        elif k == 19: tasks["bad-name"] = {"action": "core.noop"}
        elif k == 20: t["action"] = "core.echo message=<% ctx(zz) %> a={{ ctx('qq') }}"
        elif k == 21: t["next"] = [{"do": [names[0], names[0]]}]
        elif k == 22: t["with"] = {"items": "a, b in <% zip(ctx(names), ctx(names)) %>"}; t["action"] = "core.echo"; t["input"] = {"m": "<% item(a) %> <% item(c) %>"}
    return wf

out = open(sys.argv[1], "w"); n = 0
for s in range(int(sys.argv[2]), int(sys.argv[2]) + int(sys.argv[3])):
    r = random.Random(s)
    wf, _ = gen(s)
    wf = mutate(wf, r) if r.random() < 0.9 else wf
    try:
        errors = native.WorkflowSpec(copy.deepcopy(wf)).inspect()
        line = json.dumps({"workflow": wf, "errors": errors})
    except Exception as e:
        continue
    out.write(line + "\n"); n += 1
print(n)
