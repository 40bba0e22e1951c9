-- wrk report script: prints one line "WRK_JSON {...}" at the end of the run so the harness
-- reads exact numbers instead of scraping wrk's human-readable (rounded) summary.
-- Latencies are in microseconds, as wrk keeps them.

local function read_own_cpu_ticks()
  -- wrk's own utime+stime, read from inside wrk at the very end of the window: polling
  -- /proc from outside would miss the last interval before wrk exits.
  local f = io.open("/proc/self/stat", "r")
  if not f then return -1 end
  local line = f:read("*l")
  f:close()
  local rest = line:match("%) (.*)$")
  if not rest then return -1 end
  local fields = {}
  for field in rest:gmatch("%S+") do fields[#fields + 1] = field end
  -- rest starts at field 3 (state); utime is field 14 and stime field 15.
  return tonumber(fields[12]) + tonumber(fields[13])
end

-- A script that dofile()s this one may define extra_json(), returning more fields as JSON text
-- (e.g. ',"statusCounts":{...}'), to go at the end of the report (report-status.lua does).
done = function(summary, latency, requests)
  local e = summary.errors
  local extra = extra_json and extra_json() or ""
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"min":%d,"max":%d,"mean":%.3f,"stdev":%.3f,"p50":%d,"p90":%d,"p99":%d,"p999":%d},' ..
    '"cpuTicks":%d%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.max, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    read_own_cpu_ticks(), extra))
end
