-- wrk report script: prints one line "WRK_JSON {...}" at the end of the run so the harness
-- reads exact numbers instead of scraping wrk's human-readable (rounded) summary.
-- Latencies are in microseconds, as wrk keeps them.
--
-- Two optional counts, each switched on by its own variable in wrk's environment:
--  * BENCH_WRK_SPREAD=1: every response by the worker process that answered and the client
--    connection it came on (the apps send both in headers: x-worker-pid, x-client-port),
--    printed as a second line "WRK_SPREAD {...}".
--  * BENCH_WRK_STATUS=1: every response by status, and a JSON error body such as
--    {"error": "pool-timeout", ...} (what the database apps answer) by status and kind,
--    added to the report as "statusCounts":{"200":1234,"503 pool-timeout":5}.
-- Defining `response` makes wrk parse every response and call into Lua for each, which costs
-- client CPU, so it is only defined when a point asks for one of the counts.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

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

local count_spread = os.getenv("BENCH_WRK_SPREAD") == "1"
local count_status = os.getenv("BENCH_WRK_STATUS") == "1"

-- Per wrk thread (each has its own Lua state); done() collects them through thread:get.
by_port = {}   -- client port -> responses on that connection
pid_of = {}    -- client port -> pid of the worker that answered on it
untagged = 0   -- responses without the two headers
counts = {}    -- "status" or "status kind" -> responses

local function count_one_spread(headers)
  local pid = headers["x-worker-pid"]
  local port = headers["x-client-port"]
  if pid == nil or port == nil then
    untagged = untagged + 1
    return
  end
  by_port[port] = (by_port[port] or 0) + 1
  pid_of[port] = pid
end

local function count_one_status(status, body)
  local key = tostring(status)
  if status >= 400 and body then
    local kind = body:match('^%s*{%s*"error"%s*:%s*"([^"]*)"')
    if kind then key = key .. " " .. kind end
  end
  counts[key] = (counts[key] or 0) + 1
end

if count_spread and count_status then
  function response(status, headers, body)
    count_one_spread(headers)
    count_one_status(status, body)
  end
elseif count_spread then
  function response(status, headers, body)
    count_one_spread(headers)
  end
elseif count_status then
  function response(status, headers, body)
    count_one_status(status, body)
  end
end

local function spread_json()
  -- [[requests, "pid"], ...] per client connection, over every thread.
  local parts = {}
  local untagged_total = 0
  for _, thread in ipairs(threads) do
    local by_thread = thread:get("by_port") or {}
    local pids = thread:get("pid_of") or {}
    untagged_total = untagged_total + (thread:get("untagged") or 0)
    for port, n in pairs(by_thread) do
      parts[#parts + 1] = string.format('[%d,"%s"]', n, tostring(pids[port]))
    end
  end
  return string.format('{"connections":[%s],"untagged":%d}', table.concat(parts, ","), untagged_total)
end

local function quote(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function status_json()
  -- ',"statusCounts":{...}' summed over every thread, or "" when not counted.
  if not count_status then return "" end
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts") or {}) do total[key] = (total[key] or 0) + n end
  end
  local parts = {}
  for key, n in pairs(total) do parts[#parts + 1] = quote(key) .. ":" .. string.format("%d", n) end
  table.sort(parts)
  return ',"statusCounts":{' .. table.concat(parts, ",") .. "}"
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"min":%d,"max":%d,"mean":%.3f,"stdev":%.3f,"p50":%d,"p90":%d,"p99":%d,"p999":%d},' ..
    '"cpuTicks":%d%s}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.max, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    read_own_cpu_ticks(), status_json()))
  if count_spread then
    io.write("WRK_SPREAD " .. spread_json() .. "\n")
  end
end
