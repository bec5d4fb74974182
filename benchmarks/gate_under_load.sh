#!/usr/bin/env bash
# The regression gate under load (docs/performance.md, "The regression gate under load";
# issue 13's must-show): `make bench-check` on an unchanged suite while another process
# keeps one core busy, and on the same suite with 25 % more CPU work in its tests (a busy
# loop on the process clock: a sleep costs no CPU). Counts the checks that failed (the
# benchmark's exit code 1) each way: 0 of N and N of N are the goal.
#
# usage: benchmarks/gate_under_load.sh [N] [JOBS]
#   N checks each way (default 20), RUNS=5 rounds each (the default), BENCH_THRESHOLD=10.
#   The checks alternate, unchanged then slowed, so both meet the same load; JOBS series
#   (default 1) run side by side in copies of the project, each with its own checks.
# The suite: the bare fixture project plus ten tests that burn 0.1 s of CPU each, copier
# applied (coverage off), committed; `make bench-save` once; each check then compares the
# working tree with that commit, interleaved. Logs and each check's JSON stay in $WORK.
# At the end, the same runs judged by the rule for a baseline without its commit (the
# saved figures), for comparison.
source "$(dirname "$0")/../scripts/_venv.sh"
N="${1:-20}"
JOBS="${2:-1}"
RUNS="${RUNS:-5}"
THRESHOLD="${BENCH_THRESHOLD:-10}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-gate-under-load.XXXXXX")"
PROJECT="$WORK/bare-1"
cp -r "$ROOT/tests/projects/bare" "$PROJECT"
burn_tests() {  # $1: the project, $2: CPU seconds each of the ten tests burns
  cat >"$1/tests/test_burn.py" <<EOF
import time

import pytest

BURN = $2


@pytest.mark.parametrize("part", range(10))
def test_burn(part):
    end = time.process_time() + BURN
    while time.process_time() < end:
        pass
EOF
}
burn_tests "$PROJECT" 0.1
cd "$PROJECT"
git init -q -b main && git add -A && git commit -q -m "the bare project and ten tests that burn CPU"
copier copy --trust --defaults --vcs-ref HEAD --quiet --data coverage=false "$ROOT" "$PROJECT" >/dev/null
git add -A && git commit -q -m "pytest-tuneup"

echo "== bench-save (RUNS=$RUNS), load $(cut -d' ' -f1-3 /proc/loadavg)"
make --no-print-directory bench-save RUNS="$RUNS" PYTHON=python BENCH_ARGS=--no-imports >"$WORK/save.log" 2>&1
# 25 % of the saved run's whole CPU time (pytest's start, collection, the bare project's
# own tests and the ten burning ones) goes into the ten tests.
CPU="$(python -c "import json; print(json.load(open('.tuneup-bench/baseline.json'))['summary']['cpu']['median'])")"
SLOWED="$(python -c "print(round(0.1 + 0.25 * $CPU / 10, 4))")"
echo "== the saved run's CPU median: ${CPU} s; slowed: each test burns ${SLOWED} s instead of 0.1 s"
for job in $(seq 2 "$JOBS"); do cp -r "$PROJECT" "$WORK/bare-$job"; done

check() {  # $1 project, $2 name: prints the benchmark's exit code (make's is 2 on any failure)
  if make --no-print-directory -C "$1" bench-check RUNS="$RUNS" BENCH_THRESHOLD="$THRESHOLD" PYTHON=python \
    BENCH_ARGS="--no-imports --json $WORK/$2.json" >"$WORK/$2.log" 2>&1; then
    echo 0
  else
    sed -n 's/^make: \*\*\* .* Error \([0-9]*\)$/\1/p' "$WORK/$2.log" | tail -1
  fi
}
summary() {  # $1 name, $2 exit code: each gated figure's median ratio, bounds and status
  python - "$WORK/$1.json" "$2" <<'EOF'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except OSError:
    sys.exit(print(f"exit {sys.argv[2]}: no JSON"))
parts = [
    f"{v['figure']} x{1 + v['percent'] / 100:.3f} [{v['low']:.3f}, {v['high']:.3f}] {v['status']}"
    for v in data["verdicts"]
]
print(f"exit {sys.argv[2]}: " + "; ".join(parts))
EOF
}
series() {  # $1 job: checks job, job + JOBS, ... each unchanged then slowed
  local project="$WORK/bare-$1"
  for i in $(seq "$1" "$JOBS" "$N"); do
    for kind in unchanged slowed; do
      if [ "$kind" = unchanged ]; then burn_tests "$project" 0.1; else burn_tests "$project" "$SLOWED"; fi
      code="$(check "$project" "$kind-$i")"
      echo "$code" >"$WORK/$kind-$i.code"
      echo "$kind $i/$N (job $1), load $(cut -d' ' -f1 /proc/loadavg): $(summary "$kind-$i" "$code")"
    done
  done
}

tally() {  # $1 the work folder: counts, ratios, and the saved-figures rule on the same runs
  PYTHONPATH="$ROOT/src" python - "$1" "$THRESHOLD" <<'EOF'
import json, statistics, sys
from pathlib import Path

from pytest_tuneup.bench.results import baseline_from_json
from pytest_tuneup.bench.stats import compare, summarize

work, threshold = Path(sys.argv[1]), float(sys.argv[2])
saved = json.loads((work / "bare-1/.tuneup-bench/baseline.json").read_text())
base = baseline_from_json(saved)
for kind in ("unchanged", "slowed"):
    codes, old = [], 0
    ratios = {"wall": [], "cpu": [], "rss_tree": []}
    lows = {"wall": [], "cpu": [], "rss_tree": []}
    for code_file in sorted(work.glob(f"{kind}-*.code")):
        codes.append(code_file.read_text().strip())
        data = json.loads(code_file.with_suffix(".json").read_text())
        for v in data["verdicts"]:
            ratios[v["figure"]].append(1 + v["percent"] / 100)
            lows[v["figure"]].append(v["low"])
        # The rule bench-check keeps for a baseline without its commit, on these runs.
        new = {key: summarize(data["samples"][key]) for key in ratios}
        if any(compare(key, base.summary[key], new[key], threshold).status == "worse" for key in new):
            old += 1
    n = len(codes)
    other = n - codes.count("1") - codes.count("0")
    print(f"{kind}: {codes.count('1')} of {n} checks failed (exit 1), {other} ended otherwise; "
          f"against the saved figures instead, {old} of {n} would have failed")
    for key in ratios:
        if ratios[key]:
            print(f"  {key}: median ratio {statistics.median(ratios[key]):.3f} "
                  f"(checks {min(ratios[key]):.3f}-{max(ratios[key]):.3f}), "
                  f"lower bound {min(lows[key]):.3f}-{max(lows[key]):.3f}")
EOF
}

python -c 'while True: pass' &
LOAD=$!
trap 'kill $LOAD' EXIT
echo "== one core kept busy by process $LOAD; $N checks each way in $JOBS series (RUNS=$RUNS, threshold $THRESHOLD%)"
for job in $(seq "$JOBS"); do series "$job" & done
wait $(jobs -p | grep -v "^$LOAD$")
echo
tally "$WORK"
echo "(logs and each check's JSON: $WORK)"
