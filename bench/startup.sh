#!/usr/bin/env bash
# Start-up time and memory of the packaged service beside an empty Quarkus application built the
# same way (same Quarkus, same JVM, fast-jar): time from `java -jar` to the first 200 (readiness
# for the service, a trivial GET for the empty app), and RSS after start and after 10 s of write
# load. Prints each figure and the ratio service / empty app.
#
#   bench/startup.sh [RUNS]      (needs the packaged jar: ./mvnw package; wrk for the load part)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
root=$PWD
work=$(mktemp -d)
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

# The empty application: quarkus-rest with one resource, on the same BOM and plugin.
source bench/empty-app.sh
empty_app "$work/empty" empty quarkus-rest
cat >"$work/empty/src/main/java/bench/Hello.java" <<JAVA
package bench;

@jakarta.ws.rs.Path("/hello")
public class Hello {
    @jakarta.ws.rs.GET
    public String hello() {
        return "hello";
    }
}
JAVA
build_app "$work/empty"

schema=infusion_bench_startup
export PGOPTIONS="--client-min-messages=warning"
source "$root/bench/roles.sh"
# The dev key pair, allowed explicitly for this bench instance (it warns every minute).
service_env=("${db_roles[@]}" DB_URL="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$schema"
    QUARKUS_FLYWAY_SCHEMAS=$schema QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA=$schema
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev/jwt/public-key.pem" MP_JWT_VERIFY_ISSUER=https://infusion-tracker.dev/issuer
    MP_JWT_VERIFY_AUDIENCES=infusion-tracker INFUSION_SECURITY_ALLOW_DEV_KEY=true QUARKUS_MANAGEMENT_PORT=19801)

measure() { # label jar url env...
    local label=$1 jar=$2 url=$3; shift 3
    local total=0 rss=0
    for _ in $(seq 1 "$runs"); do
        start=$(date +%s%N)
        env "$@" QUARKUS_HTTP_PORT=18801 java -jar "$jar" >"$work/$label.log" 2>&1 &
        pid=$!
        until curl -sf -o /dev/null "$url"; do sleep 0.01; done
        end=$(date +%s%N)
        total=$((total + (end - start) / 1000000))
        rss=$((rss + $(ps -o rss= -p $pid)))
        kill $pid; wait $pid 2>/dev/null || true
    done
    echo "$label $((total / runs)) $((rss / runs / 1024))"
}
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
env "${service_env[@]}" QUARKUS_HTTP_PORT=18801 java -jar target/quarkus-app/quarkus-run.jar >/dev/null 2>&1 & pid=$!
until curl -sf -o /dev/null http://127.0.0.1:18801/q/health/ready; do sleep 0.1; done   # migrate once, outside the timing
kill $pid; wait $pid 2>/dev/null || true
read -r _ empty_ms empty_mb < <(measure empty "$work/empty/target/quarkus-app/quarkus-run.jar" http://127.0.0.1:18801/hello)
read -r _ ours_ms ours_mb < <(measure service target/quarkus-app/quarkus-run.jar http://127.0.0.1:18801/q/health/ready "${service_env[@]}")
echo "STARTUP: service $ours_ms ms to ready, RSS $ours_mb MB; empty Quarkus app $empty_ms ms, RSS $empty_mb MB; ratio $(awk -v a=$ours_ms -v b=$empty_ms 'BEGIN{printf "%.1f", a/b}')x time, $(awk -v a=$ours_mb -v b=$empty_mb 'BEGIN{printf "%.1f", a/b}')x memory"

if command -v wrk >/dev/null; then
    env "${service_env[@]}" QUARKUS_HTTP_PORT=18801 java -jar target/quarkus-app/quarkus-run.jar >/dev/null 2>&1 & pid=$!
    until curl -sf -o /dev/null http://127.0.0.1:18801/q/health/ready; do sleep 0.1; done
    token=$(dev/token.sh nurse startup-clinic)
    id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
    p=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"mrn":"S-'$RANDOM'","displayName":"S"}' http://127.0.0.1:18801/api/v1/patients | id)
    s=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"patientId":"'$p'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true}' http://127.0.0.1:18801/api/v1/sessions | id)
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"systolic":120,"diastolic":80}' http://127.0.0.1:18801/api/v1/sessions/$s/vitals
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -X POST http://127.0.0.1:18801/api/v1/sessions/$s/start-dosing
    echo "$s" >"$work/sessions"
    LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token" wrk -t2 -c16 -d10s -s bench/load.lua http://127.0.0.1:18801 >/dev/null
    echo "MEMORY: service RSS after 10 s of write load $(( $(ps -o rss= -p $pid) / 1024 )) MB"
    kill $pid; wait $pid 2>/dev/null || true
fi
