#!/usr/bin/env bash
# Builds and lints azuredeploy.bicep with the Bicep CLI that tools/bicep/bicep.proj restores from
# NuGet (nothing is downloaded from elsewhere). Fails on any error and on any warning: the linter's
# rules are set to error in bicepconfig.json, and the compiler's own warnings (an unknown property,
# a type mismatch) are caught here from its output.
#
#   tools/bicep/check.sh [TEMPLATE...]     default: azuredeploy.bicep at the repository root
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

say() { echo "bicep: $*" >&2; }

dotnet restore tools/bicep/bicep.proj --verbosity quiet >&2
bicep="$(dotnet msbuild tools/bicep/bicep.proj -nologo -getProperty:BicepCliPath)"
[ -f "$bicep" ] || { say "the Bicep CLI is not at $bicep after restore"; exit 1; }
# Package extraction keeps the owner's execute bit only; make sure the caller has it.
[ -x "$bicep" ] || chmod +x "$bicep"

templates=("$@")
[ "${#templates[@]}" -gt 0 ] || templates=(azuredeploy.bicep)

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
status=0
for template in "${templates[@]}"; do
  for step in build lint; do
    if [ "$step" = build ]; then
      "$bicep" build "$template" --stdout >/dev/null 2>"$out" || status=1
    else
      "$bicep" lint "$template" >"$out" 2>&1 || status=1
    fi
    if [ -s "$out" ]; then
      cat "$out" >&2
    fi
    if grep -Eq ' : (Warning|Error) ' "$out"; then
      status=1
    fi
  done
done

if [ "$status" -ne 0 ]; then
  say "FAILED ($("$bicep" --version))"
  exit 1
fi
say "build and lint clean: ${templates[*]} ($("$bicep" --version))"
