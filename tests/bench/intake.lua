-- wrk script for scripts/bench-intake.sh: the same alerts to Firebreak (as Alertmanager webhook
-- notifications) or to Alertmanager itself (its /api/v2/alerts), ALERTS per request, new alerts
-- every request (MODE=distinct) or the same ones again (MODE=repeated).
local target = os.getenv("TARGET")
local alerts = tonumber(os.getenv("ALERTS") or "1")
local mode = os.getenv("MODE") or "distinct"
local token = os.getenv("TOKEN") or ""
local counter = 0
local thread_count = 0
local threads = {}
-- wrk's Lua starts every run from the same random sequence: unseeded, each run would send the
-- previous run's "new" alerts again, and a distinct cell after the warm-up would measure
-- redeliveries.
math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))

function setup(thread)
  thread_count = thread_count + 1
  thread:set("prefix", string.format("t%d-%d", thread_count, math.random(1, 1000000000)))
  table.insert(threads, thread)
end

local function alert(key, j, firebreak)
  local labels = string.format(
    '{"alertname":"Bench","instance":"i-%s-%d","service":"bench","severity":"warning"}', key, j)
  local common = string.format(
    '"labels":%s,"annotations":{"summary":"bench alert"},"startsAt":"2026-11-21T10:00:00Z",' ..
    '"generatorURL":"http://bench.test/graph"', labels)
  if firebreak then
    return string.format('{"status":"firing",%s,"endsAt":"0001-01-01T00:00:00Z",' ..
      '"fingerprint":"%s-%d"}', common, key, j)
  end
  return "{" .. common .. "}"
end

local function body(key)
  local firebreak = target == "firebreak"
  local parts = {}
  for j = 1, alerts do
    parts[j] = alert(key, j, firebreak)
  end
  local list = table.concat(parts, ",")
  if not firebreak then
    return "[" .. list .. "]"
  end
  return string.format('{"receiver":"bench","status":"firing","alerts":[%s],"groupLabels":{},' ..
    '"commonLabels":{},"commonAnnotations":{},"externalURL":"http://bench.test","version":"4",' ..
    '"groupKey":"{}:{alertname=\\"Bench-%s\\"}","truncatedAlerts":0}', list, key)
end

local path = target == "firebreak" and "/webhooks/alertmanager" or "/api/v2/alerts"
local headers = { ["Content-Type"] = "application/json" }
if token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
local fixed

function init(args)
  fixed = wrk.format("POST", path, headers, body("repeated"))
end

function request()
  if mode == "repeated" then
    return fixed
  end
  counter = counter + 1
  return wrk.format("POST", path, headers, body(prefix .. "-" .. counter))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f " ..
    "max_ms=%.2f non2xx=%d socket_errors=%d\n", summary.requests, seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non2xx, errors))
end
