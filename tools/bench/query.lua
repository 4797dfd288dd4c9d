-- wrk script for tools/bench/query: cycles through the request paths of QUERIES_FILE
-- (env), each thread from its own offset, and prints latency percentiles and throughput.
local paths = {}
for line in io.lines(os.getenv("QUERIES_FILE")) do
    if #line > 0 then paths[#paths + 1] = line end
end
local counter = 0
local thread_count = 0

function setup(thread)
    thread:set("offset", thread_count * 97)
    thread_count = thread_count + 1
end

function request()
    counter = counter + 1
    return wrk.format("GET", paths[((offset or 0) + counter) % #paths + 1])
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                   summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT requests=%d errors=%d qps=%.0f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
        summary.requests, errors, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000))
end
