-- POST a JSON body; each thread writes the ids the server acknowledged (201) to a file,
-- so the harness can check every acknowledged write is in the database.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
  out = io.open(os.getenv("BENCH_IDS_DIR") .. "/ids-" .. tid .. ".txt", "w")
  created = 0
  bad = 0
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local id = body:match('"id"%s*:%s*"([%w%-]+)"')
    if id then out:write(id, "\n") out:flush() end
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local c, b = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    b = b + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50_ms=%.2f p95_ms=%.2f errors=%d created=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    b + e.connect + e.read + e.write + e.timeout, c))
end
