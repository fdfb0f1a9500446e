# The conformance corpus's workflows with random inputs, for gen_traces.py (GEN=gen_fixtures).
import glob, os, random, yaml
CORPUS = os.environ.get("ORQUESTA_CONFORMANCE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/conformance"))
# Workflows that draw random numbers differ from run to run: left out.
FILES = [f for f in sorted(glob.glob(os.path.join(CORPUS, "workflows", "*.yaml"))) if "random" not in open(f).read()]
def gen(seed):
    path = FILES[seed % len(FILES)]
    wf = yaml.safe_load(open(path))
    r = random.Random(seed)
    ins = {}
    for i in (wf.get("input") or []):
        k = i if isinstance(i, str) else list(i)[0]
        if r.random() < 0.5: ins[k] = r.choice([1, "a", [1, 2], {"a": 1}, True, 0])
    return wf, {"inputs": ins}
