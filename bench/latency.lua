-- wrk script for bench/board.sh: one GET with the bearer token; prints p50 and p95.
local token = os.getenv("LOAD_TOKEN")
function request()
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
function done(summary, latency, requests)
  io.write(string.format("LATENCY: p50 %.2f ms, p95 %.2f ms, %.0f requests/s, %d non-2xx or errors\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
