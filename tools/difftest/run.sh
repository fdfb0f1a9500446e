#!/usr/bin/env bash
# Differential test against the reference: generates random cases, records what Orquesta 1.6.0
# does with them, and runs this project's `rehearse` and `conformance` on the recordings.
# Usage: tools/difftest/run.sh [COUNT] [FIRST_SEED] [OUT_DIR]   (see README.md for the set-up)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:-200}"
seed="${2:-0}"
out="${3:-$(mktemp -d)}"
python="${ORQUESTA_REFERENCE_PYTHON:-python3}"
"$python" -c "import orquesta" 2>/dev/null || { echo "difftest: '$python' cannot import orquesta; see tools/difftest/README.md" >&2; exit 2; }

record() { # input dir -> spec dir: the reference's expectations; cases the reference crashes on or that run over 10 s are left out
  mkdir -p "$2"
  for f in "$1"/*.yaml; do
    timeout 10 "$python" "$here/reference_rehearse.py" "$f" > "$2/$(basename "$f")" 2>/dev/null || rm -f "$2/$(basename "$f")"
  done
}

echo "difftest: cases in $out"
"$python" "$here/gen_graphs.py" "$out/graphs" "$seed" "$count"
"$python" "$here/gen_dataflow.py" "$out/dataflow" "$seed" "$count"
"$python" "$here/gen_fixture_mocks.py" "$out/fixtures" 2 "$seed"
record "$out/graphs/in" "$out/graphs/spec"
record "$out/dataflow/in" "$out/dataflow/spec"
record "$out/fixtures/in" "$out/fixtures/spec"
for gen in gen_graphs gen_dataflow gen_fixtures; do
  GEN="$gen" "$python" "$here/gen_traces.py" "$out/traces" "$seed" "$count" > /dev/null
  ITEMS=random GEN="$gen" "$python" "$here/gen_traces.py" "$out/itemtraces" "$seed" "$count" > /dev/null
  seed=$((seed + count))
done
mkdir -p "$out/vectors"
"$python" "$here/gen_inspections.py" "$out/vectors/inspections.jsonl" "$seed" "$((count * 4))" > /dev/null
"$python" "$here/gen_expressions.py" "$out/vectors/expressions.jsonl"

cd "$root"
dotnet build src/Cli -c Release -v q -nologo > /dev/null
cli="dotnet src/Cli/bin/Release/net10.0/Orquesta.Azure.Cli.dll"
status=0
$cli rehearse "$out/graphs/spec" "$out/dataflow/spec" "$out/fixtures/spec" || status=1
$cli conformance "$out/traces" "$out/itemtraces" "$out/vectors" || status=1
exit $status
