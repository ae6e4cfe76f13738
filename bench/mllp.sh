#!/usr/bin/env bash
# Bedside monitors over MLLP: starts the packaged service with its HL7 listener, plans one dosing
# session per simulated monitor (each in a chair of its own), maps SIM-1..N to those chairs, then
# runs bench/MonitorSimulator.java: each monitor on its own connection, a message every INTERVAL
# seconds (0: as fast as the ACKs return). Prints the simulator's last line:
#   MLLP: monitors=.. sent=.. aa=.. ae=.. ar=.. failed=.. seconds=.. rate=.. p50_ms=.. p99_ms=..
#
#   bench/mllp.sh [MONITORS=200] [INTERVAL=5] [SECONDS=60]      (needs the packaged jar: ./mvnw package)
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
api=http://127.0.0.1:$port/api/v1
auth="Authorization: Bearer $token"
json='Content-Type: application/json'
for n in $(seq 1 "$monitors"); do
    p=$(curl -sf -H "$auth" -H "$json" -d '{"mrn":"M-'$n'","displayName":"Monitor '$n'"}' $api/patients | _first_id)
    s=$(curl -sf -H "$auth" -H "$json" -d '{"patientId":"'$p'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true,"chair":"chair-'$n'"}' $api/sessions | _first_id)
    curl -sf -o /dev/null -H "$auth" -H "$json" -d '{"measuredAt":"'$(date -u -d '-25 min' +%Y-%m-%dT%H:%M:%SZ)'","systolic":120,"diastolic":80}' $api/sessions/$s/vitals
    curl -sf -o /dev/null -H "$auth" -H "$json" -d '{"at":"'$(date -u -d '-20 min' +%Y-%m-%dT%H:%M:%SZ)'"}' $api/sessions/$s/start-dosing
    curl -sf -o /dev/null -X PUT -H "$auth" -H "$json" -d '{"chair":"chair-'$n'"}' $api/monitors/SIM-$n
done
java bench/MonitorSimulator.java --port $hl7_port --monitors "$monitors" --prefix SIM- --interval "$interval" \
    --duration "$seconds" 2>"$work/simulator.err" | grep -E '^MLLP: '
