#!/usr/bin/env bash
# The FHIR export's answer time and size: GET /api/v1/sessions/{id}/fhir of a session with 200
# readings (every vital sign and score: nine Observations each) and GET /api/v1/patients/{id}/fhir
# of a patient with 50 sessions of 20 such readings, an adverse event and a flag each. Rows
# written with generate_series; each export fetched RUNS times after WARMUP fetches: median and
# slowest time, bytes.
#
#   bench/fhir-export.sh [RUNS]      (needs the packaged jar)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
runs=${1:-20}
warmup=${FHIR_WARMUP:-30}
schema=infusion_bench_fhir
port=18711
clinic=fhir-bench
work=$(mktemp -d)
export PGOPTIONS="--client-min-messages=warning"
psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
start_service $schema $port "$work/service.log"
pid=$service_pid
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_ready $port
sql() { psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 -c "set search_path = $schema; $1" postgres; }

# sessions(PATIENT-KEY, FIRST, LAST, READINGS): discharged sessions md5(s || n), one every 3 days.
sessions() {
    sql "insert into treatment_session (id, clinic_id, patient_id, drug, route, indication, planned_dose_amount, planned_dose_unit,
                                        lot_number, nurse, prescriber_on_site, status, created_at, dosing_started_at, dosing_ended_at,
                                        administered_dose_mg, discharged_at)
           select md5('s' || n)::uuid, '$clinic', md5('$1')::uuid, 'KETAMINE', 'IV', 'TRD', 0.5, 'MG_PER_KG', 'L' || n, 'nurse.b', true,
                  'DISCHARGED', now() - (n * interval '3 days'), now() - (n * interval '3 days'),
                  now() - (n * interval '3 days') + interval '40 minutes', 36, now() - (n * interval '3 days') + interval '180 minutes'
           from generate_series($2, $3) n;
         insert into vital_reading (id, clinic_id, session_id, measured_at, recorded_at, systolic, diastolic, heart_rate, spo2,
                                    respiratory_rate, temperature_c, on_oxygen, sedation_moaas, dissociation_cadss, nausea, consciousness)
           select gen_random_uuid(), '$clinic', md5('s' || n)::uuid, now() - (n * interval '3 days') + (k * interval '50 seconds'), now(),
                  118 + k % 30, 78, 64 + k % 20, 97, 14, 36.8, false, 5, 1, 0, 'ALERT'
           from generate_series($2, $3) n, generate_series(0, $4 - 1) k;
         insert into adverse_event (id, clinic_id, session_id, type, grade, serious, onset_at, recorded_at, description)
           select gen_random_uuid(), '$clinic', md5('s' || n)::uuid, 'NAUSEA', 1, false, now() - (n * interval '3 days') + interval '20 minutes',
                  now(), 'bench' from generate_series($2, $3) n;
         insert into flag (id, clinic_id, session_id, rule_id, rule_code, rule_version, seed_table, seed_row, severity, trigger, message, status,
                           occurrences, raised_at, last_matched_at)
           select gen_random_uuid(), '$clinic', md5('s' || n)::uuid, r.id, r.code, r.version, r.seed_table, r.seed_row, r.severity,
                  'READING', 'bench', 'OPEN', 1,
                  now() - (n * interval '3 days') + interval '10 minutes', now() - (n * interval '3 days') + interval '10 minutes'
           from generate_series($2, $3) n, (select id, code, version, seed_table, seed_row, severity from rule limit 1) r;
         analyze;"
}
sql "insert into patient (id, clinic_id, mrn, display_name, birth_year, weight_kg, created_at) values
       (md5('one')::uuid, '$clinic', 'F-1', 'Long session', 1980, 72.5, now()),
       (md5('many')::uuid, '$clinic', 'F-50', 'Fifty sessions', 1975, 80, now());"
sessions one 0 0 200
sessions many 1 50 20
session=$(psql -h 127.0.0.1 -U postgres -Atq -c "select md5('s0')::uuid" postgres)
patient=$(psql -h 127.0.0.1 -U postgres -Atq -c "select md5('many')::uuid" postgres)
token=$(dev/token.sh viewer $clinic fhir.viewer 120)

measure() { # label url
    for _ in $(seq 1 "$warmup"); do curl -sf -o /dev/null -H "Authorization: Bearer $token" "$2"; done
    for _ in $(seq 1 "$runs"); do
        curl -sf -o /dev/null -H "Authorization: Bearer $token" -w '%{time_total} %{size_download}\n' "$2"
    done | sort -n | awk -v label="$1" '{ t[NR] = $1; b = $2 }
        END { printf "%s: median %.1f ms, slowest %.1f ms, %d bytes (%.0f KB), %d runs\n",
              label, t[int((NR + 1) / 2)] * 1000, t[NR] * 1000, b, b / 1024, NR }'
}
measure "SESSION (200 readings)" "http://127.0.0.1:$port/api/v1/sessions/$session/fhir"
measure "PATIENT (50 sessions, 1,000 readings)" "http://127.0.0.1:$port/api/v1/patients/$patient/fhir"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/patients/$patient/fhir" >"$work/patient.json"
grep -o '"resourceType":"[A-Za-z]*"' "$work/patient.json" | sort | uniq -c | sed 's/^/  patient bundle: /'
echo "  patient bundle gzipped (a proxy's compression): $(gzip -c "$work/patient.json" | wc -c) bytes"
