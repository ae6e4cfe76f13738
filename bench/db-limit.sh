#!/usr/bin/env bash
# The database's own ceiling for recording readings on this machine: pgbench runs the statements
# of one POST .../vitals (bench/one-reading.sql) with prepared statements, 16 clients, 20 s, in a
# schema of its own that the service's migrations create. Prints the transactions per second.
#
#   bench/db-limit.sh [SECONDS]      (needs the packaged jar: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
seconds=${1:-20}
schema=infusion_bench_db
jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "db-limit: $jar is missing; run ./mvnw package first" >&2; exit 1; }
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
# The service creates the schema with its own migrations, so the tables and indexes are the real ones.
start_service $schema 18501 /dev/null
wait_ready 18501
kill $service_pid; wait $service_pid 2>/dev/null || true
psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 postgres <<SQL
set search_path = $schema;
insert into patient (id, clinic_id, mrn, display_name, created_at)
    select md5('p' || n)::uuid, 'bench', 'B-' || n, 'Bench ' || n, now() from generate_series(1, 200) n;
insert into treatment_session (id, clinic_id, patient_id, drug, route, indication, prescriber_on_site, status, created_at, dosing_started_at)
    select md5('s' || n)::uuid, 'bench', md5('p' || n)::uuid, 'KETAMINE', 'IV', 'TRD', true, 'DOSING', now(), now() - interval '20 minutes'
    from generate_series(1, 200) n;
insert into idempotency_key (clinic_id, actor, key, request_hash, created_at) select 'bench', 'bench.nurse', md5(n::text), md5('a') || md5('b'), now() from generate_series(1, 200) n;
SQL
PGOPTIONS="--client-min-messages=warning -c search_path=$schema" \
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 16 -j 2 -T "$seconds" -f bench/one-reading.sql postgres \
    | tee /tmp/db-limit.out | grep -E "^tps|latency average"
tps=$(grep -oE '^tps = [0-9.]+' /tmp/db-limit.out | grep -oE '[0-9.]+$')
echo "DB-LIMIT: $tps transactions per second (one recorded reading each), 16 clients, $seconds s"
