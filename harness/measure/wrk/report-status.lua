-- report.lua, plus every response counted by status, and for a JSON error body such as
-- {"error": "pool-timeout", ...} (what the database apps answer) by status and kind:
-- "statusCounts":{"200":1234,"503 pool-timeout":5}. Defining response() makes wrk hand every
-- body to Lua, which costs the client a little CPU per response, so only the database
-- endpoints, whose errors tell what the pool and the database did, use this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

-- Each wrk thread has its own Lua state: setup() (in the main state) keeps the threads, and
-- done() sums what each thread counted.
local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end

counts = {}
response = function(status, headers, body)
  local key = tostring(status)
  if status >= 400 and body then
    local kind = body:match('^%s*{%s*"error"%s*:%s*"([^"]*)"')
    if kind then key = key .. " " .. kind end
  end
  counts[key] = (counts[key] or 0) + 1
end

local function quote(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

extra_json = function()
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts") or {}) do total[key] = (total[key] or 0) + n end
  end
  local parts = {}
  for key, n in pairs(total) do parts[#parts + 1] = quote(key) .. ":" .. string.format("%d", n) end
  table.sort(parts)
  return ',"statusCounts":{' .. table.concat(parts, ",") .. "}"
end
