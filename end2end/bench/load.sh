#!/usr/bin/env bash
# Load on loopback: wrk (Debian's `wrk`) against a release `insights serve`, 64 connections for
# 60 s, no rate limit, one signed-in executive. Two mixes: "reads" (snapshot 20%, tenant detail
# 40%, referrals 40%) and "mixed" (the same reads 80%, notes 10%, service-status saves 10% —
# those based on version 0, so after the first save of a workload they answer 409, counted
# apart). Prints one RESULT line per mix for BENCHMARKS.md.
#   end2end/bench/load.sh sqlite              # a fresh SQLite file
#   end2end/bench/load.sh postgres URL        # a PostgreSQL database (its snapshot replaced)
# Environment: INSIGHTS_BIN (default target/release/insights), LOAD_TENANTS (2000),
# LOAD_SECONDS (60), LOAD_CONNECTIONS (64).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${INSIGHTS_BIN:-$root/target/release/insights}"
store="${1:-sqlite}"
tenants="${LOAD_TENANTS:-2000}" seconds="${LOAD_SECONDS:-60}" conns="${LOAD_CONNECTIONS:-64}"
command -v wrk >/dev/null || { echo "error: wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$bin" ] || { echo "error: $bin is missing: cargo build --release -p server --bin insights" >&2; exit 1; }

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

case "$store" in
  sqlite) db="sqlite://$tmp/load.db" ;;
  postgres) db="${2:?postgres needs a URL}" ;;
  *) echo "error: the store is sqlite or postgres, not $store" >&2; exit 1 ;;
esac
"$bin" demo-data --tenants "$tenants" --seed 21 --out "$tmp/csv" 2>/dev/null
"$bin" import --db "$db" "$tmp/csv" 2>/dev/null
head -c 48 /dev/urandom | base64 > "$tmp/secret"
LOAD_TOKEN="$("$bin" token --jwt-secret-file "$tmp/secret" --sub load@partner.example --role executive --ttl 7200)"
export LOAD_TOKEN
: > "$tmp/serve.out" # read below before the server may have written it
RUST_LOG=error "$bin" serve --db "$db" --addr 127.0.0.1:0 --assets "$tmp/no-app" \
  --jwt-secret-file "$tmp/secret" --rate-limit 0 > "$tmp/serve.out" 2>&1 &
pid=$!
base=""
for _ in $(seq 100); do
  base="$(sed -n 's/^Partner Insights at //p' "$tmp/serve.out")"
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "error: the server did not start" >&2; exit 1; }

# The targets: 200 tenants, each with a workload and a valid service-status body for it.
python3 - "$base" "$tmp/targets.tsv" <<'PY'
import json, sys, urllib.parse, urllib.request, os
base, out = sys.argv[1], sys.argv[2]
def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + os.environ["LOAD_TOKEN"]})
    return json.load(urllib.request.urlopen(req))
lines = []
for t in get("/api/snapshot")["tenants"][:200]:
    detail = get("/api/tenants/" + t["id"])
    for s in detail["service_statuses"]:
        total = s["total_entitlements"]
        name = s["status"]["workload"]
        if total > 0:
            body = {"version": 0, "intent_note": "", "splits": [{"l1": "In Progress", "count": total}]}
            lines.append("\t".join([t["id"], urllib.parse.quote(name, safe=""), json.dumps(body)]))
            break
open(out, "w").write("\n".join(lines) + "\n")
PY

for mode in reads mixed; do
  echo "== $store, $mode: wrk -t2 -c$conns -d${seconds}s"
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$here/load.lua" "$base" -- "$tmp/targets.tsv" "$mode" | grep '^RESULT'
done
