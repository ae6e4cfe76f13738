-- wrk script for bench/load.sh: POST .../vitals over many open sessions, each request with an
-- Idempotency-Key of its own; about one reading in ten is abnormal enough to raise flags.
-- LOAD_TARGET=peer (bench/peer.sh): the same requests to the empty peer's POST /readings, the
-- session's id in the body instead of the path (the peer ignores the headers).
local sessions = {}
for line in io.lines(os.getenv("LOAD_SESSIONS")) do sessions[#sessions + 1] = line end
local token = os.getenv("LOAD_TOKEN")
local counter = 0
local peer = os.getenv("LOAD_TARGET") == "peer"

-- Each wrk thread gets its own number and random sequence: otherwise every thread would send the
-- same keys, and half the requests would be replays waiting on the other thread's transaction.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local run
function init(args)
  run = os.time()
  math.randomseed(thread_number * 7919 + run)
end

function request()
  counter = counter + 1
  local session = sessions[math.random(1, #sessions)]
  local body
  if counter % 10 == 0 then
    body = string.format('{"systolic":%d,"diastolic":%d,"heartRate":%d,"spo2":%d}',
      150 + math.random(0, 40), 90 + math.random(0, 20), 100 + math.random(0, 40), 90 + math.random(0, 4))
  else
    body = string.format('{"systolic":%d,"diastolic":%d,"heartRate":%d,"spo2":%d,"respiratoryRate":%d}',
      110 + math.random(0, 25), 70 + math.random(0, 15), 60 + math.random(0, 25), 96 + math.random(0, 4), 12 + math.random(0, 6))
  end
  local path = "/api/v1/sessions/" .. session .. "/vitals"
  if peer then
    path = "/readings"
    body = '{"sessionId":"' .. session .. '",' .. string.sub(body, 2)
  end
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = run .. "-" .. thread_number .. "-" .. counter,
  }, body)
end

-- LOAD_RATE (requests per second over all connections) paces each connection: it waits
-- connections / rate between its requests, so the run holds about that rate (a little under).
local rate = tonumber(os.getenv("LOAD_RATE") or "")
local connections = tonumber(os.getenv("LOAD_CONNECTIONS") or "16")
if rate then
  function delay()
    return math.floor(1000 * connections / rate)
  end
end

local non201 = 0
function response(status, headers, body)
  if status ~= 201 then non201 = non201 + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("LOAD: %.0f requests/s, p50 %.1f ms, p99 %.1f ms, %d errors\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
