#!/usr/bin/env bash
# The database's own ceiling for the service's writes on this machine, in a schema of its own that
# the service's migrations create, with the statements the service issues (bench/capture-sql.sh):
#   HTTP: pgbench runs one POST .../vitals a transaction (bench/one-reading.sql), 16 clients;
#   MLLP: pgbench runs the monitors' group transactions: DB_LIMIT_GROUP (60) messages a
#         transaction (bench/one-message.sql each, DB_LIMIT_FLAGS % of them raising a flag, 50),
#         then the group's rows written at commit, from DB_LIMIT_WRITERS (2) clients, as the
#         service's two group-commit writers.
# Prepared statements, SECONDS (20) each. No Java runs: this is what PostgreSQL alone allows for
# exactly this work, with pgbench (a light client) on the same two cores. Prints
#   DB-LIMIT: <tps> transactions per second (one recorded reading each), 16 clients, <s> s
#   DB-LIMIT-MLLP: <messages/s> messages per second (<tps> groups of <n>), <c> clients, <s> s
#
#   bench/db-limit.sh [SECONDS]      (needs the packaged jar: ./mvnw package)
#   DB_LIMIT_ONLY=http|mllp (one of the two)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
seconds=${1:-20}
group=${DB_LIMIT_GROUP:-60} flags=${DB_LIMIT_FLAGS:-50} writers=${DB_LIMIT_WRITERS:-2}
schema=infusion_bench_db
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "db-limit: $jar is missing; run ./mvnw package first" >&2; exit 1; }
work=$(mktemp -d)
trap '[ -n "${DB_LIMIT_KEEP:-}" ] || rm -rf "$work"' EXIT
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
# The service creates the schema with its own migrations, so the tables, indexes and triggers are the real ones.
start_service $schema 18501 /dev/null
wait_ready 18501
kill $service_pid; wait $service_pid 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 postgres <<SQL
set search_path = $schema;
insert into patient (id, clinic_id, mrn, display_name, created_at)
    select md5('p' || n)::uuid, 'bench', 'B-' || n, 'Bench ' || n, now() from generate_series(1, 200) n;
insert into treatment_session (id, clinic_id, patient_id, drug, route, indication, prescriber_on_site, status, created_at, dosing_started_at, chair)
    select md5('s' || n)::uuid, 'bench', md5('p' || n)::uuid, 'KETAMINE', 'IV', 'TRD', true, 'DOSING', now(), now() - interval '20 minutes', 'chair-' || n
    from generate_series(1, 200) n;
insert into monitor_device (clinic_id, device_id, chair, created_at, updated_at, updated_by)
    select 'bench', 'SIM-' || n, 'chair-' || n, now(), now(), 'bench.nurse' from generate_series(1, 200) n;
insert into idempotency_key (clinic_id, actor, key, request_hash, created_at) select 'bench', 'bench.nurse', md5(n::text), md5('a') || md5('b'), now() from generate_series(1, 200) n;
SQL
rule=$(psql -h 127.0.0.1 -U postgres -Atq -c "select id from $schema.rule where clinic_id = '*' and code = 'HR_HIGH_MILD' order by version desc limit 1" postgres)
export PGOPTIONS="--client-min-messages=warning -c search_path=$schema"

if [ "${DB_LIMIT_ONLY:-http}" != mllp ]; then
    sed "s/RULE_ID/$rule/" bench/one-reading.sql >"$work/one-reading.sql"
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 16 -j 2 -T "$seconds" -f "$work/one-reading.sql" postgres \
        >"$work/http.out"
    grep -E "^tps|latency average" "$work/http.out"
    tps=$(grep -oE '^tps = [0-9.]+' "$work/http.out" | grep -oE '[0-9.]+$')
    echo "DB-LIMIT: $tps transactions per second (one recorded reading each), 16 clients, $seconds s"
fi

if [ "${DB_LIMIT_ONLY:-mllp}" != http ]; then
    # One group: each message for a monitor of the client's own share (a monitor waits for its ACK, so
    # the service's two writers never hold the same session at once), DB_LIMIT_FLAGS % of them with a
    # flag; then, as at the service's commit, one statement per table: an audit row per message (a
    # repeated flag writes none), a stream event per message and per flag, the control ids.
    {
        echo "BEGIN;"
        for i in $(seq 1 "$group"); do
            echo "\\set m :client_id * $((200 / writers)) + random(1, $((200 / writers)))"
            echo "\\set flag random(1, 100) <= $flags"
            echo "\\set k random(1, 2000000000)"
            grep -v '^--' bench/one-message.sql | sed "s/RULE_ID/$rule/"
        done
        rows="generate_series(1, $group + $group * $flags / 100)"
        echo "insert into audit_event (at, clinic_id, actor, actor_name, roles, action, entity, entity_id, request_id, client_request_id, detail) select now(), 'bench', 'monitor' || chr(58) || 'SIM-1', null, 'device', 'CREATE', 'reading', gen_random_uuid()::text, null, null, jsonb_build_object('sessionId', 'x') from generate_series(1, $group);"
        echo "insert into stream_event (clinic_id, type, payload, created_at) select 'bench', 'vitals.recorded', json_build_object('id', 'x', 'systolic', 120, 'diastolic', 80, 'heartRate', 72, 'spo2', 98, 'news2', json_build_object('total', 0))::text, now() from $rows;"
        echo "insert into monitor_message (clinic_id, device_id, control_id, reading_id, acknowledged_at) select 'bench', 'SIM-' || (1 + n % 200), 'C-' || md5(random()::text), (select id from vital_reading order by id desc limit 1), now() from generate_series(1, $group) n;"
        echo "COMMIT;"
    } >"$work/one-group.sql"
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$writers" -j "$writers" -T "$seconds" -f "$work/one-group.sql" postgres \
        >"$work/mllp.out"
    grep -E "^tps|latency average" "$work/mllp.out"
    tps=$(grep -oE '^tps = [0-9.]+' "$work/mllp.out" | grep -oE '[0-9.]+$')
    echo "DB-LIMIT-MLLP: $(awk -v t="$tps" -v g="$group" 'BEGIN { printf "%.0f", t * g }') messages per second ($tps groups of $group), $writers clients, $seconds s"
fi
