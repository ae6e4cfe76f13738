#!/usr/bin/env bash
# Two instances of the packaged service on one PostgreSQL: an event written through instance A
# must arrive on a stream connected to instance B, brought by its LISTEN (B barely polls). Prints
# how long it took. Needs the jar that `./mvnw verify` (or `package`) builds, PostgreSQL on
# 127.0.0.1:5432, and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "two-instances: $jar is missing; run ./mvnw package first" >&2; exit 1; }
schema=infusion_two_instances
PGOPTIONS="--client-min-messages=warning" psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres >/dev/null
source bench/roles.sh
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Both instances trust the repository's public dev key pair, which a packaged service refuses
# unless INFUSION_SECURITY_ALLOW_DEV_KEY=true says so (and then warns every minute): a throw-away
# instance on a throw-away schema.
start() { # port [NAME=VALUE ...]
    local port=$1
    shift
    env "${db_roles[@]}" INFUSION_SECURITY_ALLOW_DEV_KEY=true "$@" DB_URL="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$schema" \
    QUARKUS_FLYWAY_SCHEMAS=$schema QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA=$schema \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev/jwt/public-key.pem" MP_JWT_VERIFY_ISSUER=https://infusion-tracker.dev/issuer \
    MP_JWT_VERIFY_AUDIENCES=infusion-tracker \
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$((port + 1000)) java -jar "$jar" >"$work/instance-$port.log" 2>&1 &
    pids+=($!)
}
ready() { # port
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/q/health/ready" && return 0
        sleep 0.5
    done
    echo "two-instances: instance on port $1 did not become ready" >&2; tail -20 "$work/instance-$1.log" >&2; exit 1
}
# Without that permission the packaged service does not start on the dev key.
start 18080 INFUSION_SECURITY_ALLOW_DEV_KEY=false
for _ in $(seq 1 120); do kill -0 "${pids[0]}" 2>/dev/null || break; sleep 0.5; done
if kill -0 "${pids[0]}" 2>/dev/null || ! grep -q "will not start trusting the public dev credentials" "$work/instance-18080.log"; then
    echo "two-instances: the service started on the dev key without INFUSION_SECURITY_ALLOW_DEV_KEY" >&2
    tail -20 "$work/instance-18080.log" >&2; exit 1
fi
echo "two-instances: without INFUSION_SECURITY_ALLOW_DEV_KEY=true the dev key was refused at start-up"
start 18081; ready 18081   # A migrates the schema first
grep -q "UNSAFE: this instance trusts the repository's public dev credentials" "$work/instance-18081.log" \
    || { echo "two-instances: no warning about the dev key in A's log" >&2; exit 1; }
# B polls only every 30 s: within the 5 s allowed below, only its LISTEN can bring the event.
start 18082 INFUSION_STREAM_POLL=PT30S; ready 18082

token=$(dev/token.sh nurse,physician two-instances-clinic)
auth="Authorization: Bearer $token"
curl -sN -H "$auth" -H 'Accept: text/event-stream' http://127.0.0.1:18082/api/v1/stream >"$work/stream-b" &
pids+=($!)
sleep 1

a=http://127.0.0.1:18081/api/v1
id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
patient=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"mrn":"TWO-'$RANDOM$RANDOM'","displayName":"Two"}' $a/patients | id)
session=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"patientId":"'$patient'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true}' $a/sessions | id)
# The dosing gate asks for a blood pressure in the hour before dosing.
curl -sf -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d '{"systolic":120,"diastolic":80}' $a/sessions/$session/vitals
curl -sf -o /dev/null -H "$auth" -X POST $a/sessions/$session/start-dosing
sent=$(date +%s%N)
reading=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"systolic":185,"diastolic":100}' $a/sessions/$session/vitals | id)
for _ in $(seq 1 100); do
    if grep -q "$reading" "$work/stream-b"; then
        arrived=$(date +%s%N)
        echo "two-instances: a reading written on A reached B's stream in $(( (arrived - sent) / 1000000 )) ms"
        echo "two-instances: B's stream carried: $(grep '^event:' "$work/stream-b" | sed 's/^event: *//' | tr '\n' ' ')"
        grep -q '^event: *flag.raised' "$work/stream-b" || { echo "two-instances: no flag.raised on B" >&2; exit 1; }
        exit 0
    fi
    sleep 0.05
done
echo "two-instances: the reading never reached instance B's stream" >&2
cat "$work/stream-b" >&2
exit 1
