# Rehearsal inputs for the conformance corpus's workflows with random mocks and inputs.
import random, sys, os, yaml, glob
CORPUS = os.environ.get("ORQUESTA_CONFORMANCE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/conformance"))
out = sys.argv[1]; variants = int(sys.argv[2]); first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
os.makedirs(out + "/in", exist_ok=True)
for path in sorted(glob.glob(os.path.join(CORPUS, "workflows", "*.yaml"))):
    if "random" in open(path).read(): continue  # draws random numbers: differs from run to run
    try:
        wf = yaml.safe_load(open(path))
        tasks = wf.get("tasks") or {}
    except Exception:
        continue
    name = os.path.basename(path)[:-5]
    for v in range(first, first + variants):
        r = random.Random("%s/%d" % (name, v))
        mocks = []
        for tid, t in tasks.items():
            if not isinstance(t, dict): continue
            has_items = "with" in t
            if has_items:
                for it in range(4):
                    if r.random() < 0.3:
                        mocks.append({"task_id": tid, "item_id": it, "status": r.choice(["failed", "succeeded", "succeeded", "canceled"]), "result": r.choice(["x", 1, {"k": 2}, None])})
            elif r.random() < 0.4:
                m = {"task_id": tid, "status": r.choice(["failed", "succeeded", "succeeded", "canceled", "timeout", "timeout", "abandoned"]), "result": r.choice(["x", 7, {"k": 3}, None, [1, 2], True, "ok"])}
                if r.random() < 0.3: m["num_iter"] = r.randint(2, 3)
                mocks.append(m)
        spec = {"workflow": path, "mock_action_executions": mocks}
        inputs = [i for i in (wf.get("input") or [])]
        if inputs and r.random() < 0.5:
            ins = {}
            for i in inputs:
                k = i if isinstance(i, str) else list(i)[0]
                ins[k] = r.choice([1, "a", [1, 2], {"a": 1}, True, None, 0])
            spec["inputs"] = ins
        if r.random() < 0.3:
            spec["rerun"] = [{"mock_action_executions": []}]
        yaml.safe_dump(spec, open("%s/in/%s.%d.yaml" % (out, name, v), "w"), sort_keys=False)
