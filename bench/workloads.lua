-- wrk script for scripts/bench: replays the requests of one workload and
-- checks every response.
--
--   wrk -t2 -c64 -d20s --latency -s bench/workloads.lua URL -- REQUESTS STATUS EXPECT MIN THREADS
--
-- REQUESTS is a file with one request a line, tab-separated:
--   METHOD  PATH  BEARER-TOKEN-or-"-"  IF-NONE-MATCH-or-"-"  BODY-or-"-"
-- THREADS is wrk's -t. Thread i of n sends lines i, i+n, i+2n, ... in turn, so a file of unique
-- requests (one sign-up per volunteer and shift) is never sent twice while
-- it lasts; it wraps around after the last line.
--
-- A response counts as wrong unless its status is STATUS and, for 200, its
-- body contains EXPECT at least MIN times and has no GraphQL "errors".
-- `done` prints one `RESULT key=value ...` line for the harness.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

non200 = 0
wrong = 0
exhausted = 0

local lines = {}
local position, step
local want_status, expect, minimum

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, field)
  end
  return fields
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  for line in file:lines() do
    if line ~= "" then
      local f = split(line)
      local headers = {}
      if f[3] ~= "-" then headers["Authorization"] = "Bearer " .. f[3] end
      if f[4] ~= "-" then headers["If-None-Match"] = f[4] end
      local body = nil
      if f[5] ~= "-" then
        body = f[5]
        headers["Content-Type"] = "application/json"
      end
      table.insert(lines, wrk.format(f[1], f[2], headers, body))
    end
  end
  file:close()
  assert(#lines > 0, "no requests in " .. args[1])
  want_status = tonumber(args[2])
  expect = args[3]
  minimum = tonumber(args[4])
  step = tonumber(args[5]) or 1
  position = (thread_index or 0) + 1
end

function request()
  local r = lines[position]
  position = position + step
  if position > #lines then
    exhausted = exhausted + 1
    position = ((position - 1) % #lines) + 1
  end
  return r
end

function response(status, headers, body)
  if status ~= want_status then
    non200 = non200 + 1
    if non200 <= 3 then io.stderr:write("status " .. status .. ": " .. (body or ""):sub(1, 300) .. "\n") end
    return
  end
  if status == 200 then
    if body:find('"errors"', 1, true) then
      wrong = wrong + 1
      if wrong <= 3 then io.stderr:write("errors: " .. body:sub(1, 300) .. "\n") end
      return
    end
    local _, n = body:gsub(expect:gsub("%p", "%%%0"), "")
    if n < minimum then
      wrong = wrong + 1
      if wrong <= 3 then io.stderr:write("unexpected body: " .. body:sub(1, 300) .. "\n") end
    end
  end
end

function done(summary, latency, requests_)
  local n_non200, n_wrong, n_exhausted = 0, 0, 0
  for _, t in ipairs(threads) do
    n_non200 = n_non200 + t:get("non200")
    n_wrong = n_wrong + t:get("wrong")
    n_exhausted = n_exhausted + t:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non200=%d wrong=%d socket_errors=%d wrapped=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    n_non200, n_wrong, e.connect + e.read + e.write + e.timeout, n_exhausted))
end
