-- GET with headers from the environment; prints one machine-readable line at the end.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local auth = os.getenv("BENCH_AUTH")
  if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
  bad = 0
end

function response(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50_ms=%.2f p95_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    b + e.connect + e.read + e.write + e.timeout))
end
