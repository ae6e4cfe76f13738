#!/usr/bin/env bash
# Crash safety (issue "Proof", item 4). Under write load from a client that retries every reading
# under its own Idempotency-Key until it is acknowledged, the packaged service is killed with
# SIGKILL several times and restarted. Then PostgreSQL itself is asked: every acknowledged reading
# exists exactly once, under the id the client was answered with; no reading exists twice; no
# reading exists that the client never sent; and idempotency_key holds exactly one row per stored
# reading, pointing at it. Prints one CRASH line and exits non-zero on any violation.
#
#   bench/crash.sh [--short] [KILLS] [READINGS]
#   env: KILLS (5), READINGS (2000), WORKERS (4), PORT (18201), SEED (42), SESSIONS (4),
#        TRACE=FILE (append the kills, restarts and every failed or retried attempt to FILE)
#   --short: 2 kills, 1000 readings (for CI, under a minute; enough that both kills land under load)
#
# Needs the jar (./mvnw package -DskipTests), PostgreSQL on 127.0.0.1:5432 (user postgres, trust),
# python3, curl, psql, openssl. Works in the schema infusion_crash, which it drops and recreates at
# the start and leaves behind for inspection (table crash_sent: what the client sent and was told).
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=${KILLS:-5}; READINGS=${READINGS:-2000}
if [ "${1:-}" = "--short" ]; then KILLS=2; READINGS=1000; shift; fi
KILLS=${1:-$KILLS}; READINGS=${2:-$READINGS}
WORKERS=${WORKERS:-4}; PORT=${PORT:-18201}; SEED=${SEED:-42}; SESSIONS=${SESSIONS:-4}
RANDOM=$SEED

jar=target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "crash: $jar is missing; run ./mvnw package -DskipTests first" >&2; exit 1; }
schema=infusion_crash
clinic=crash-clinic
psql_() { PGOPTIONS="--client-min-messages=warning" psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1 "$@" postgres; }

work=$(mktemp -d -t crash.XXXXXX)
java_pid=""; client_pid=""
cleanup() {
    [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
    [ -n "$java_pid" ] && kill "$java_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s.%N)
psql_ -c "drop schema if exists $schema cascade" >/dev/null
source bench/roles.sh

starts=0
# The bench instance trusts the public dev key pair, allowed explicitly (it warns every minute).
start() {
    starts=$((starts + 1))
    env "${db_roles[@]}" DB_URL="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$schema" \
    QUARKUS_FLYWAY_SCHEMAS=$schema QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA=$schema \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$PWD/dev/jwt/public-key.pem" MP_JWT_VERIFY_ISSUER=https://infusion-tracker.dev/issuer \
    MP_JWT_VERIFY_AUDIENCES=infusion-tracker INFUSION_SECURITY_ALLOW_DEV_KEY=true \
    QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1000)) java -jar "$jar" >"$work/service-$starts.log" 2>&1 &
    java_pid=$!
}
ready() {
    for _ in $(seq 1 240); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && return 0
        kill -0 "$java_pid" 2>/dev/null || break
        sleep 0.25
    done
    echo "crash: the service did not become ready (start $starts)" >&2; tail -30 "$work/service-$starts.log" >&2; exit 1
}
# A random number of milliseconds in [lo, hi], from the seeded RANDOM.
between() { echo $(( $1 + RANDOM % ($2 - $1 + 1) )); }
ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

start; ready

# A patient and a few sessions in dosing, dosing started an hour ago.
dev/token.sh nurse,physician $clinic crash.bench 120 >"$work/token"
auth="Authorization: Bearer $(cat "$work/token")"
api=http://127.0.0.1:$PORT/api/v1
id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
post() { curl -sf -H "$auth" -H 'Content-Type: application/json' "$@"; }
started_at=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
predose_at=$(date -u -d '-65 minutes' +%Y-%m-%dT%H:%M:%SZ)   # the dosing gate's blood pressure, before base
base=$(date -u -d '-50 minutes' +%Y-%m-%dT%H:%M:%S.000Z)   # reading i is measured at base + i ms
patient=$(post -d '{"mrn":"CRASH-'$RANDOM$RANDOM'","displayName":"Crash Bench","birthYear":1980,"weightKg":70}' $api/patients | id)
sessions=()
for _ in $(seq 1 "$SESSIONS"); do
    s=$(post -d '{"patientId":"'$patient'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true}' $api/sessions | id)
    post -o /dev/null -d '{"measuredAt":"'$predose_at'","systolic":120,"diastolic":80}' $api/sessions/$s/vitals
    post -o /dev/null -d '{"at":"'$started_at'"}' $api/sessions/$s/start-dosing
    sessions+=("$s")
done
session_list=$(IFS=,; echo "${sessions[*]}")

python3 bench/crash-client.py --url "$api" --token-file "$work/token" --sessions "$session_list" \
    --count "$READINGS" --workers "$WORKERS" --base "$base" --out "$work/sent.tsv" ${TRACE:+--trace "$TRACE"} >"$work/client.out" 2>&1 &
client_pid=$!

# The killer: every 2-4 s a SIGKILL, 0.5-1 s down, restart, wait until ready.
kills=0
killed_idle=0
while [ "$kills" -lt "$KILLS" ]; do
    sleep "$(ms "$(between 2000 4000)")"
    kill -0 "$client_pid" 2>/dev/null || killed_idle=$((killed_idle + 1))
    [ -z "${TRACE:-}" ] || echo "$(date +%s.%3N) kill -9" >>"$TRACE"
    kill -9 "$java_pid"; wait "$java_pid" 2>/dev/null || true
    kills=$((kills + 1))
    sleep "$(ms "$(between 500 1000)")"
    start; ready
    [ -z "${TRACE:-}" ] || echo "$(date +%s.%3N) ready again" >>"$TRACE"
done

client_rc=0
wait "$client_pid" || client_rc=$?
client_pid=""
cat "$work/client.out"
# Stop the service before counting, so that nothing is written behind the counts.
kill "$java_pid"; wait "$java_pid" 2>/dev/null || true; java_pid=""
[ -f "$work/sent.tsv" ] || { echo "crash: the client wrote no results" >&2; exit 1; }

# What the client sent and was told, next to what the database holds.
psql_ >/dev/null <<SQL
create table $schema.crash_sent (seq int primary key, key text not null, session_id uuid not null,
    measured_at timestamptz not null, heart_rate int not null, nausea int not null, acked boolean not null,
    reading_id uuid, attempts int not null, replayed boolean not null);
\copy $schema.crash_sent from '$work/sent.tsv'
SQL
sessions_sql="'$(IFS=,; echo "${sessions[*]}" | sed "s/,/','/g")'"
counts=$(psql_ -A -t -F ' ' <<SQL
set search_path = $schema;
with r as (select * from vital_reading where session_id in ($sessions_sql) and measured_at >= '$base'),
     matched as (select s.seq, s.acked, s.reading_id, r.id from crash_sent s join r
                 on r.session_id = s.session_id and r.measured_at = s.measured_at
                 and r.heart_rate = s.heart_rate and r.nausea = s.nausea and r.spo2 = 98)
select
  (select count(*) from crash_sent where attempts > 0),                                  -- sent
  (select count(*) from crash_sent where acked),                                         -- acknowledged
  (select count(*) from r),                                                              -- stored
  (select count(*) from (select seq from matched group by seq having count(*) > 1) d),   -- duplicates
  (select count(*) from r where id not in (select id from matched)),                     -- unknown
  (select count(distinct seq) from matched where not acked),                             -- unacknowledged-but-stored
  (select count(*) from crash_sent s where acked and not exists
       (select 1 from r where r.id = s.reading_id)),                                     -- acknowledged but missing
  (select count(*) from matched where acked and id <> reading_id),                       -- stored under another id
  (select count(*) from crash_sent where replayed),                                      -- answered by a replay
  (select count(*) from idempotency_key k join crash_sent s on k.key = s.key
       where k.clinic_id = '$clinic'),                                                   -- key rows
  (select count(*) from crash_sent s join matched m on m.seq = s.seq
       join idempotency_key k on k.clinic_id = '$clinic' and k.key = s.key
       and k.status = 201 and k.location like '%' || m.id::text),                        -- key rows naming their reading
  (select count(*) from idempotency_key where clinic_id = '$clinic'
       and key not in (select key from crash_sent))                                      -- stray key rows
SQL
)
read -r sent acked stored dups unknown unacked_stored missing wrong_id replays key_rows key_ok stray_keys <<<"$counts"
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
printf 'CRASH: kills=%d sent=%d acknowledged=%d stored=%d duplicates=%d unknown=%d unacknowledged-but-stored=%d\n' \
    "$kills" "$sent" "$acked" "$stored" "$dups" "$unknown" "$unacked_stored"
printf 'crash: acknowledged-but-missing=%d wrong-id=%d replayed-answers=%d key-rows=%d key-rows-naming-their-reading=%d stray-keys=%d kills-after-client-finished=%d workers=%d seed=%d in %s s\n' \
    "$missing" "$wrong_id" "$replays" "$key_rows" "$key_ok" "$stray_keys" "$killed_idle" "$WORKERS" "$SEED" "$secs"

fail=0
[ "$client_rc" -eq 0 ] || { echo "crash: the client reported refused requests" >&2; fail=1; }
[ "$acked" -eq "$sent" ] || echo "crash: note: $((sent - acked)) readings sent were never acknowledged (client gave up)" >&2
[ "$dups" -eq 0 ] || { echo "crash: VIOLATION: $dups readings are stored more than once" >&2; fail=1; }
[ "$unknown" -eq 0 ] || { echo "crash: VIOLATION: $unknown stored readings were never sent" >&2; fail=1; }
[ "$missing" -eq 0 ] || { echo "crash: VIOLATION: $missing acknowledged readings are not stored" >&2; fail=1; }
[ "$wrong_id" -eq 0 ] || { echo "crash: VIOLATION: $wrong_id readings are stored under another id than acknowledged" >&2; fail=1; }
[ "$stored" -eq $((acked + unacked_stored)) ] || { echo "crash: VIOLATION: stored $stored != acknowledged $acked + unacknowledged-but-stored $unacked_stored" >&2; fail=1; }
[ "$key_rows" -eq "$stored" ] && [ "$key_ok" -eq "$stored" ] && [ "$stray_keys" -eq 0 ] \
    || { echo "crash: VIOLATION: idempotency_key rows ($key_rows, $key_ok naming their reading, $stray_keys stray) do not match the $stored stored readings" >&2; fail=1; }
[ "$killed_idle" -eq 0 ] || echo "crash: note: $killed_idle kills came after the client had finished (raise READINGS)" >&2
exit $fail
