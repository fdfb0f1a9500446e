# Random workflow graphs (splits, joins, cycles, engine commands, with-items, retries) and mocks,
# written as rehearsal inputs for reference_rehearse.py. See README.md.
import random, sys, os, yaml, json

def gen(seed):
    r = random.Random(seed)
    n = r.randint(2, 8)
    ids = ["t%d" % i for i in range(n)]
    tasks = {}
    wf = {"version": 1.0, "description": "diff %d" % seed}
    wf["input"] = [{"n": r.randint(0, 3)}, {"names": ["ann", "bob", "cat"][: r.randint(0, 3)]}, "opt"] if r.random() < 0.95 else ["opt"]
    wf["vars"] = [{"c": 0}, {"log": []}, {"x": r.choice([0, "a", None, 1.5])}, {"y": r.choice([0, "", [1]])}]
    joins = set()
    items = set()
    for i, tid in enumerate(ids):
        t = {}
        kind = r.random()
        if kind < 0.12:
            pass  # no action
        elif kind < 0.25:
            t["action"] = 'core.echo message="%s"' % tid
        elif kind < 0.35 and i > 0:
            t["with"] = r.choice(["<% ctx(names) %>", "x in <% ctx(names) %>", "{{ ctx('names') }}", "<% range(0, 3) %>"])
            if r.random() < 0.5:
                t["with"] = {"items": t["with"], "concurrency": r.randint(1, 3)}
            t["action"] = "core.echo"
            t["input"] = {"message": r.choice(["<% item() %>", "{{ item() }}", "<% item(x) %>" if "x in" in str(t["with"]) else "<% item() %>"])}
            items.add(tid)
        else:
            t["action"] = "core.noop"
            if r.random() < 0.3:
                t["input"] = {"v": r.choice(["<% ctx(c) %>", "{{ ctx('x') }}", "<% ctx(n) * 2 %>", "<% task_status(t0) %>"])}
        if r.random() < 0.15:
            t["retry"] = {"count": r.randint(1, 3)}
            if r.random() < 0.5: t["retry"]["when"] = r.choice(["<% failed() %>", "<% result() = 'x' %>", "<% succeeded() %>"])
            if r.random() < 0.3: t["retry"]["delay"] = 1
        if r.random() < 0.1: t["delay"] = r.randint(1, 5)
        if i > 0 and r.random() < 0.25:
            t["join"] = r.choice(["all", "all", 1, 2])
            joins.add(tid)
        nxt = []
        for k in range(r.choice([0, 1, 1, 1, 2, 2, 3]) if i < n - 1 else r.choice([0, 0, 1])):
            tr = {}
            w = r.random()
            if w < 0.35: tr["when"] = "<% succeeded() %>"
            elif w < 0.5: tr["when"] = "<% failed() %>"
            elif w < 0.58: tr["when"] = "<% completed() %>"
            elif w < 0.66: tr["when"] = "{{ succeeded() and ctx('n') > 1 }}"
            elif w < 0.74: tr["when"] = "<% ctx(c) < 2 %>"
            elif w < 0.8: tr["when"] = "<% result() = 'x' %>"
            targets = []
            for _ in range(r.choice([1, 1, 1, 2, 3])):
                if i < n - 1 and r.random() < 0.85:
                    targets.append(r.choice(ids[i + 1:]))
                elif r.random() < 0.5:
                    targets.append(r.choice(["fail", "noop", "continue", "retry"]))
                else:
                    targets.append(r.choice(ids[: i + 1]))  # back edge: cycle
            targets = list(dict.fromkeys(targets))
            if targets and r.random() < 0.9:
                tr["do"] = targets if r.random() < 0.6 else ", ".join(targets)
            if r.random() < 0.5:
                pub = r.choice([
                    [{"c": "<% ctx(c) + 1 %>"}],
                    [{"log": "<% ctx(log) + [task().task_id] %>"}],
                    [{"x": "<% result() %>"}],
                    [{"x": "{{ result() }}"}, {"c": "{{ ctx('c') + 1 }}"}],
                    "c=<% ctx(c) + 1 %> x=<% task().task_id %>",
                    [{"y": "<% ctx(missing) %>"}] if r.random() < 0.03 else [{"y": "<% len(ctx(log)) %>"}],
                ])
                tr["publish"] = pub
            nxt.append(tr)
        if nxt: t["next"] = nxt
        tasks[tid] = t
    wf["tasks"] = tasks
    if r.random() < 0.7:
        wf["output"] = r.choice([[{"c": "<% ctx(c) %>"}, {"x": "<% ctx(x) %>"}], [{"log": "{{ ctx('log') }}"}], [{"y": "<% ctx(y) %>"}], [{"all": "<% ctx().keys() %>"}]])
    mocks = []
    for tid in ids:
        if tid in items:
            for it in range(3):
                if r.random() < 0.3:
                    mocks.append({"task_id": tid, "item_id": it, "status": r.choice(["failed", "succeeded"]), "result": r.choice(["x", 1, None])})
        elif r.random() < 0.35:
            m = {"task_id": tid, "status": r.choice(["failed", "failed", "succeeded", "succeeded", "canceled", "timeout", "timeout", "abandoned"]), "result": r.choice(["x", 7, {"k": [1, 2]}, None, "ok"])}
            if r.random() < 0.3: m["num_iter"] = r.randint(1, 3)
            mocks.append(m)
    spec = {"workflow": None, "inputs": {}, "mock_action_executions": mocks}
    if r.random() < 0.5: spec["inputs"] = {"n": r.randint(0, 3), "names": ["a", "b"]}
    if r.random() < 0.15: spec["rerun"] = [{"mock_action_executions": []}]
    return wf, spec

def write_cases(gen, out, start, count):
    """Writes cases start..start+count-1 of gen as workflow files (out/wf) and rehearsal inputs (out/in)."""
    os.makedirs(out + "/wf", exist_ok=True); os.makedirs(out + "/in", exist_ok=True)
    for s in range(start, start + count):
        wf, spec = gen(s)
        p = "%s/wf/c%05d.yaml" % (out, s)
        with open(p, "w") as f: yaml.safe_dump(wf, f, sort_keys=False)
        spec["workflow"] = p
        with open("%s/in/c%05d.yaml" % (out, s), "w") as f: yaml.safe_dump(spec, f, sort_keys=False)

if __name__ == "__main__":
    write_cases(gen, sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
