# Random workflows of data flow: publishes, runtime expression errors, with-items with item mocks,
# retries, reruns of named tasks. Same output as gen_graphs.py. See README.md.
import random, sys, os, yaml

EXPRS_OK = ["<% ctx(n) + 1 %>", "<% result() %>", "{{ result() }}", "<% task().task_id %>", "{{ task().task_id }}",
            "<% ctx(names).len() %>", "{{ ctx('names') | length }}", "<% ctx().keys().len() > 0 %>", "<% str(result()) %>",
            "<% task_status(t0) %>", "{{ task_status('t0') }}", "<% ctx(names).select($.toUpper()) %>", "<% ctx(acc) + [ctx(n)] %>",
            "<% result().get('k', 0) %>" , "<% dict(a => ctx(n)) %>", "<% ctx(names)[0] %>", "{{ ctx('names')[0] }}",
            "<% succeeded() %>", "<% task().result %>", "{{ task().result }}", "<% len(ctx(names)) * 2 %>"]
EXPRS_BAD = ["<% result().x %>", "<% ctx(nope) %>", "{{ ctx('nope') }}", "<% 1 / 0 %>", "<% ctx(names)[10] %>",
             "{{ 1 / 0 }}", "<% int('x') %>", "{{ result()['x'] }}", "<% ctx(n).foo() %>", "{{ ctx().n.foo() }}"]

def gen(seed):
    r = random.Random(seed)
    n = r.randint(2, 7)
    ids = ["t%d" % i for i in range(n)]
    wf = {"version": 1.0, "description": "diff2 %d" % seed,
          "input": [{"n": r.randint(0, 3)}, {"names": ["ann", "bob", "cat"][: r.randint(0, 3)]}],
          "vars": [{"acc": []}, {"r": None}, {"nope": 1} if r.random() < 0.5 else {"z": 0}]}
    tasks = {}
    items_tasks = []
    for i, tid in enumerate(ids):
        t = {}
        k = r.random()
        if k < 0.3 and i > 0:
            t["with"] = {"items": r.choice(["<% ctx(names) %>", "x in <% ctx(names) %>", "<% range(ctx(n)) %>", "x, y in <% zip(ctx(names), ctx(names)) %>"])}
            if r.random() < 0.5: t["with"]["concurrency"] = r.choice([1, 2, "<% ctx(n) %>"])
            t["action"] = "core.echo"
            t["input"] = {"message": r.choice(["<% item() %>", "{{ item() }}", "<% str(item()) %>"]) if "x" not in t["with"]["items"] else ("<% item(x) %>" if "y" not in t["with"]["items"] else "<% item(x) + item(y) %>")}
            items_tasks.append(tid)
        else:
            t["action"] = r.choice(["core.noop", "core.echo message=<% ctx(n) %>", "core.local cmd='echo {{ ctx(\"n\") }}'"])
            if r.random() < 0.3: t["input"] = {"v": r.choice(EXPRS_OK + EXPRS_BAD[:3])}
        if r.random() < 0.2:
            t["retry"] = {"count": r.choice([1, 2, "<% ctx(n) %>"])}
            if r.random() < 0.5: t["retry"]["when"] = r.choice(["<% failed() %>", "<% result() = 'x' %>", "{{ failed() }}"])
            if r.random() < 0.4: t["retry"]["delay"] = r.choice([1, "<% ctx(n) %>"])
        if r.random() < 0.1: t["delay"] = r.choice([2, "<% ctx(n) %>"])
        nxt = []
        if i < n - 1:
            for _ in range(r.choice([1, 1, 2, 2, 3])):
                tr = {}
                w = r.random()
                if w < 0.4: tr["when"] = "<% succeeded() %>"
                elif w < 0.6: tr["when"] = "<% failed() %>"
                elif w < 0.7: tr["when"] = r.choice(EXPRS_BAD[:6])
                elif w < 0.8: tr["when"] = "<% completed() %>"
                tgt = r.sample(ids[i + 1:], r.randint(1, min(2, len(ids) - i - 1)))
                if r.random() < 0.1: tgt.append(r.choice(["fail", "noop", "continue"]))
                tr["do"] = tgt
                if r.random() < 0.6:
                    pubs = []
                    for _ in range(r.randint(1, 3)):
                        name = r.choice(["r", "acc", "q", "n"])
                        pubs.append({name: r.choice(EXPRS_OK + EXPRS_BAD) if r.random() < 0.85 else r.choice(EXPRS_BAD)})
                    tr["publish"] = pubs
                nxt.append(tr)
        if nxt: t["next"] = nxt
        tasks[tid] = t
    wf["tasks"] = tasks
    wf["output"] = [{"r": r.choice(["<% ctx(r) %>", "{{ ctx('r') }}"])}, {"acc": "<% ctx(acc) %>"}] + ([{"bad": r.choice(EXPRS_BAD)}] if r.random() < 0.2 else [])
    mocks = []
    for tid in ids:
        if tid in items_tasks:
            for it in range(3):
                if r.random() < 0.4:
                    mocks.append({"task_id": tid, "item_id": it, "status": r.choice(["failed", "succeeded", "succeeded"]), "result": r.choice(["x", 1, {"k": 2}])})
        elif r.random() < 0.45:
            m = {"task_id": tid, "status": r.choice(["failed", "succeeded", "succeeded"]), "result": r.choice(["x", 7, {"k": 3, "x": 1}, None, [1, 2]])}
            if r.random() < 0.3: m["num_iter"] = r.randint(2, 3)
            mocks.append(m)
    spec = {"workflow": None, "inputs": {"n": r.randint(0, 3), "names": ["a", "b", "c"][: r.randint(0, 3)]} if r.random() < 0.6 else {}, "mock_action_executions": mocks}
    if r.random() < 0.35:
        ph = {"mock_action_executions": []}
        if r.random() < 0.5:
            ph["rerun_tasks"] = [dict({"task_id": r.choice(ids)}, **({"reset_items": True} if r.random() < 0.5 else {}))]
        spec["rerun"] = [ph]
    return wf, spec

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from gen_graphs import write_cases
    write_cases(gen, sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
