-- wrk script of bench/run. Counts as errors the answers other than BENCH_EXPECT_STATUS (200 unless
-- set; 503 in the fast-fail phase), and at the end prints one line "WRK key=value ..." and writes
-- the whole latency histogram (microseconds and counts, one bin a line) to BENCH_HISTOGRAM, so that
-- bench/run can merge rounds and compute p99.9.
--
-- When 200 is expected, no response() function is defined: wrk then neither parses headers into
-- a Lua table nor copies the body for each answer, which would cost the client more for the larger
-- answers of phases 2 and 5 than for phase 1, on the same two cores as the broker. Errors are then
-- wrk's own count of statuses above 399 ("status>399").
--
-- BENCH_ROTATE, when set, is a path with "{n}" in it: requests then cycle over BENCH_ROTATE_COUNT
-- paths with n = 1..count, zero-padded to 4 digits (the fast-fail phase's cold resources).

local expect = tonumber(os.getenv("BENCH_EXPECT_STATUS") or "200")
local rotate = os.getenv("BENCH_ROTATE")
local rotate_count = tonumber(os.getenv("BENCH_ROTATE_COUNT") or "1000")
local histogram_file = os.getenv("BENCH_HISTOGRAM")

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  unexpected = 0
  if rotate then
    requests = {}
    for n = 1, rotate_count do
      local path = string.gsub(rotate, "{n}", string.format("%04d", n))
      requests[n] = wrk.format("GET", path)
    end
    -- Threads start at different points of the cycle.
    next_request = ((id - 1) * 997) % rotate_count + 1
  end
end

if rotate then
  function request()
    local r = requests[next_request]
    next_request = next_request % rotate_count + 1
    return r
  end
end

if expect ~= 200 then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status ~= expect then
      unexpected = unexpected + 1
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local codes = {}
  if expect == 200 then
    bad = summary.errors.status
    codes = {"status<400:" .. (summary.requests - bad), "status>399:" .. bad}
  end
  for status, count in pairs(by_status) do
    table.insert(codes, status .. ":" .. count)
  end
  table.sort(codes)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d unexpected=%d socket_errors=%d timeouts=%d statuses=%s " ..
    "p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, bad, e.connect + e.read + e.write, e.timeout,
    table.concat(codes, ","), latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), latency.max))
  if histogram_file then
    local out = assert(io.open(histogram_file, "w"))
    for i = 1, #latency do
      local value, count = latency(i)
      out:write(string.format("%d %d\n", value, count))
    end
    out:close()
  end
end
