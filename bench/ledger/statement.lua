-- wrk script for scripts/bench-ledger.
--
--   wrk -t2 -c64 -d15s --latency -s bench/ledger/statement.lua URL -- TOKEN [WHAT]
--
-- WHAT is what each request asks for (default `statement`):
--   statement  POST /graphql: the time-bank statement (balance and the
--              newest 20 transfers), as the signed-in person;
--   account    POST /graphql: only the balance (`me { timeAccount { balanceMinutes } }`);
--   me         POST /graphql: only `me { id }` (sign-in check and one lookup);
--   healthz    GET /healthz: no database, no GraphQL (the ceiling).
--
-- Every response is checked: a status other than 200, or a body without
-- what the request asks for (or with GraphQL `errors`), is counted. `done`
-- prints the counts and one `RESULT key=value ...` line for the script.

local requests = {
  statement = {
    query = "{ me { timeAccount { balanceMinutes transfers(first: 20) { edges { node { id kind minutes change reason createdAt } } } } } }",
    expect = '"createdAt"',
  },
  account = {
    query = "{ me { timeAccount { balanceMinutes } } }",
    expect = '"balanceMinutes"',
  },
  me = {
    query = "{ me { id } }",
    expect = '"me":{"id"',
  },
  healthz = { path = "/healthz", expect = "ok" },
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per-thread counters, read by `done` through thread:get.
non200 = 0
wrong = 0
local expect

function init(args)
  local what = args[2] or "statement"
  local r = requests[what]
  if r == nil then
    error("unknown request kind: " .. what)
  end
  expect = r.expect
  if r.path then
    wrk.method = "GET"
    wrk.path = r.path
    wrk.body = nil
  else
    wrk.method = "POST"
    wrk.path = "/graphql"
    wrk.body = '{"query":"' .. r.query .. '"}'
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. (args[1] or "")
  end
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif not body:find(expect, 1, true) or body:find('"errors"', 1, true) then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests_)
  local n200, nwrong = 0, 0
  for _, t in ipairs(threads) do
    n200 = n200 + t:get("non200")
    nwrong = nwrong + t:get("wrong")
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("non-200 responses: %d, wrong bodies: %d, socket errors: %d\n",
    n200, nwrong, socket_errors))
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d non200=%d wrong=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    n200, nwrong, socket_errors))
end
