#!/usr/bin/env bash
# Restart PostgreSQL in the middle of write load. While it is down the service must answer 503
# problem+json with Retry-After within 5 seconds (no request hangs) and report readiness down; it
# must recover by itself within 5 seconds of the database's return; nothing acknowledged is lost.
#
#   bench/db-outage.sh [--short]      (needs the packaged jar: ./mvnw package)
#
# It stops the machine's PostgreSQL for a few seconds: run it when nothing else uses the database.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
down_for=6; run_for=24; stop_after=8
[ "${1:-}" = "--short" ] && { down_for=4; run_for=16; stop_after=5; }
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "db-outage: $jar is missing; run ./mvnw package first" >&2; exit 1; }
version=$(ls /etc/postgresql | sort -V | tail -n 1)
schema=infusion_outage
port=18301
work=$(mktemp -d)
pid=""
cleanup() {
    pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT
PGOPTIONS="--client-min-messages=warning" psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres

start_service $schema $port "$work/service.log"
pid=$service_pid
wait_ready $port

token=$(dev/token.sh nurse,physician outage-clinic)
api=http://127.0.0.1:$port/api/v1
id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
sessions=""
for i in 1 2 3 4; do
    patient=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"mrn":"OUT-'$i'-'$RANDOM'","displayName":"Outage"}' $api/patients | id)
    s=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"patientId":"'$patient'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true}' $api/sessions | id)
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"systolic":120,"diastolic":80}' $api/sessions/$s/vitals
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -X POST $api/sessions/$s/start-dosing
    sessions="$sessions${sessions:+,}$s"
done

python3 bench/outage-client.py "http://127.0.0.1:$port" "$token" "$sessions" "$run_for" "$work/load.jsonl" &
client=$!
sleep "$stop_after"
pg_ctlcluster --skip-systemctl-redirect "$version" main stop -m fast
down_at=$(date +%s.%N)          # from here the database is certainly down ...
sleep "$down_for"
starting_at=$(date +%s.%N)      # ... until here
pg_ctlcluster --skip-systemctl-redirect "$version" main start
up_at=$(date +%s.%N)
wait "$client"

python3 - "$work/load.jsonl" "$down_at" "$starting_at" "$up_at" "$schema" <<'PY'
import json, subprocess, sys
log, down, starting, up, schema = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
entries = [json.loads(line) for line in open(log)]
posts = [e for e in entries if e["kind"] == "post"]
during = [e for e in posts if down <= e["t"] - e["latency"] and e["t"] <= starting]
refused = [e for e in during if e["status"] == 503]
without_retry = [e for e in refused if not e["retryAfter"]]
other = sorted({e["status"] for e in during if e["status"] != 503})
slowest = max((e["latency"] for e in during), default=0)
ready_samples = [e for e in entries if e["kind"] == "ready" and down + 1 <= e["t"] <= starting]
ready_down = [e for e in ready_samples if e["status"] != 200]
after = [e for e in posts if e["t"] >= up and e["status"] == 201]
recovery = (min(e["t"] for e in after) - up) if after else None
acknowledged = {e["key"]: e["id"] for e in posts if e["status"] == 201}
gave_up = [e for e in entries if e["kind"] == "gave-up"]
stored = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atq", "-c",
    f"select count(*), count(distinct id) from {schema}.vital_reading"], capture_output=True, text=True).stdout.strip()
ids = set(subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atq", "-c",
    f"select id from {schema}.vital_reading"], capture_output=True, text=True).stdout.split())
missing = [k for k, i in acknowledged.items() if i not in ids]
print(f"OUTAGE: database certainly down for {starting - down:.1f} s; {len(during)} answers while down: {len(refused)} were 503 "
      f"({len(without_retry)} without Retry-After), other statuses {other}; slowest answer {slowest:.2f} s; "
      f"readiness down in {len(ready_down)}/{len(ready_samples)} samples; first 201 {recovery:.2f} s after the database returned; "
      f"acknowledged {len(acknowledged)}, missing {len(missing)}, stored rows/distinct {stored}, gave up {len(gave_up)}")
ok = (not without_retry and slowest <= 5.5 and recovery is not None and recovery <= 5 and not missing and not gave_up
      and len(ready_down) == len(ready_samples) and set(other) <= {0})
sys.exit(0 if ok else 1)
PY
