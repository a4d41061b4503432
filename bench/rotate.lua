-- wrk script: request the paths listed in a file in turn, and print a JSON summary at the end.
-- Usage: wrk -s bench/rotate.lua http://127.0.0.1:8000 -- paths.txt
-- Every thread walks the list from its own offset, so a long list is spread over many pages.

local paths = {}
local counter = 0

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the list of paths: " .. tostring(args[1]))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  assert(#paths > 0, "the list of paths is empty")
  counter = math.random(#paths) - 1
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, ' ..
    '"socket_errors": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
end
