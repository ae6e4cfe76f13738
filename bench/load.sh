#!/usr/bin/env bash
# Write load on POST .../vitals: wrk, 16 connections, 200 open sessions, a realistic mix (one
# reading in ten raises flags), each request with its own Idempotency-Key; prints requests per
# second, p50 and p99, and the ratio to the database's own ceiling (bench/db-limit.sh) measured
# in the same run.
#
#   bench/load.sh [SECONDS]      (needs the packaged jar: ./mvnw package; apt-get install wrk)
#   LOAD_WARMUP=600 (most seconds of warm-up load), LOAD_MIN_WARMUP=240 (fewest: on two cores the JIT
#   settles after about four minutes, and two early windows can agree while it still climbs),
#   LOAD_CEILING=N (skip the pgbench run)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
seconds=${1:-20}
command -v wrk >/dev/null || { echo "load: wrk is missing (apt-get install wrk)" >&2; exit 1; }
# LOAD_CEILING skips the pgbench run (when db-limit.sh was just run by hand).
ceiling=${LOAD_CEILING:-$(DB_LIMIT_ONLY=http bench/db-limit.sh "$seconds" | grep -oE 'DB-LIMIT: [0-9.]+' | grep -oE '[0-9.]+$')}
schema=infusion_bench_load
port=18601
work=$(mktemp -d)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$work/service.log"
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready $port
token=$(dev/token.sh nurse load-clinic load.nurse 120)
open_dosing_sessions $port "$token" 200 >"$work/sessions"
# Warm up until the service runs at its steady rate: on two cores the JIT compiles for minutes,
# and a run measured sooner measures the compiler. Load runs in 30-second windows until two in a
# row agree within 2 % (or LOAD_WARMUP seconds have passed); then the maximum rate is measured,
# then latency at half of it.
export LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token"
warmed=0 previous=0
while [ "$warmed" -lt "${LOAD_WARMUP:-600}" ]; do
    rate=$(wrk -t2 -c16 -d30s -s bench/load.lua http://127.0.0.1:$port | grep -oE '^LOAD: [0-9]+' | grep -oE '[0-9]+$')
    warmed=$((warmed + 30))
    echo "warm-up: ${warmed} s, ${rate} requests/s"
    if [ "$warmed" -ge "${LOAD_MIN_WARMUP:-240}" ] && [ "$previous" -gt 0 ] && [ $((100 * (rate > previous ? rate - previous : previous - rate))) -le $((2 * previous)) ]; then
        break
    fi
    previous=$rate
done
wrk -t2 -c16 -d"${seconds}s" --latency -s bench/load.lua http://127.0.0.1:$port | tee "$work/wrk.out" | grep -E '^LOAD'
rps=$(grep -oE '^LOAD: [0-9]+' "$work/wrk.out" | grep -oE '[0-9]+$')
echo "RATIO: $(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.0f%%", 100 * a / b }') of the database's ceiling ($rps against $ceiling per second)"
LOAD_RATE=$((rps / 2)) wrk -t2 -c16 -d"${seconds}s" --latency -s bench/load.lua http://127.0.0.1:$port \
    | grep -E '^LOAD' | sed "s/^LOAD/HALF-RATE (aiming at $((rps / 2)) requests\/s)/"
