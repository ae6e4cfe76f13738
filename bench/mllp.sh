#!/usr/bin/env bash
# Bedside monitors over MLLP: starts the packaged service with its HL7 listener, plans one dosing
# session per simulated monitor (each in a chair of its own), maps SIM-1..N to those chairs, then
# runs bench/MonitorSimulator.java: each monitor on its own connection, a message every INTERVAL
# seconds (0: as fast as the ACKs return), first for MLLP_WARMUP seconds as fast as they can (the
# JIT settles), then for SECONDS measured. Prints the measured run's line of the simulator:
#   MLLP: monitors=.. sent=.. aa=.. ae=.. ar=.. failed=.. seconds=.. rate=.. p50_ms=.. p99_ms=..
# and, measured in the same run by pgbench (16 clients, 20 s), the database's ceiling of one-row
# commits on this machine and the monitors' rate as a share of it:
#   ONE-ROW-CEILING: .. commits/s    RATIO: ..% of the one-row commit ceiling
#
#   bench/mllp.sh [MONITORS=200] [INTERVAL=5] [SECONDS=60]      (needs the packaged jar: ./mvnw package)
#   MLLP_WARMUP=120 (seconds of warm-up at full rate; 0: none), MLLP_CEILING=N (skip the pgbench run)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
monitors=${1:-200}
interval=${2:-5}
seconds=${3:-60}
schema=infusion_bench_mllp
port=18621
hl7_port=18622
work=$(mktemp -d)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
# The default pool (20) would be the limit of the monitors' workers and the set-up's requests together.
start_service $schema $port "$work/service.log" INFUSION_HL7_PORT=$hl7_port INFUSION_HL7_HOST=127.0.0.1 \
    INFUSION_HL7_MAX_CONNECTIONS=$((monitors + 50))
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready $port
token=$(dev/token.sh nurse mllp-clinic mllp.nurse 120)
open_dosing_sessions $port "$token" "$monitors" monitors >/dev/null
if [ "${MLLP_WARMUP:-120}" -gt 0 ]; then
    java bench/MonitorSimulator.java --port $hl7_port --monitors "$monitors" --prefix SIM- --interval 0 \
        --duration "${MLLP_WARMUP:-120}" 2>"$work/warmup.err" | grep -E '^MLLP: ' | sed 's/^MLLP:/warm-up:/'
fi
java bench/MonitorSimulator.java --port $hl7_port --monitors "$monitors" --prefix SIM- --interval "$interval" \
    --duration "$seconds" 2>"$work/simulator.err" | tee "$work/mllp.out" | grep -E '^MLLP: '
# How many messages shared a commit, over the whole run (warm-up included).
curl -s http://127.0.0.1:$((port + 1000))/q/metrics | awk '/^infusion_group_commit_units_(count|sum)/ { v[$1] = $2 }
    END { c = v["infusion_group_commit_units_count"]; s = v["infusion_group_commit_units_sum"];
          if (c > 0) printf "GROUPS: %d commits for %d messages, %.1f messages per commit\n", c, s, s / c }'
kill $pid; wait $pid 2>/dev/null || true
if [ -z "${MLLP_CEILING:-}" ]; then
    # One-row commits, each its own transaction, as fast as the database takes them from 16 clients.
    psql -h 127.0.0.1 -U postgres -q -c "drop table if exists bench_one_row; create table bench_one_row (id bigserial primary key, at timestamptz not null, value int not null)" postgres
    echo 'insert into bench_one_row (at, value) values (now(), 1);' >"$work/one-row.sql"
    MLLP_CEILING=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 16 -j 2 -T 20 -f "$work/one-row.sql" postgres \
        | grep -oE '^tps = [0-9.]+' | grep -oE '[0-9]+' | head -n 1)
    psql -h 127.0.0.1 -U postgres -q -c "drop table bench_one_row" postgres
fi
rate=$(grep -oE 'rate=[0-9.]+' "$work/mllp.out" | cut -d= -f2)
echo "ONE-ROW-CEILING: $MLLP_CEILING commits/s"
echo "RATIO: $(awk -v a="$rate" -v b="$MLLP_CEILING" 'BEGIN { printf "%.1f%%", 100 * a / b }') of the one-row commit ceiling"
