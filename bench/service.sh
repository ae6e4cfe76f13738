# Sourced by the bench scripts: starts the packaged service in a database schema of its own,
# trusting the dev key pair for tokens. A packaged service refuses that public key pair unless
# INFUSION_SECURITY_ALLOW_DEV_KEY=true (then it warns every minute): fine for a bench instance only.
#
#   start_service SCHEMA PORT LOGFILE [NAME=VALUE ...]   sets service_pid
#     SERVICE_JAVA_OPTS="-Xmx512m -XX:+UseSerialGC ..."  JVM options, passed to java before -jar.
#     With -XX:SharedArchiveFile (AppCDS) the service starts from target/quarkus-app: the archive
#     names its class path relative to that folder (then give the archive's path relative to it).
#   wait_ready PORT
#   open_dosing_sessions PORT TOKEN COUNT [monitors]   prints the ids of COUNT new sessions dosing for
#     20 min; with monitors, session n sits in chair-n and the monitor SIM-n is mapped to that chair
source "$(dirname "${BASH_SOURCE[0]}")/roles.sh"

start_service() {
    local schema=$1 port=$2 log=$3 root=$PWD dir=. jar=target/quarkus-app/quarkus-run.jar java_opts=()
    shift 3
    read -r -a java_opts <<<"${SERVICE_JAVA_OPTS:-}"
    case "${SERVICE_JAVA_OPTS:-}" in *SharedArchiveFile*) dir=target/quarkus-app jar=quarkus-run.jar ;; esac
    (cd "$dir" && exec env "${db_roles[@]}" DB_URL="jdbc:postgresql://127.0.0.1:5432/postgres?currentSchema=$schema" \
        QUARKUS_FLYWAY_SCHEMAS="$schema" QUARKUS_HIBERNATE_ORM_DATABASE_DEFAULT_SCHEMA="$schema" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev/jwt/public-key.pem" MP_JWT_VERIFY_ISSUER=https://infusion-tracker.dev/issuer \
        MP_JWT_VERIFY_AUDIENCES=infusion-tracker INFUSION_SECURITY_ALLOW_DEV_KEY=true \
        QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT=$((port + 1000)) "$@" java ${java_opts[@]+"${java_opts[@]}"} -jar "$jar") >"$log" 2>&1 &
    service_pid=$!
}

wait_ready() {
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/q/health/ready" && return 0
        sleep 0.5
    done
    echo "the service on port $1 did not become ready" >&2
    return 1
}

open_dosing_sessions() {
    local api=http://127.0.0.1:$1/api/v1 auth="Authorization: Bearer $2" json='Content-Type: application/json' n p s
    local mrn=B chair=
    for n in $(seq 1 "$3"); do
        if [ "${4:-}" = monitors ]; then
            mrn=M chair=',"chair":"chair-'$n'"'
        fi
        p=$(curl -sf -H "$auth" -H "$json" -d '{"mrn":"'$mrn-$n'","displayName":"Bench '$n'"}' $api/patients | _first_id)
        s=$(curl -sf -H "$auth" -H "$json" -d '{"patientId":"'$p'","drug":"KETAMINE","route":"IV","indication":"TRD","prescriberOnSite":true'"$chair"'}' $api/sessions | _first_id)
        curl -sf -o /dev/null -H "$auth" -H "$json" -d '{"measuredAt":"'$(date -u -d '-25 min' +%Y-%m-%dT%H:%M:%SZ)'","systolic":120,"diastolic":80}' $api/sessions/$s/vitals
        curl -sf -o /dev/null -H "$auth" -H "$json" -d '{"at":"'$(date -u -d '-20 min' +%Y-%m-%dT%H:%M:%SZ)'"}' $api/sessions/$s/start-dosing
        if [ "${4:-}" = monitors ]; then
            curl -sf -o /dev/null -X PUT -H "$auth" -H "$json" -d '{"chair":"chair-'$n'"}' $api/monitors/SIM-$n
        fi
        echo "$s"
    done
}

_first_id() {
    grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4
}
