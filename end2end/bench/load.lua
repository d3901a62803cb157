-- wrk script for end2end/bench/load.sh: a mix of the API's reads (snapshot, tenant detail,
-- referrals) and, in the "mixed" mode, writes (notes, service status), as one signed-in user.
-- Arguments (after --): TARGETS_FILE MODE. TARGETS_FILE has one line per tenant:
--   tenant_id<TAB>workload (URL-encoded)<TAB>service-status body (JSON)
-- Prints one summary: requests/s, p50, p99, and the answers by class (409s apart).

local targets, mode = {}, "reads"
local token = os.getenv("LOAD_TOKEN")

function init(args)
  for line in io.lines(args[1]) do
    local id, workload, body = line:match("^([^\t]+)\t([^\t]*)\t(.*)$")
    targets[#targets + 1] = { id = id, workload = workload, body = body }
  end
  mode = args[2] or "reads"
  counts = { ok = 0, conflict = 0, client = 0, server = 0, other = 0 }
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

local headers = { ["Authorization"] = "Bearer " .. (token or ""), ["Content-Type"] = "application/json" }
-- The snapshot as the app asks for it: the binary form, compressed (the JSON form is for
-- scripts; serving it uncompressed to every reader would measure memcpy, not the product).
local snapshot_headers = {
  ["Authorization"] = "Bearer " .. (token or ""),
  ["Accept"] = "application/vnd.insights.snapshot",
  ["Accept-Encoding"] = "br, gzip",
}
local note = 0

function request()
  local t = targets[math.random(#targets)]
  local r = math.random(100)
  if mode == "mixed" and r > 80 then
    if r > 90 then
      return wrk.format("PUT", "/api/tenants/" .. t.id .. "/service-status/" .. t.workload, headers, t.body)
    end
    note = note + 1
    return wrk.format("POST", "/api/tenants/" .. t.id .. "/notes", headers,
      '{"text": "load test note ' .. note .. '"}')
  end
  if r <= 20 then
    return wrk.format("GET", "/api/snapshot", snapshot_headers)
  elseif r <= 60 then
    return wrk.format("GET", "/api/tenants/" .. t.id, headers)
  else
    return wrk.format("GET", "/api/referrals", headers)
  end
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then counts.ok = counts.ok + 1
  elseif status == 409 then counts.conflict = counts.conflict + 1
  elseif status >= 400 and status < 500 then counts.client = counts.client + 1
  elseif status >= 500 then counts.server = counts.server + 1
  else counts.other = counts.other + 1 end
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency, requests)
  local total = { ok = 0, conflict = 0, client = 0, server = 0, other = 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
  end
  local seconds = summary.duration / 1e6
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT req/s=%.0f p50_ms=%.1f p99_ms=%.1f requests=%d ok=%d conflict409=%d other4xx=%d 5xx=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, total.ok, total.conflict, total.client, total.server, socket))
end
