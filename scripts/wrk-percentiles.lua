-- For scripts/desk-bench.py: wrk's p50 and p95 in milliseconds, how many
-- requests were made and how many failed (a status other than 2xx/3xx, or a
-- broken connection), on one line for the script to read.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %.1f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout))
end
