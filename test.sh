#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine with the .NET SDK and Node.js (npm): the
# Engine's storage tests run against Azurite, which tools/azurite/azurite.sh installs (the pinned
# npm package), starts on loopback ports 10100-10102 (ORQUESTA_AZURITE_*_PORT) and this script
# stops on exit, whatever the tests did. With ORQUESTA_TEST_STORAGE already set (a connection
# string), the tests use that account and no Azurite is started. The conformance corpus is read
# from ../shared/conformance or from $ORQUESTA_CONFORMANCE.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tools/bicep/check.sh  # azuredeploy.bicep: bicep build and lint, warnings as errors (Bicep CLI from NuGet)

dotnet build Orquesta.Azure.sln -c Release

# The Function app's package, from that build: host.json, functions.metadata (exactly the functions
# of tools/functionapp/functions.txt), extensions.json, .azurefunctions/, .NET 10.
rm -rf artifacts/functionapp
dotnet publish src/FunctionApp -c Release --no-build -o artifacts/functionapp
tools/functionapp/check-publish.sh artifacts/functionapp tools/functionapp/functions.txt

if [ -z "${ORQUESTA_TEST_STORAGE:-}" ]; then
  azurite=tools/azurite/azurite.sh
  trap '"$azurite" stop || true' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ORQUESTA_TEST_STORAGE="$("$azurite" start)"
  export ORQUESTA_TEST_STORAGE
fi

dotnet test Orquesta.Azure.sln -c Release --no-build --logger "console;verbosity=minimal" --filter "Category!=Measurement"

# Measurements (the storage cost per task, docs/cost.md) after the rest, alone: the empty queue
# polls they count grow with how long each step takes, so they must not share the machine with the
# other test projects.
dotnet test tests/Cli.Tests -c Release --no-build --logger "console;verbosity=minimal" --filter "Category=Measurement"

# The conformance command over the whole corpus, as a user runs it.
corpus="${ORQUESTA_CONFORMANCE:-../shared/conformance}"
if [ ! -d "$corpus" ]; then
  echo "The conformance corpus is absent (looked in $corpus): set ORQUESTA_CONFORMANCE." >&2
  exit 1
fi
dotnet run --project src/Cli -c Release --no-build -- conformance "$corpus"
