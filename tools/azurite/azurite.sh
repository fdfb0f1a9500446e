#!/usr/bin/env bash
# The Azurite storage emulator for the tests, pinned by package.json / package-lock.json.
#
#   tools/azurite/azurite.sh start               install if needed, start in the background, wait until it
#                                                answers, print the connection string on stdout
#   tools/azurite/azurite.sh stop                stop the instance this folder started (its process group)
#   tools/azurite/azurite.sh connection-string   print the connection string for the configured ports
#
# Ports (loopback only; chosen away from Azurite's defaults 10000-10002 so that a user's own Azurite
# keeps running): ORQUESTA_AZURITE_BLOB_PORT (10100), ORQUESTA_AZURITE_QUEUE_PORT (10101),
# ORQUESTA_AZURITE_TABLE_PORT (10102). Data, log and pid file live in tools/azurite/.data (gitignored),
# or in ORQUESTA_AZURITE_DATA for a second instance; the data is wiped at each start.
# ORQUESTA_AZURITE_ACCESS_LOG=1 writes Azurite's access log (one line per storage request) to the log
# file, azurite.log in the data folder (the cost measurement counts requests from it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${ORQUESTA_AZURITE_DATA:-$here/.data}"
pidfile="$data/azurite.pid"
logfile="$data/azurite.log"
blob_port="${ORQUESTA_AZURITE_BLOB_PORT:-10100}"
queue_port="${ORQUESTA_AZURITE_QUEUE_PORT:-10101}"
table_port="${ORQUESTA_AZURITE_TABLE_PORT:-10102}"
host=127.0.0.1
# Azurite's well-known development account (public, documented by Azure; not a secret).
account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

say() { echo "azurite: $*" >&2; }
fail() { say "$*"; exit 1; }

connection_string() {
  printf 'DefaultEndpointsProtocol=http;AccountName=%s;AccountKey=%s;TableEndpoint=http://%s:%s/%s;BlobEndpoint=http://%s:%s/%s;QueueEndpoint=http://%s:%s/%s;\n' \
    "$account" "$key" "$host" "$table_port" "$account" "$host" "$blob_port" "$account" "$host" "$queue_port" "$account"
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# True when anything accepts a TCP connection on the port.
port_open() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

# True when an HTTP server answers on the port (any status: Azurite answers 400/403 without credentials).
answers() {
  node -e 'fetch(process.argv[1], {signal: AbortSignal.timeout(2000)}).then(() => process.exit(0), () => process.exit(1))' \
    "http://$host:$1/$account" 2>/dev/null
}

install() {
  command -v node >/dev/null || fail "Node.js is required (node not found on PATH)."
  command -v npm >/dev/null || fail "npm is required (npm not found on PATH)."
  local stamp="$here/node_modules/.orquesta-installed-lock"
  if [ -x "$here/node_modules/.bin/azurite" ] && [ -f "$stamp" ] && cmp -s "$stamp" "$here/package-lock.json"; then
    return 0
  fi
  say "installing the pinned Azurite (npm ci) ..."
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) || fail "npm ci failed in $here"
  cp "$here/package-lock.json" "$stamp"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid)"
    connection_string
    return 0
  fi
  install
  for port in "$blob_port" "$queue_port" "$table_port"; do
    if port_open "$port"; then
      fail "port $port on $host is in use by another program; choose free ports with ORQUESTA_AZURITE_BLOB_PORT, ORQUESTA_AZURITE_QUEUE_PORT and ORQUESTA_AZURITE_TABLE_PORT."
    fi
  done
  rm -rf "$data/storage"
  mkdir -p "$data/storage"
  # setsid: Azurite leads its own process group, so that stop ends it and anything it spawned.
  local quiet=--silent
  [ "${ORQUESTA_AZURITE_ACCESS_LOG:-}" = 1 ] && quiet=
  # shellcheck disable=SC2086 # $quiet is one flag or nothing
  setsid node "$here/node_modules/azurite/dist/src/azurite.js" \
    --location "$data/storage" $quiet --loose --skipApiVersionCheck --disableTelemetry \
    --blobHost "$host" --blobPort "$blob_port" \
    --queueHost "$host" --queuePort "$queue_port" \
    --tableHost "$host" --tablePort "$table_port" \
    </dev/null >"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  local deadline=$((SECONDS + 60))
  until answers "$blob_port" && answers "$queue_port" && answers "$table_port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      cat "$logfile" >&2 || true
      fail "Azurite exited while starting (log above, from $logfile)."
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$logfile" >&2 || true
      stop
      fail "Azurite did not answer within 60 s (log above)."
    fi
    sleep 0.2
  done
  say "running (pid $pid): table $host:$table_port, blob $host:$blob_port, queue $host:$queue_port"
  connection_string
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$pidfile"
    say "not running"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  connection-string) connection_string ;;
  *) echo "usage: $0 start|stop|connection-string" >&2; exit 2 ;;
esac
