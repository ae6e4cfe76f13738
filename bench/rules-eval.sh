#!/usr/bin/env bash
# The cost of evaluating the whole READING rule set for one reading (issue 3: under 50 µs).
# Runs the tagged benchmark RuleEvaluationBenchmark against the shipped rules (PostgreSQL on
# 127.0.0.1:5432, as for the tests) and prints the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q test -Dtest=RuleEvaluationBenchmark -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    | grep -E '^RULE EVALUATION' || { echo "benchmark did not report; run with output to see why" >&2; exit 1; }
