# Random conductor API call sequences (events, pause/resume/cancel, reruns, serialization round
# trips) on random workflows, recorded from the reference in the corpus trace format. GEN names
# the workflow module: gen_graphs (default), gen_dataflow or gen_fixtures. See README.md.
import copy, json, random, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib
gen = importlib.import_module(os.environ.get("GEN", "gen_graphs")).gen
from orquesta import conducting, events, statuses, requests
from orquesta.specs import native

from reference_rehearse import fq

def visible(ctx): return {k: v for k, v in (ctx or {}).items() if not k.startswith("__")}

def next_tasks_record(tasks):
    out = []
    for t in tasks:
        rec = {"id": t["id"], "route": t["route"], "ctx": visible(t.get("ctx")),
               "actions": [dict({"action": a.get("action"), "input": a.get("input")}, **({"item_id": a["item_id"]} if "item_id" in a else {})) for a in t.get("actions", [])]}
        if "delay" in t: rec["delay"] = t["delay"]
        if "items_count" in t: rec["items_count"] = t["items_count"]
        if "concurrency" in t: rec["concurrency"] = t["concurrency"]
        out.append(rec)
    return out

# ITEMS=random: a with-items task's item events go to its first pending items in random order,
# some of them reporting running again, instead of one item after the other.
RANDOM_ITEMS = os.environ.get("ITEMS") == "random"

def run(seed):
    r = random.Random(seed * 7919 + (1 if RANDOM_ITEMS else 0))
    wf, spec = gen(seed)
    wf_spec = native.WorkflowSpec(copy.deepcopy(wf))
    if wf_spec.inspect(): return None
    inputs = spec.get("inputs") or {}
    if r.random() < 0.3: inputs = dict(inputs, extra=r.choice([1, "x", None]))
    context = r.choice([{}, {}, {"parent": {"a": 1}}, {"st2": {"user": "stanley"}}, {"x": 5, "__internal": 1}])
    c = conducting.WorkflowConductor(wf_spec, context=context, inputs=inputs)
    steps = []
    def status_call(st):
        rec = {"op": "request_workflow_status", "status": st}
        try:
            c.request_workflow_status(st); rec["workflow_status"] = c.get_workflow_status()
        except Exception as e:
            rec["raises"] = type(e).__name__
        steps.append(rec)
    status_call(statuses.RUNNING)
    pending = []   # (id, route, items_count)
    running = []   # (id, route, items_count, next_item)
    accum = {}
    for _ in range(r.randint(5, 40)):
        snap = json.dumps(c.serialize()); nsteps = len(steps)
        _step(r, c, steps, pending, running, accum, status_call)
        c = _STATE["c"]
        if len(steps) > nsteps and steps[-1].get("raises") in CRASHES and steps[-1]["op"] in ("update_task_state", "request_workflow_rerun"):
            # the reference crashed (a Python error, not an orquesta one): drop the call, undo its partial changes
            steps.pop(); c = conducting.WorkflowConductor.deserialize(json.loads(snap)); _STATE["dropped"] += 1
    return _finish(c, steps, wf, inputs, context, seed)

CRASHES = {"TypeError", "KeyError", "AttributeError", "IndexError", "ValueError"}
_STATE = {"dropped": 0}

def _step(r, c, steps, pending, running, accum, status_call):
    _STATE["c"] = c
    if True:
        ops = ["next", "next", "start", "start", "complete", "complete", "complete", "status", "roundtrip", "rerun"]
        op = r.choice(ops)
        if op == "next":
            try:
                tasks = c.get_next_tasks()
            except Exception as e:
                steps.append({"op": "get_next_tasks", "raises": type(e).__name__}); return
            steps.append({"op": "get_next_tasks", "tasks": next_tasks_record(tasks), "workflow_status": c.get_workflow_status()})
            for t in tasks:
                key = (t["id"], t["route"], t.get("items_count"))
                if key not in pending: pending.append(key)
        elif op == "start" and pending:
            t = pending.pop(r.randrange(len(pending)))
            ev = events.ActionExecutionEvent(statuses.RUNNING)
            rec = {"op": "update_task_state", "task_id": t[0], "route": t[1], "event": {"status": "running"}}
            try:
                c.update_task_state(t[0], t[1], ev)
                rec["workflow_status"] = c.get_workflow_status()
                rec["task_status"] = c.workflow_state.get_task(t[0], t[1]).get("status")
                running.append([t[0], t[1], t[2], 0])
            except Exception as e:
                rec["raises"] = type(e).__name__
            steps.append(rec)
        elif op == "complete" and running:
            t = running[r.randrange(len(running))]
            st = r.choice([statuses.SUCCEEDED] * 4 + [statuses.FAILED] * 2 + [statuses.CANCELED, statuses.EXPIRED, statuses.PAUSED, statuses.EXPIRED, statuses.ABANDONED, statuses.PENDING, statuses.CANCELING, statuses.PAUSING])
            result = r.choice([None, "x", 3, {"k": "v"}, [1, 2]])
            rec = {"op": "update_task_state", "task_id": t[0], "route": t[1]}
            if t[2] is not None and t[2] > 0:
                if RANDOM_ITEMS:
                    if not isinstance(t[3], list): t[3] = list(range(t[2]))
                    item = r.choice(t[3][:3])
                    if r.random() < 0.35: st = statuses.RUNNING
                else:
                    item = t[3]
                acc = accum.setdefault((t[0], t[1]), [])
                while len(acc) <= item: acc.append(None)
                if not RANDOM_ITEMS or st in statuses.COMPLETED_STATUSES: acc[item] = result
                else: result = None
                ev = events.TaskItemActionExecutionEvent(item, st, result=result, accumulated_result=copy.deepcopy(acc))
                rec["event"] = {"status": st, "result": result, "item_id": item, "accumulated_result": copy.deepcopy(acc)}
                if RANDOM_ITEMS:
                    if st in statuses.COMPLETED_STATUSES: t[3].remove(item)
                    if not t[3]: running.remove(t)
                else:
                    t[3] += 1
                    if t[3] >= t[2]: running.remove(t)
            else:
                ev = events.ActionExecutionEvent(st, result=result)
                rec["event"] = {"status": st, "result": result}
                if st not in (statuses.PAUSED, statuses.PENDING, statuses.CANCELING, statuses.PAUSING): running.remove(t)
            try:
                c.update_task_state(t[0], t[1], ev)
                rec["workflow_status"] = c.get_workflow_status()
                rec["task_status"] = c.workflow_state.get_task(t[0], t[1]).get("status")
            except Exception as e:
                rec["raises"] = type(e).__name__
            steps.append(rec)
        elif op == "status":
            status_call(r.choice([statuses.PAUSING, statuses.PAUSED, statuses.RESUMING, statuses.CANCELING, statuses.CANCELED, statuses.RUNNING, statuses.SUCCEEDED, statuses.FAILED]))
        elif op == "rerun":
            seq = c.workflow_state.sequence
            reqs = []
            if seq and r.random() < 0.7:
                e = r.choice(seq)
                reqs = [{"task_id": e["id"], "route": e["route"], "reset_items": r.random() < 0.3}]
            rec = {"op": "request_workflow_rerun", "task_requests": reqs}
            try:
                c.request_workflow_rerun(task_requests=[requests.TaskRerunRequest(q) for q in reqs] or None)
                rec["workflow_status"] = c.get_workflow_status()
                pending.clear(); running.clear()
            except Exception as e:
                rec["raises"] = type(e).__name__
            steps.append(rec)
        elif op == "roundtrip":
            c = conducting.WorkflowConductor.deserialize(json.loads(json.dumps(c.serialize())))
            _STATE["c"] = c
            steps.append({"op": "serialize_roundtrip"})

def _finish(c, steps, wf, inputs, context, seed):
    if c.get_workflow_status() in statuses.COMPLETED_STATUSES:
        try:
            out = c.render_workflow_output()
            steps.append({"op": "render_workflow_output", "output": c.get_workflow_output(), "workflow_status": c.get_workflow_status()})
        except Exception as e:
            steps.append({"op": "render_workflow_output", "raises": type(e).__name__})
    final = {"workflow_status": c.get_workflow_status(),
             "task_sequence": [fq(e["id"], e["route"]) for e in c.workflow_state.sequence],
             "routes": c.workflow_state.routes, "errors": c.errors, "output": c.get_workflow_output(),
             "term_tasks": sorted(fq(t["id"], t["route"]) for i, t in c.workflow_state.get_terminal_tasks())}
    return {"source": "difftest seed %d" % seed, "conductors": [{"workflow": wf, "inputs": inputs, "context": context, "steps": steps, "final": final}]}

if __name__ == "__main__":
    out = sys.argv[1]; start = int(sys.argv[2]); count = int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    n = 0
    for s in range(start, start + count):
        try:
            t = run(s)
        except Exception as e:
            continue
        if t is None: continue
        try:
            text = json.dumps(t)
        except Exception:
            continue
        open("%s/t%05d.json" % (out, s), "w").write(text); n += 1
    print(n)
