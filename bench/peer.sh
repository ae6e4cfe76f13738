#!/usr/bin/env bash
# Write throughput of the service beside an empty Quarkus application built the same way that
# stores one row per POST with Panache (issue 19, target a): the peer has the same Quarkus BOM and
# plugin (3.33.2), quarkus-rest-jackson, quarkus-hibernate-orm-panache and quarkus-jdbc-postgresql,
# one entity with the columns of a reading, POST /readings persisting it, the service's pool size
# (DB_POOL_MAX, 20) and a schema of its own made by Hibernate (drop-and-create). Both get the same
# warm-up, alternately in 30 s windows with only one of them under load at a time, then the same
# wrk run (load.lua, 16 connections, the same bodies; LOAD_TARGET=peer for the peer): the maximum
# rate of each, then p99 at half of each one's own maximum. Prints
#   PEER: service=<rps> peer=<rps> ratio=<service/peer>
#   P99-HALF: service=<ms> peer=<ms>
#
#   bench/peer.sh [SECONDS]      (SECONDS per measured run, 20; needs the packaged jar: ./mvnw package; wrk)
#   PEER_WARMUP=240 (seconds of warm-up load for each, in windows of at most 30 s),
#   PEER_SESSIONS=200, SERVICE_JAVA_OPTS (JVM options for both)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
source bench/empty-app.sh
seconds=${1:-20}
command -v wrk >/dev/null || { echo "peer: wrk is missing (apt-get install wrk)" >&2; exit 1; }
schema=infusion_bench_peer_service
peer_schema=infusion_bench_peer
port=18701
peer_port=18702
work=$(mktemp -d)
pids=()
trap 'for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" -c "drop schema if exists $peer_schema cascade" \
    -c "create schema $peer_schema" postgres

# The peer: one reading per POST, Panache, in its own schema.
empty_app "$work/peer" peer quarkus-rest-jackson quarkus-hibernate-orm-panache quarkus-jdbc-postgresql
cat >"$work/peer/src/main/java/bench/Reading.java" <<'JAVA'
package bench;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;
import java.util.UUID;

@Entity
public class Reading extends PanacheEntity {
    public UUID sessionId;
    public Instant measuredAt;
    public Integer systolic;
    public Integer diastolic;
    public Integer heartRate;
    public Integer spo2;
    public Integer respiratoryRate;
}
JAVA
cat >"$work/peer/src/main/java/bench/Readings.java" <<'JAVA'
package bench;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/readings")
public class Readings {
    @POST
    @Transactional
    public RestResponse<Reading> add(Reading reading) {
        reading.id = null;
        if (reading.measuredAt == null) {
            reading.measuredAt = Instant.now();
        }
        reading.persist();
        return RestResponse.status(Response.Status.CREATED, reading);
    }
}
JAVA
cat >"$work/peer/src/main/resources/application.properties" <<PROPS
quarkus.devservices.enabled=false
quarkus.datasource.db-kind=postgresql
quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$peer_schema
quarkus.datasource.username=postgres
quarkus.datasource.password=postgres
quarkus.datasource.jdbc.max-size=\${DB_POOL_MAX:20}
quarkus.hibernate-orm.database.default-schema=$peer_schema
quarkus.hibernate-orm.schema-management.strategy=drop-and-create
PROPS
build_app "$work/peer"

read -r -a java_opts <<<"${SERVICE_JAVA_OPTS:-}"
start_service $schema $port "$work/service.log"
pids+=("$service_pid")
QUARKUS_HTTP_PORT=$peer_port java ${java_opts[@]+"${java_opts[@]}"} -jar "$work/peer/target/quarkus-app/quarkus-run.jar" >"$work/peer.log" 2>&1 &
pids+=($!)
wait_ready $port
for _ in $(seq 1 120); do
    curl -s -o /dev/null -X POST http://127.0.0.1:$peer_port/readings && break
    sleep 0.5
done
token=$(dev/token.sh nurse peer-clinic peer.nurse 120)
open_dosing_sessions $port "$token" "${PEER_SESSIONS:-200}" >"$work/sessions"
export LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token"

# load TARGET SECONDS [wrk options]: one wrk run against the service or the peer; prints its LOAD line.
load() {
    local target=$1 secs=$2 url=http://127.0.0.1:$port
    shift 2
    [ "$target" = peer ] && url=http://127.0.0.1:$peer_port
    LOAD_TARGET=$target wrk -t2 -c16 -d"${secs}s" "$@" -s bench/load.lua "$url" | grep -E '^LOAD'
}
rps() { grep -oE '^LOAD: [0-9]+' | grep -oE '[0-9]+$'; }
p99() { grep -oE 'p99 [0-9.]+' | grep -oE '[0-9.]+$'; }

# The same warm-up for both, alternately, one under load at a time.
warmup=${PEER_WARMUP:-240} warmed=0
while [ "$warmed" -lt "$warmup" ]; do
    window=$((warmup - warmed < 30 ? warmup - warmed : 30))
    s=$(load service $window | rps)
    p=$(load peer $window | rps)
    warmed=$((warmed + window))
    echo "warm-up: ${warmed} s each, service ${s} requests/s, peer ${p} requests/s"
done

service_max=$(load service "$seconds" --latency); echo "service: $service_max"
peer_max=$(load peer "$seconds" --latency); echo "peer:    $peer_max"
s=$(echo "$service_max" | rps) p=$(echo "$peer_max" | rps)
service_half=$(LOAD_RATE=$((s / 2)) load service "$seconds" --latency); echo "service at $((s / 2))/s: $service_half"
peer_half=$(LOAD_RATE=$((p / 2)) load peer "$seconds" --latency); echo "peer at $((p / 2))/s:    $peer_half"
rows=$(psql -h 127.0.0.1 -U postgres -qtA -c "select count(*) from $peer_schema.reading" postgres)
echo "peer rows stored: $rows"
echo "PEER: service=$s peer=$p ratio=$(awk -v a="$s" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
echo "P99-HALF: service=$(echo "$service_half" | p99) peer=$(echo "$peer_half" | p99)"
