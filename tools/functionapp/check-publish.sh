#!/usr/bin/env bash
# Checks that a `dotnet publish` output folder of the Function app is a package the Functions host
# can run (.NET isolated worker, Durable Functions, HTTP triggers), without the host: it cannot run
# on these machines, so this is what CI can see of a deployable package.
#
#   tools/functionapp/check-publish.sh PUBLISH_DIR [EXPECTED_FUNCTIONS_FILE]
#
# EXPECTED_FUNCTIONS_FILE, optional: one line per function, "Name triggerType" (for example
# "StartExecution httpTrigger"); blank lines and lines starting with # are skipped. Every line must
# match a function of functions.metadata, and every function there must be listed.
#
# Checked:
#   host.json            JSON, "version": "2.0", no extensionBundle (an isolated .NET app brings its
#                        extensions itself; a bundle would load other versions of them)
#   functions.metadata   a JSON array; each function has a name, a scriptFile present in the folder,
#                        language dotnet-isolated and exactly one trigger binding; httpTrigger,
#                        orchestrationTrigger and activityTrigger kinds are all present
#   extensions.json      lists the DurableTask extension; every hintPath exists
#   .azurefunctions/     Microsoft.Azure.WebJobs.Extensions.DurableTask.dll and function.deps.json
#   worker.config.json   dotnet-isolated; its defaultWorkerPath exists
#   *.runtimeconfig.json of the worker: Microsoft.NETCore.App 10.x (what azuredeploy.bicep runs)
#   no local.settings.json (it holds local secrets and settings, never deployed)
#
# Prints one line per function and a last line "check-publish: OK ..." or the problems found; exits
# 0 only when nothing is wrong. Needs Node.js (which the tests need already, for Azurite).
set -euo pipefail

usage() { echo "usage: $0 PUBLISH_DIR [EXPECTED_FUNCTIONS_FILE]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir="$1"
expected="${2:-}"
[ -d "$dir" ] || { echo "check-publish: $dir is not a folder" >&2; exit 1; }
if [ -n "$expected" ] && [ ! -f "$expected" ]; then
  echo "check-publish: $expected (expected functions) does not exist" >&2
  exit 1
fi
command -v node >/dev/null || { echo "check-publish: Node.js is required (node not found on PATH)" >&2; exit 1; }

node - "$dir" "$expected" <<'EOF'
const fs = require('fs');
const path = require('path');

const [dir, expectedFile] = process.argv.slice(2);
const problems = [];
const problem = (text) => problems.push(text);
const at = (...parts) => path.join(dir, ...parts);

function readJson(name) {
  const file = at(name);
  if (!fs.existsSync(file)) {
    problem(`${name} is missing`);
    return undefined;
  }
  try {
    // The host tolerates a byte order mark; JSON.parse does not.
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    problem(`${name} is not JSON: ${e.message}`);
    return undefined;
  }
}

// host.json
const host = readJson('host.json');
if (host !== undefined) {
  if (host.version !== '2.0') problem(`host.json: "version" is ${JSON.stringify(host.version)}, not "2.0"`);
  if (host.extensionBundle !== undefined) problem('host.json: has an extensionBundle (an isolated .NET app must not use one)');
}

// functions.metadata
const requiredKinds = ['httpTrigger', 'orchestrationTrigger', 'activityTrigger'];
const functions = readJson('functions.metadata');
const found = new Map();
if (functions !== undefined) {
  if (!Array.isArray(functions) || functions.length === 0) {
    problem('functions.metadata: not a non-empty array of functions');
  } else {
    for (const [i, f] of functions.entries()) {
      const name = f && typeof f.name === 'string' ? f.name : undefined;
      const label = name ?? `entry ${i}`;
      if (name === undefined) problem(`functions.metadata: entry ${i} has no name`);
      if (name !== undefined && found.has(name)) problem(`functions.metadata: ${name} appears twice`);
      if (f.language !== 'dotnet-isolated') problem(`functions.metadata: ${label}: language ${JSON.stringify(f.language)}, not "dotnet-isolated"`);
      if (typeof f.scriptFile !== 'string' || !fs.existsSync(at(f.scriptFile))) {
        problem(`functions.metadata: ${label}: scriptFile ${JSON.stringify(f.scriptFile)} is not in the folder`);
      }
      if (typeof f.entryPoint !== 'string' || f.entryPoint === '') problem(`functions.metadata: ${label}: no entryPoint`);
      const bindings = Array.isArray(f.bindings) ? f.bindings : [];
      const triggers = bindings.filter((b) => b && typeof b.type === 'string' && /Trigger$/.test(b.type) && b.direction === 'In');
      if (triggers.length !== 1) {
        problem(`functions.metadata: ${label}: ${triggers.length} trigger bindings, not 1`);
      }
      const trigger = triggers.length === 1 ? triggers[0] : undefined;
      if (name !== undefined) found.set(name, trigger ? trigger.type : '?');
      let detail = '';
      if (trigger && trigger.type === 'httpTrigger') {
        const methods = Array.isArray(trigger.methods) ? trigger.methods.join(',').toUpperCase() : 'ANY';
        detail = ` ${methods} ${trigger.route ?? '(no route)'} auth=${trigger.authLevel ?? '?'}`;
        if (trigger.authLevel === 'Anonymous') problem(`functions.metadata: ${label}: an anonymous HTTP trigger (the API takes function keys)`);
      }
      console.log(`  ${label.padEnd(40)} ${trigger ? trigger.type : '(no trigger)'}${detail}`);
    }
    const kinds = new Set(found.values());
    for (const kind of requiredKinds) {
      if (!kinds.has(kind)) problem(`functions.metadata: no ${kind} function`);
    }
  }
}

// The expected functions, when given.
if (expectedFile) {
  const expected = new Map();
  for (const [n, raw] of fs.readFileSync(expectedFile, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, kind, ...rest] = line.split(/\s+/);
    if (!kind || rest.length > 0) {
      problem(`${expectedFile}:${n + 1}: not "Name triggerType"`);
      continue;
    }
    expected.set(name, kind);
  }
  for (const [name, kind] of expected) {
    if (!found.has(name)) problem(`functions.metadata: ${name} (${kind}) is missing`);
    else if (found.get(name) !== kind) problem(`functions.metadata: ${name}: trigger ${found.get(name)}, expected ${kind}`);
  }
  for (const name of found.keys()) {
    if (!expected.has(name)) problem(`functions.metadata: ${name} is not in ${expectedFile}`);
  }
}

// extensions.json and .azurefunctions/
const extensions = readJson('extensions.json');
if (extensions !== undefined) {
  const list = Array.isArray(extensions.extensions) ? extensions.extensions : [];
  if (!list.some((e) => e && e.name === 'DurableTask')) problem('extensions.json: no DurableTask extension');
  for (const e of list) {
    if (e && typeof e.hintPath === 'string' && !fs.existsSync(at(e.hintPath))) {
      problem(`extensions.json: ${e.name}: ${e.hintPath} is not in the folder`);
    }
  }
}
const extDir = at('.azurefunctions');
if (!fs.existsSync(extDir)) {
  problem('.azurefunctions/ is missing (the host-side extensions)');
} else {
  const files = fs.readdirSync(extDir);
  if (!files.some((f) => /^Microsoft\.Azure\.WebJobs\.Extensions\.DurableTask.*\.dll$/.test(f))) {
    problem('.azurefunctions/: no Microsoft.Azure.WebJobs.Extensions.DurableTask*.dll');
  }
  if (!files.includes('function.deps.json')) problem('.azurefunctions/function.deps.json is missing');
}

// worker.config.json and the worker's runtime
const worker = readJson('worker.config.json');
let workerDll;
if (worker !== undefined) {
  const d = worker.description ?? {};
  if (d.language !== 'dotnet-isolated') problem(`worker.config.json: language ${JSON.stringify(d.language)}, not "dotnet-isolated"`);
  workerDll = d.defaultWorkerPath;
  if (typeof workerDll !== 'string' || !fs.existsSync(at(workerDll))) {
    problem(`worker.config.json: defaultWorkerPath ${JSON.stringify(workerDll)} is not in the folder`);
    workerDll = undefined;
  }
}
let runtime = '?';
if (workerDll !== undefined) {
  const name = workerDll.replace(/\.dll$/, '.runtimeconfig.json');
  const config = readJson(name);
  if (config !== undefined) {
    const opts = config.runtimeOptions ?? {};
    const frameworks = opts.frameworks ?? (opts.framework ? [opts.framework] : []);
    const core = frameworks.find((f) => f.name === 'Microsoft.NETCore.App');
    runtime = core ? core.version : '?';
    if (!core || !/^10\./.test(core.version)) {
      problem(`${name}: Microsoft.NETCore.App ${runtime}, not 10.x (azuredeploy.bicep runs dotnet-isolated 10.0)`);
    }
  }
}

if (fs.existsSync(at('local.settings.json'))) problem('local.settings.json is in the package (local settings are never deployed)');

if (problems.length > 0) {
  for (const p of problems) console.error(`check-publish: ${p}`);
  console.error(`check-publish: FAILED, ${problems.length} problem(s) in ${dir}`);
  process.exit(1);
}
const kinds = [...new Set(found.values())].sort().join(', ');
console.log(`check-publish: OK, ${found.size} functions (${kinds}), Durable Task extension present, .NET ${runtime}, in ${dir}`);
EOF
