#!/usr/bin/env bash
# Memory soak (issue 19, target d): the packaged service under steady write load for MINUTES, its
# heap in use after a full GC and its RSS sampled every SOAK_EVERY seconds, then SOAK_IDLE seconds
# without load and a last sample. A full GC is asked for with `jcmd PID GC.run` before each sample;
# the heap in use is then the sum of jvm_memory_used_bytes{area="heap"} on the management port
# (service port + 1000), metaspace its id="Metaspace" line, RSS VmRSS in /proc/PID/status. Prints
# a table, wrk's LOAD line for the whole soak, and
#   SOAK: heap-after-gc first=<MB> last=<MB> max=<MB> growth=<MB> rss first/last/max=<MB>/<MB>/<MB>
# where first is the first sample under load, last the one after the idle time, growth last - first.
#
#   bench/soak.sh [MINUTES]      (30; a fraction for a short try: 0.5; needs the packaged jar and wrk)
#   LOAD_RATE=300 (requests/s, about half the maximum), SOAK_EVERY=30, SOAK_IDLE=60,
#   SOAK_SESSIONS=100, SERVICE_JAVA_OPTS (the memory settings to soak, e.g. "-Xmx512m -XX:+UseSerialGC")
#   SOAK_MONITORS=N: N bedside monitors over MLLP as well (bench/MonitorSimulator.java), each in a
#   chair of its own dosing session, a message every SOAK_MONITOR_EVERY (5) seconds for the whole
#   load; their simulator's line is printed after wrk's
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
command -v wrk >/dev/null || { echo "soak: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "soak: jcmd is missing (a JDK, not a JRE)" >&2; exit 1; }
seconds=$(awk -v m="${1:-30}" 'BEGIN { printf "%d", m * 60 }')
every=${SOAK_EVERY:-30} idle=${SOAK_IDLE:-60} rate=${LOAD_RATE:-300}
schema=infusion_bench_soak
port=18501
hl7_port=18502
monitors=${SOAK_MONITORS:-0}
work=$(mktemp -d)
pid= wrk_pid= sim_pid=
trap 'for p in $sim_pid $wrk_pid $pid; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$work/service.log" INFUSION_HL7_PORT=$hl7_port INFUSION_HL7_HOST=127.0.0.1
pid=$service_pid
wait_ready $port
token=$(dev/token.sh nurse soak-clinic soak.nurse 120)
open_dosing_sessions $port "$token" "${SOAK_SESSIONS:-100}" >"$work/sessions"
if [ "$monitors" -gt 0 ]; then
    open_dosing_sessions $port "$token" "$monitors" monitors >/dev/null
fi
export LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token"

# sample LABEL: a full GC, then one row "LABEL heap metaspace rss" (MB), printed and kept.
sample() {
    jcmd $pid GC.run >/dev/null
    local metrics heap meta rss
    metrics=$(curl -sf http://127.0.0.1:$((port + 1000))/q/metrics)
    heap=$(echo "$metrics" | awk '/^jvm_memory_used_bytes\{/ && /area="heap"/ { s += $NF } END { printf "%.0f", s / 1048576 }')
    meta=$(echo "$metrics" | awk '/^jvm_memory_used_bytes\{/ && /id="Metaspace"/ { s += $NF } END { printf "%.0f", s / 1048576 }')
    rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$pid/status)
    echo "$1 $heap $meta $rss" | tee -a "$work/samples" | awk '{ printf "%-12s %8s %10s %8s\n", $1, $2, $3, $4 }'
}
echo "sessions opened; ${rate} requests/s and ${monitors} monitors for ${seconds} s, a sample every ${every} s, then ${idle} s idle"
printf "%-12s %8s %10s %8s\n" time heap-MB metaspace rss-MB
sample start   # before the load: kept out of first, last and max
LOAD_RATE=$rate wrk -t2 -c16 -d"${seconds}s" -s bench/load.lua http://127.0.0.1:$port >"$work/wrk.out" &
wrk_pid=$!
if [ "$monitors" -gt 0 ]; then
    java bench/MonitorSimulator.java --port $hl7_port --monitors "$monitors" --prefix SIM- \
        --interval "${SOAK_MONITOR_EVERY:-5}" --duration "$seconds" >"$work/simulator.out" 2>"$work/simulator.err" &
    sim_pid=$!
fi
began=$(date +%s)
next=$every
while [ "$next" -le "$seconds" ]; do
    sleep $((began + next - $(date +%s) > 0 ? began + next - $(date +%s) : 0))
    sample "${next}s"
    next=$((next + every))
done
wait $wrk_pid || true
wrk_pid=
grep -E '^LOAD' "$work/wrk.out" || { echo "soak: wrk printed no result" >&2; cat "$work/wrk.out" >&2; }
if [ -n "$sim_pid" ]; then
    wait $sim_pid || true
    sim_pid=
    grep -E '^MLLP' "$work/simulator.out" || { echo "soak: the simulator printed no result" >&2; tail "$work/simulator.err" >&2; }
fi
sleep "$idle"
sample "idle+${idle}s"
tail -n +2 "$work/samples" | awk '
    NR == 1 { hf = $2; rf = $4 }
    { hl = $2; rl = $4; if ($2 > hm) hm = $2; if ($4 > rm) rm = $4 }
    END { printf "SOAK: heap-after-gc first=%d last=%d max=%d growth=%d rss first/last/max=%d/%d/%d MB\n", hf, hl, hm, hl - hf, rf, rl, rm }'
