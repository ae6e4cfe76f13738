#!/usr/bin/env bash
# Issue "Proof", item 6: N generated bad requests (default 10000) against every endpoint; prints
# the FUZZ summary (statuses seen, server errors, whether the database changed, the seed).
# PostgreSQL on 127.0.0.1:5432, as for the tests; -Dfuzz.seed=S in MAVEN_OPTS replays a run.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q verify -Dtest=FuzzTest -Dtest.excludedGroups=none -Dfuzz.requests="${1:-10000}" -Dsurefire.failIfNoSpecifiedTests=false \
    | grep -E '^FUZZ: [0-9]' || { echo "the fuzz run did not report; run it with output to see why" >&2; exit 1; }
