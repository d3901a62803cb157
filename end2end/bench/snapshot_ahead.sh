#!/usr/bin/env bash
# The snapshot's first answer on the server, and whether it is built before anyone asks
# (snapshot_answer::refresh): a release `insights serve` on a fresh SQLite file; the app's
# answer (binary, br) asked for by a demo executive with curl (1) first, (2) WAIT s after a
# re-import of the same folder while the server runs, (3) WAIT s after a restart. Prints one
# RESULT line for BENCHMARKS.md ("Server time for the snapshot").
#   end2end/bench/snapshot_ahead.sh            # 238,000 tenants: ~1M Opportunities rows
# Environment: INSIGHTS_BIN (default target/release/insights), TENANTS (238000), SEED (3),
# WAIT (30).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${INSIGHTS_BIN:-$root/target/release/insights}"
tenants="${TENANTS:-238000}" seed="${SEED:-3}" wait="${WAIT:-30}"
[ -x "$bin" ] || { echo "error: $bin is missing: cargo build --release -p server --bin insights" >&2; exit 1; }

tmp="$(mktemp -d)"
pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$tmp"' EXIT
db="sqlite://$tmp/store.db"

start() {
  "$bin" serve --addr 127.0.0.1:0 --db "$db" --assets "$tmp/no-app" > "$tmp/serve.out" 2>> "$tmp/serve.log" &
  pid=$!
  for _ in $(seq 600); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" | head -1 || true)"
    [ -n "$url" ] && return
    sleep 0.1
  done
  echo "error: the server did not start: $(cat "$tmp/serve.log")" >&2; exit 1
}

# Seconds to the last byte of the app's answer.
ask() {
  local token
  token="$(curl -sf -X POST -H 'content-type: application/json' -d '{"user":"executive"}' \
    "$url/api/demo/token" | sed 's/.*"token":"\([^"]*\)".*/\1/')"
  curl -sf -o /dev/null -w '%{time_total}' -H "authorization: Bearer $token" \
    -H 'accept: application/vnd.insights.snapshot' -H 'accept-encoding: br' "$url/api/snapshot"
}

"$bin" demo-data --tenants "$tenants" --seed "$seed" --out "$tmp/csv" >/dev/null 2>&1
"$bin" import --db "$db" "$tmp/csv" 2>/dev/null
start
first="$(ask)"
"$bin" import --db "$db" "$tmp/csv" 2>/dev/null
sleep "$wait"
reimport="$(ask)"
stop
start
sleep "$wait"
restart="$(ask)"
echo "RESULT tenants=$tenants first=${first}s after_reimport_${wait}s=${reimport}s after_restart_${wait}s=${restart}s"
