#!/usr/bin/env bash
# Prints the SQL statements the service issues for one POST .../vitals with an Idempotency-Key,
# from its own SQL log (Hibernate's, and org.infusiontracker.sql for the statements written in plain
# SQL): what bench/one-reading.sql reproduces for pgbench.
#
#   bench/capture-sql.sh      (needs the packaged jar: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
schema=infusion_capture
port=18401
log=$(mktemp)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$log" QUARKUS_HIBERNATE_ORM_LOG_SQL=true QUARKUS_HIBERNATE_ORM_LOG_HIGHLIGHT_SQL=false \
    QUARKUS_LOG_CATEGORY__ORG_INFUSIONTRACKER_SQL__LEVEL=DEBUG
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -f "$log"' EXIT
wait_ready $port
token=$(dev/token.sh nurse capture-clinic)
api=http://127.0.0.1:$port/api/v1
id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
p=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"mrn":"C-1","displayName":"Capture"}' $api/patients | id)
s=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"patientId":"'$p'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true}' $api/sessions | id)
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"systolic":120,"diastolic":80}' $api/sessions/$s/vitals
curl -sf -o /dev/null -H "Authorization: Bearer $token" -X POST $api/sessions/$s/start-dosing
sleep 0.3
start=$(wc -l <"$log")
curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Idempotency-Key: capture-$RANDOM" \
    -d '{"systolic":120,"diastolic":80,"heartRate":72,"spo2":98}' $api/sessions/$s/vitals
sleep 0.3
tail -n +"$((start + 1))" "$log" | grep -v RequestLogFilter
