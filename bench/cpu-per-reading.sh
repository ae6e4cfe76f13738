#!/usr/bin/env bash
# The service's CPU per recorded reading at a fixed rate, once warm: less noisy than the maximum
# rate for comparing two builds on a shared machine. Starts the packaged service with 100 dosing
# sessions, runs full write load for CPU_WARMUP seconds (the JIT settles), then three rounds of
# 30 s at CPU_RATE requests/s, reading the service's user and system time from /proc.
#
#   bench/cpu-per-reading.sh      (needs the packaged jar: ./mvnw package; apt-get install wrk)
#   CPU_WARMUP=180, CPU_RATE=160
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
command -v wrk >/dev/null || { echo "cpu-per-reading: wrk is missing (apt-get install wrk)" >&2; exit 1; }
schema=infusion_bench_cpu
port=18801
work=$(mktemp -d)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$work/service.log"
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready $port
token=$(dev/token.sh nurse load-clinic load.nurse 120)
open_dosing_sessions $port "$token" 100 >"$work/sessions"
export LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token"
wrk -t2 -c16 -d"${CPU_WARMUP:-180}s" -s bench/load.lua http://127.0.0.1:$port >/dev/null
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
for round in 1 2 3; do
    before=$(ticks)
    out=$(LOAD_RATE=${CPU_RATE:-160} wrk -t2 -c16 -d30s -s bench/load.lua http://127.0.0.1:$port)
    used=$(($(ticks) - before))
    requests=$(echo "$out" | grep -oE '[0-9]+ requests in' | grep -oE '^[0-9]+')
    echo "CPU: $(awk -v t=$((used * tick_ms)) -v n="$requests" 'BEGIN { printf "%.2f", t / n }') ms of service CPU per reading (round $round: $requests readings)"
done
