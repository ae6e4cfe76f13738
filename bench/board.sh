#!/usr/bin/env bash
# The board's cost as history grows: fills the database (COPY-free, with generate_series) to 10
# thousand, 100 thousand and 1 million readings in closed sessions, beside 50 open sessions, and
# measures GET /api/v1/board and GET /api/v1/sessions/{id}/vitals (one open session): p50, p95.
#
#   bench/board.sh [SECONDS-PER-MEASURE]      (needs the packaged jar and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
seconds=${1:-10}
schema=infusion_bench_board
port=18701
clinic=board-bench
work=$(mktemp -d)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$work/service.log"
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready $port
sql() { psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 -c "set search_path = $schema; $1" postgres; }

# 50 open sessions, dosing for 30 minutes, each with a baseline and 12 readings.
sql "insert into patient (id, clinic_id, mrn, display_name, created_at)
       select md5('open-p' || n)::uuid, '$clinic', 'OPEN-' || n, 'Open ' || n, now() from generate_series(1, 50) n;
     insert into treatment_session (id, clinic_id, patient_id, drug, route, indication, prescriber_on_site, status, created_at, dosing_started_at)
       select md5('open-s' || n)::uuid, '$clinic', md5('open-p' || n)::uuid, 'KETAMINE', 'IV', 'TRD', true, 'DOSING',
              now() - interval '40 minutes', now() - interval '30 minutes' from generate_series(1, 50) n;
     insert into vital_reading (id, clinic_id, session_id, measured_at, recorded_at, systolic, diastolic, heart_rate, spo2, respiratory_rate, sedation_moaas)
       select gen_random_uuid(), '$clinic', md5('open-s' || n)::uuid, now() - interval '35 minutes' + (k * interval '3 minutes'), now(),
              120 + k, 80, 70 + k, 97, 14, 5 from generate_series(1, 50) n, generate_series(0, 12) k;"
one=$(psql -h 127.0.0.1 -U postgres -Atq -c "select md5('open-s1')::uuid" postgres)

history() { # total readings of closed sessions wanted
    have=$(psql -h 127.0.0.1 -U postgres -Atq -c "select count(*) from $schema.vital_reading where session_id not in (select id from $schema.treatment_session where status = 'DOSING')" postgres)
    from=$((have / 20 + 1)); to=$(($1 / 20))
    [ "$to" -lt "$from" ] && return 0
    sql "insert into patient (id, clinic_id, mrn, display_name, created_at)
           select md5('old-p' || n)::uuid, '$clinic', 'OLD-' || n, 'Old ' || n, now() from generate_series($from, $to) n;
         insert into treatment_session (id, clinic_id, patient_id, drug, route, indication, prescriber_on_site, status, created_at,
                                        dosing_started_at, dosing_ended_at, discharged_at)
           select md5('old-s' || n)::uuid, '$clinic', md5('old-p' || n)::uuid, 'ESKETAMINE', 'INTRANASAL', 'TRD', true, 'DISCHARGED',
                  now() - (n * interval '3 hours'), now() - (n * interval '3 hours'), now() - (n * interval '3 hours') + interval '40 minutes',
                  now() - (n * interval '3 hours') + interval '150 minutes' from generate_series($from, $to) n;
         insert into vital_reading (id, clinic_id, session_id, measured_at, recorded_at, systolic, diastolic, heart_rate, spo2)
           select gen_random_uuid(), '$clinic', md5('old-s' || n)::uuid, now() - (n * interval '3 hours') + (k * interval '7 minutes'), now(),
                  118 + (n + k) % 30, 78, 64 + k, 97 from generate_series($from, $to) n, generate_series(0, 19) k;
         analyze;"
}

token=$(dev/token.sh viewer,nurse $clinic board.viewer 120)
warm=${BOARD_WARMUP:-120} # the first measurement warms the JIT until its compilations settle, so the smallest size is not measured cold
measure() { # label url
    LOAD_TOKEN="$token" wrk -t1 -c2 -d${warm}s -s bench/latency.lua "$2" >/dev/null
    LOAD_TOKEN="$token" wrk -t1 -c2 -d"${seconds}s" -s bench/latency.lua "$2" | grep -E '^LATENCY' | sed "s/^LATENCY/$1/"
}
for size in 10000 100000 1000000; do
    history "$size"
    total=$(psql -h 127.0.0.1 -U postgres -Atq -c "select count(*) from $schema.vital_reading" postgres)
    echo "== $total readings ($size in closed sessions), 50 open sessions"
    measure "BOARD" "http://127.0.0.1:$port/api/v1/board"
    measure "VITALS" "http://127.0.0.1:$port/api/v1/sessions/$one/vitals"
    warm=5
done
