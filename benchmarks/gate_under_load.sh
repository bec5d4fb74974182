#!/usr/bin/env bash
# The regression gate under load (docs/performance.md, "The regression gate under load";
# issue 13's must-show): N `make bench-check` runs of an unchanged suite while another
# process keeps one core busy, then N runs of the same suite with 25 % more CPU work in
# its tests (a busy loop on the process clock: a sleep costs no CPU). Counts the checks
# that failed (exit code 1) each way: 0 of N and N of N are the goal.
#
# usage: benchmarks/gate_under_load.sh [N]   (N checks each way, default 20; RUNS=5)
# The suite: the bare fixture project with ten tests that burn 0.1 s of CPU each, copier
# applied (coverage off), committed; `make bench-save` once, then the checks compare the
# working tree with that commit, interleaved. Each check's JSON stays in the work folder.
source "$(dirname "$0")/../scripts/_venv.sh"
N="${1:-20}"
RUNS="${RUNS:-5}"
THRESHOLD="${BENCH_THRESHOLD:-10}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-gate-under-load.XXXXXX")"
PROJECT="$WORK/bare"
cp -r "$ROOT/tests/projects/bare" "$PROJECT"
burn_tests() {  # $1: CPU seconds each of the ten tests burns
  cat >"$PROJECT/tests/test_burn.py" <<EOF
import time

import pytest

BURN = $1


@pytest.mark.parametrize("part", range(10))
def test_burn(part):
    end = time.process_time() + BURN
    while time.process_time() < end:
        pass
EOF
}
burn_tests 0.1
cd "$PROJECT"
git init -q -b main && git add -A && git commit -q -m "the bare project and ten tests that burn CPU"
copier copy --trust --defaults --vcs-ref HEAD --quiet --data coverage=false "$ROOT" "$PROJECT" >/dev/null
git add -A && git commit -q -m "pytest-tuneup"
check() {  # prints the benchmark's exit code (make's own is 2 whenever a recipe fails)
  if make --no-print-directory bench-check RUNS="$RUNS" BENCH_THRESHOLD="$THRESHOLD" PYTHON=python \
    BENCH_ARGS="--no-imports --json $1" >"${1%.json}.log" 2>&1; then
    echo 0
  else
    sed -n 's/^make: \*\*\* .* Error \([0-9]*\)$/\1/p' "${1%.json}.log" | tail -1
  fi
}
summary() {  # one line per check: exit code, and each gated figure's ratio and bounds
  python - "$1" "$2" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
parts = [
    f"{v['figure']} x{1 + v['percent'] / 100:.3f} [{v['low']:.3f}, {v['high']:.3f}] {v['status']}"
    for v in data["verdicts"]
]
print(f"exit {sys.argv[2]}: " + "; ".join(parts))
EOF
}

echo "== bench-save (RUNS=$RUNS), load $(cut -d' ' -f1-3 /proc/loadavg)"
make --no-print-directory bench-save RUNS="$RUNS" PYTHON=python BENCH_ARGS=--no-imports >"$WORK/save.log" 2>&1
# Ten tests of 0.1 s each: the rest of the run's CPU is pytest's start, collection and the
# bare project's own tests. 25 % of the whole run's CPU goes into the ten tests.
CPU="$(python -c "import json; print(json.load(open('.tuneup-bench/baseline.json'))['summary']['cpu']['median'])")"
SLOWED="$(python -c "print(round(0.1 + 0.25 * $CPU / 10, 4))")"

python -c 'while True: pass' &
LOAD=$!
trap 'kill $LOAD' EXIT
echo "== one core kept busy by process $LOAD; $N checks of the unchanged suite (RUNS=$RUNS, threshold $THRESHOLD%)"
failed=0
for i in $(seq "$N"); do
  code="$(check "$WORK/unchanged-$i.json")"
  [ "$code" = 1 ] && failed=$((failed + 1))
  [ "$code" != 0 ] && [ "$code" != 1 ] && { echo "check $i: exit $code (see $WORK/unchanged-$i.log)"; continue; }
  echo "unchanged $i/$N, load $(cut -d' ' -f1 /proc/loadavg): $(summary "$WORK/unchanged-$i.json" "$code")"
done
UNCHANGED_FAILED=$failed

burn_tests "$SLOWED"
echo "== the saved run's CPU median was ${CPU} s: each test now burns ${SLOWED} s instead of 0.1 s (+25 % of the run's CPU); $N checks"
failed=0
for i in $(seq "$N"); do
  code="$(check "$WORK/slowed-$i.json")"
  [ "$code" = 1 ] && failed=$((failed + 1))
  [ "$code" != 0 ] && [ "$code" != 1 ] && { echo "check $i: exit $code (see $WORK/slowed-$i.log)"; continue; }
  echo "slowed $i/$N, load $(cut -d' ' -f1 /proc/loadavg): $(summary "$WORK/slowed-$i.json" "$code")"
done
echo
echo "unchanged suite under load: $UNCHANGED_FAILED of $N checks failed"
echo "suite with 25 % more CPU, under load: $failed of $N checks failed"
echo "(logs and each check's JSON: $WORK)"
