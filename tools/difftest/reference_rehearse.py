# Runs a rehearsal spec (the corpus format, expectations ignored) through the reference
# (orquesta 1.6.0) as the corpus README describes the loop, and prints the spec with the
# reference's expectations filled in. See README.md.
import copy, json, os, sys, yaml
from orquesta import conducting, events, statuses, requests
from orquesta.specs import native

class Mock:
    def __init__(self, d):
        self.task_id = d["task_id"]; self.seq_id = d.get("seq_id"); self.item_id = d.get("item_id")
        self.iter_id = d.get("iter_id", 0); self.num_iter = d.get("num_iter", 1)
        self.status = d.get("status") or statuses.SUCCEEDED; self.result = d.get("result")
        self.iter_pos = self.iter_id - 1

def get_mock(mocks, task_id, item_id=None, seq_id=None):
    c = [x for x in mocks if x.task_id == task_id and x.iter_pos < x.iter_id + x.num_iter - 1]
    if c and seq_id is not None: c = [x for x in c if x.seq_id == seq_id]
    if c and item_id is not None: c = [x for x in c if x.item_id == item_id]
    if len(c) > 0 and c[0].seq_id is not None and seq_id is None: return None
    return c[0] if c else None

def run_phase(conductor, wf_spec, mocks):
    run_q = list(conductor.get_next_tasks())
    run_q = [copy.deepcopy(t) for t in run_q]
    state = conductor.serialize()
    accum = {}
    while run_q:
        conductor = conducting.WorkflowConductor.deserialize(state)
        running = []
        for t in run_q:
            conductor.update_task_state(t["id"], t["route"], events.ActionExecutionEvent(statuses.RUNNING))
            t["seq_id"] = len(conductor.workflow_state.sequence) - 1
            running.append(t)
        run_q = []
        for t in running:
            spec = wf_spec.tasks.get_task(t["id"])
            m = get_mock(mocks, t["id"], seq_id=t["seq_id"]) or get_mock(mocks, t["id"])
            if not m: m = Mock({"task_id": t["id"]})
            else: m.iter_pos += 1
            if not spec.has_items():
                ev = events.ActionExecutionEvent(m.status, result=m.result)
            else:
                acc = accum.setdefault(t["id"], [])
                if m.item_id is None: m.item_id = len(acc)
                if m.item_id > len(acc) - 1: acc.extend([None] * (m.item_id - len(acc) + 1))
                acc[m.item_id] = m.result
                ev = events.TaskItemActionExecutionEvent(m.item_id, m.status, result=m.result, accumulated_result=acc)
            conductor.update_task_state(t["id"], t["route"], ev)
        for nt in conductor.get_next_tasks(): run_q.append(copy.deepcopy(nt))
        state = conductor.serialize()
    conductor = conducting.WorkflowConductor.deserialize(state)
    if conductor.get_workflow_status() in statuses.COMPLETED_STATUSES:
        conductor.render_workflow_output()
    return conductor

def fq(task_id, route):
    """A task as the corpus writes it: the id on route 0, else task__rN."""
    return task_id if route == 0 else "%s__r%s" % (task_id, route)

def expectations(conductor):
    seq = [fq(e["id"], e["route"]) for e in conductor.workflow_state.sequence]
    terms = sorted(fq(t["id"], t["route"]) for i, t in conductor.workflow_state.get_terminal_tasks())
    return {"expected_task_sequence": seq, "expected_routes": conductor.workflow_state.routes,
            "expected_workflow_status": conductor.get_workflow_status(), "expected_errors": conductor.errors,
            "expected_output": conductor.get_workflow_output(), "expected_term_tasks": terms}

def main(path):
    spec = yaml.safe_load(open(path))
    base = os.path.dirname(os.path.abspath(path))
    wf_def = open(os.path.join(base, spec["workflow"])).read()
    wf_spec = native.WorkflowSpec(wf_def)
    out = {k: v for k, v in spec.items() if not k.startswith("expected_") and k != "rerun"}
    out["workflow"] = os.path.join(base, spec["workflow"])
    errors = wf_spec.inspect()
    if errors:
        out["expected_inspection_errors"] = errors
        out["expected_task_sequence"] = []
        print(yaml.safe_dump(out, sort_keys=False)); return
    mocks = [Mock(m) for m in spec.get("mock_action_executions", [])]
    conductor = conducting.WorkflowConductor(wf_spec, inputs=spec.get("inputs", {}))
    conductor.request_workflow_status(statuses.RUNNING)
    conductor = run_phase(conductor, wf_spec, mocks)
    out.update(expectations(conductor))
    phases = []
    for ph in spec.get("rerun", []):
        state = conductor.serialize()
        conductor = conducting.WorkflowConductor.deserialize(state)
        reqs = [requests.TaskRerunRequest({"task_id": r["task_id"], "route": r.get("route", 0), "reset_items": r.get("reset_items", False)}) for r in ph.get("rerun_tasks", [])] or None
        conductor.request_workflow_rerun(task_requests=reqs)
        mocks = [Mock(m) for m in ph.get("mock_action_executions", [])]
        conductor = run_phase(conductor, wf_spec, mocks)
        p = {k: v for k, v in ph.items() if not k.startswith("expected_")}
        p.update(expectations(conductor)); phases.append(p)
    if phases: out["rerun"] = phases
    print(yaml.safe_dump(json.loads(json.dumps(out)), sort_keys=False))

if __name__ == "__main__":
    main(sys.argv[1])
