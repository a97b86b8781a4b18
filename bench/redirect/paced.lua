-- wrk script: random band per request; with RATE set, each connection waits a random 0..2N/RATE s
-- before each request (N = connections), so the whole run averages RATE req/s without bursts.
-- Prints one JSON line in done(): requests, errors, and latency percentiles in microseconds.
local ids = {}
local delay_max_ms = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  local rate = tonumber(os.getenv("BENCH_RATE") or "0")
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "50")
  if rate > 0 then delay_max_ms = 2 * connections * 1000 / rate end
end

function request()
  return wrk.format("GET", "/e?bandId=" .. ids[math.random(#ids)])
end

if os.getenv("BENCH_RATE") then
  function delay()
    return math.random() * delay_max_ms
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
