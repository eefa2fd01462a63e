#!/usr/bin/env bash
# Runs the Redis pools' history checker (test/concurrency/redis-pool-checker.test.ts) N times in a
# row (default 20) and prints, per run, pass/fail and its summary line; exits non-zero if any run
# failed. Not part of CI (CI runs the checker once, with its fixed seeds): this is the evidence
# that it passes every time, not just once. Usage: bench/repeat-history-checker.sh [N] [jest args]
set -u
cd "$(dirname "$0")/.."
runs="${1:-20}"
shift || true
failed=0
for run in $(seq 1 "$runs"); do
  output="$(npx jest test/concurrency/redis-pool-checker.test.ts "$@" 2>&1)"
  status=$?
  summary="$(grep -m1 '^history:' <<<"$output" || echo 'history: (no summary)')"
  # Violation lines are printed only in a failure's diff (as quoted strings).
  violations="$(grep -cE '"(pool .* exceed the level|request .*)",?$' <<<"$output")"
  if [ "$status" -eq 0 ]; then verdict=pass; else verdict=FAIL; failed=$((failed + 1)); fi
  echo "run $run/$runs: $verdict, violation lines $violations; $summary"
  if [ "$status" -ne 0 ]; then grep -E 'exceed the level|never settled|●|Expected|Received|kept in' <<<"$output" | head -20; fi
done
echo "$((runs - failed))/$runs runs passed"
[ "$failed" -eq 0 ]
