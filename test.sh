#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine with the .NET SDK (and, once the
# storage tests exist, Node.js for Azurite). The conformance corpus is read from
# ../shared/conformance or from $ORQUESTA_CONFORMANCE.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build Orquesta.Azure.sln -c Release
dotnet test Orquesta.Azure.sln -c Release --no-build --logger "console;verbosity=minimal"

# The conformance command over the whole corpus, as a user runs it.
corpus="${ORQUESTA_CONFORMANCE:-../shared/conformance}"
if [ ! -d "$corpus" ]; then
  echo "The conformance corpus is absent (looked in $corpus): set ORQUESTA_CONFORMANCE." >&2
  exit 1
fi
dotnet run --project src/Cli -c Release --no-build -- conformance "$corpus"
