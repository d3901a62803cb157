#!/usr/bin/env bash
# The API as a contract: schemathesis (PyPI, pinned) against a debug `insights serve` with demo
# data and a valid token — every check (enabled in schemathesis.toml), the OpenAPI links' stateful sequences included, with a
# fixed seed and example count so a run is bounded (< 4 minutes on 2 cores) and repeatable.
# Zero failures or the script fails. Called by `./dev test`; alone:
#   cargo build -p server --bin insights && end2end/contract/run.sh
# Environment: INSIGHTS_BIN (default target/debug/insights), CONTRACT_EXAMPLES (default 10).
# Per-route check settings, each with its reason, are in schemathesis.toml beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version=4.32.5
venv="$here/.venv" # git-ignored: created here by this script, never committed
bin="${INSIGHTS_BIN:-$root/target/debug/insights}"
examples="${CONTRACT_EXAMPLES:-10}"

if [ ! -x "$venv/bin/schemathesis" ] || [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $version" ]; then
  echo "==> installing schemathesis $version into end2end/contract/.venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi
[ -x "$bin" ] || { echo "error: $bin is missing: cargo build -p server --bin insights" >&2; exit 1; }

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" demo-data --tenants 30 --seed 12 --out "$tmp/csv" 2>/dev/null
db="sqlite://$tmp/contract.db"
"$bin" import --db "$db" "$tmp/csv" 2>/dev/null
head -c 48 /dev/urandom | base64 > "$tmp/secret"
token="$("$bin" token --jwt-secret-file "$tmp/secret" --sub contract@partner.example --role executive --ttl 3600)"
: > "$tmp/serve.out" # read below before the server may have written it
# No rate limit: schemathesis sends requests as fast as the server answers.
RUST_LOG=warn "$bin" serve --db "$db" --addr 127.0.0.1:0 --assets "$tmp/no-app" \
  --jwt-secret-file "$tmp/secret" --rate-limit 0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
base=""
for _ in $(seq 100); do
  base="$(sed -n 's/^Partner Insights at //p' "$tmp/serve.out")"
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "error: the server did not start" >&2; exit 1; }

cd "$here" # schemathesis.toml
status=0
"$venv/bin/schemathesis" run "$base/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --max-examples "$examples" \
  --seed 20261123 \
  --generation-unique-inputs \
  --workers 1 \
  --no-color \
  --request-timeout 10 || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines)" >&2
  tail -40 "$tmp/serve.err" >&2
fi
exit "$status"
