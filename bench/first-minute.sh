#!/usr/bin/env bash
# The first minute after a start beside the warmed rate (issue 19, target b: within 70 %). For each
# variant of JVM options, one after the other and each from a fresh start in a fresh schema: starts
# the packaged service, opens FIRST_SESSIONS dosing sessions, then at once full write load (wrk,
# load.lua, 16 connections) for FIRST_MINUTE seconds in windows of FIRST_WINDOW seconds, printing
# each window's rate; then keeps loading until FIRST_WARMUP seconds of load in all (30 s windows),
# then measures the warmed rate for FIRST_MEASURE seconds. Prints per variant
#   FIRST-MINUTE: <rps> warmed=<rps> ratio=<pct>% variant=<name> ready=<seconds from java to ready>
#
#   bench/first-minute.sh      (needs the packaged jar: ./mvnw package; apt-get install wrk)
#   FIRST_VARIANTS="plain appcds c1 parallel serial" (run in that order), each a name below, a JVM
#   option as is (-XX:...), or several joined by commas (appcds,serial):
#     plain     no options
#     appcds    -XX:SharedArchiveFile=app-cds.jsa -Xshare:on (the JVM refuses to start rather than run
#               without the archive): needs target/quarkus-app/app-cds.jsa, from
#               ./mvnw package -Dquarkus.package.jar.appcds.enabled=true (same JVM as the run)
#     c1        -XX:TieredStopAtLevel=1 (C1 only: compiles fast, runs slower code)
#     notiered  -XX:-TieredCompilation (C2 only)
#     parallel  -XX:+UseParallelGC      serial  -XX:+UseSerialGC      g1  -XX:+UseG1GC
#   FIRST_MINUTE=60, FIRST_WINDOW=10, FIRST_WARMUP=240 (seconds of load in all, the first minute
#   included), FIRST_MEASURE=30, FIRST_SESSIONS=100, SERVICE_JAVA_OPTS (added to every variant)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/service.sh
command -v wrk >/dev/null || { echo "first-minute: wrk is missing (apt-get install wrk)" >&2; exit 1; }
schema=infusion_bench_first
port=18901
minute=${FIRST_MINUTE:-60} window=${FIRST_WINDOW:-10} warmup=${FIRST_WARMUP:-240} measure=${FIRST_MEASURE:-30}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export PGOPTIONS="--client-min-messages=warning"

options() { # variant -> JVM options
    local part out=""
    for part in ${1//,/ }; do
        case $part in
            plain) ;;
            appcds) out="$out -XX:SharedArchiveFile=app-cds.jsa -Xshare:on" ;;
            c1) out="$out -XX:TieredStopAtLevel=1" ;;
            notiered) out="$out -XX:-TieredCompilation" ;;
            parallel) out="$out -XX:+UseParallelGC" ;;
            serial) out="$out -XX:+UseSerialGC" ;;
            g1) out="$out -XX:+UseG1GC" ;;
            -*) out="$out $part" ;;
            *) echo "first-minute: unknown variant $part" >&2; return 1 ;;
        esac
    done
    echo "${out# }"
}
# load SECONDS: one full-rate wrk run; prints "<requests> <requests/s>".
load() {
    local out
    out=$(wrk -t2 -c16 -d"${1}s" -s bench/load.lua http://127.0.0.1:$port)
    echo "$(echo "$out" | grep -oE '[0-9]+ requests in' | grep -oE '^[0-9]+') $(echo "$out" | grep -oE '^LOAD: [0-9]+' | grep -oE '[0-9]+$')"
}

for variant in ${FIRST_VARIANTS:-plain appcds c1 parallel serial}; do
    opts=$(options "$variant")
    if [[ $opts == *SharedArchiveFile* ]] && [ ! -f target/quarkus-app/app-cds.jsa ]; then
        echo "first-minute: $variant skipped: no target/quarkus-app/app-cds.jsa (./mvnw package -Dquarkus.package.jar.appcds.enabled=true)" >&2
        continue
    fi
    psql -h 127.0.0.1 -U postgres -q -c "drop schema if exists $schema cascade" postgres
    started=$(date +%s%N)
    SERVICE_JAVA_OPTS="$opts ${SERVICE_JAVA_OPTS:-}" start_service $schema $port "$work/service-$variant.log"
    pid=$service_pid
    wait_ready $port
    ready=$(awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", ns / 1e9 }')
    token=$(dev/token.sh nurse first-clinic first.nurse 120)
    open_dosing_sessions $port "$token" "${FIRST_SESSIONS:-100}" >"$work/sessions"
    export LOAD_SESSIONS="$work/sessions" LOAD_TOKEN="$token"
    echo "$variant (${opts:-no options}): ready in $ready s"
    total=0 loaded=0
    while [ "$loaded" -lt "$minute" ]; do
        w=$((minute - loaded < window ? minute - loaded : window))
        read -r n r < <(load $w)
        total=$((total + n)) loaded=$((loaded + w))
        echo "  first minute, ${loaded} s: ${r} requests/s"
    done
    first=$((total / minute))
    while [ "$loaded" -lt "$warmup" ]; do
        w=$((warmup - loaded < 30 ? warmup - loaded : 30))
        read -r n r < <(load $w)
        loaded=$((loaded + w))
        echo "  warm-up, ${loaded} s: ${r} requests/s"
    done
    read -r n warmed < <(load "$measure")
    [ "${warmed:-0}" -gt 0 ] || { echo "first-minute: $variant: no warmed rate (see wrk)" >&2; exit 1; }
    echo "FIRST-MINUTE: $first warmed=$warmed ratio=$((100 * first / warmed))% variant=$variant ready=${ready}s"
    kill $pid; wait $pid 2>/dev/null || true
    pid=
done
