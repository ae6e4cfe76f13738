#!/usr/bin/env bash
# Prints the SQL statements the service issues for one POST .../vitals with an Idempotency-Key,
# then for one monitor's message over MLLP, from its own SQL log (Hibernate's, and
# org.infusiontracker.sql for the statements written in plain SQL): what bench/one-reading.sql and
# bench/one-message.sql reproduce for pgbench.
#
#   bench/capture-sql.sh      (needs the packaged jar: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
schema=infusion_capture
port=18401
hl7_port=18402
log=$(mktemp)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$log" QUARKUS_HIBERNATE_ORM_LOG_SQL=true QUARKUS_HIBERNATE_ORM_LOG_HIGHLIGHT_SQL=false \
    QUARKUS_LOG_CATEGORY__ORG_INFUSIONTRACKER_SQL__LEVEL=DEBUG INFUSION_HL7_PORT=$hl7_port INFUSION_HL7_HOST=127.0.0.1
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$log"' EXIT
wait_ready $port
token=$(dev/token.sh nurse capture-clinic)
api=http://127.0.0.1:$port/api/v1
id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
p=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"mrn":"C-1","displayName":"Capture"}' $api/patients | id)
s=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"patientId":"'$p'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true,"chair":"capture-1"}' $api/sessions | id)
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"systolic":120,"diastolic":80}' $api/sessions/$s/vitals
curl -sf -o /dev/null -H "Authorization: Bearer $token" -X POST $api/sessions/$s/start-dosing
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X PUT -d '{"chair":"capture-1"}' $api/monitors/CAP-1
sleep 0.3
start=$(wc -l <"$log")
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Idempotency-Key: capture-$RANDOM" \
    -d '{"systolic":120,"diastolic":80,"heartRate":72,"spo2":98}' $api/sessions/$s/vitals
sleep 0.3
tail -n +"$((start + 1))" "$log" | grep -v RequestLogFilter
echo "--- one monitor message over MLLP"
start=$(wc -l <"$log")
at=$(date -u +%Y%m%d%H%M%S)
message="MSH|^~\\&|CAP-1^CAP-1^EUI-64|CAPTURE|INFUSION-TRACKER||$at||ORU^R01^ORU_R01|CAP-$RANDOM|P|2.6|||NE|AL\rPID|||CAP-1-PATIENT^^^SIM^PI\rOBR|1|C^SIM|C^SIM|182777000^monitoring of patient^SCT|||$at\rOBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R|||$at||||CAP-1^EUI-64\rOBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R|||$at||||CAP-1^EUI-64\r"
exec 3<>/dev/tcp/127.0.0.1/$hl7_port
printf '\x0b%b\x1c\r' "$message" >&3
timeout 5 head -c 1 <&3 >/dev/null || true
exec 3<&-
sleep 0.3
tail -n +"$((start + 1))" "$log" | grep -v RequestLogFilter
