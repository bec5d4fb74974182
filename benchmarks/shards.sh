#!/usr/bin/env bash
# Issue 14's must-show: shards by measured durations, each shard's time against the mean.
# Two suites:
#   clinic     examples/clinic adopted as scripts/demo does (SQLite files, its 181 tests);
#   generated  db_sync (tests/projects) adopted on PostgreSQL, plus a generated module of
#              TESTS (default 1,000) tests burning CPU for 1-150 ms each (a seeded
#              long-tailed mix, about 20 s in all), every 10th on its shard's database.
# SUITES="clinic generated" (the default) picks which. ROUNDS=2 (default): every shard
# runs that many times, the order reversed every other round; its median is reported,
# wall time and CPU time (user + system of the whole process tree).
# For each: make durations, then N = 2, 3, 4: every shard timed (the whole `make
# test-shard` process: start-up and collection included) and make shards-combine (the
# union must be exactly the suite). SEQUENTIAL=1 (default) runs the shards one after
# the other: on a shared 2-core machine, N shards at once measure the machine, not the
# split. SEQUENTIAL=0 runs them at once (one PostgreSQL server for all). Also prints
# what pytest-split planned with both of its algorithms on the same durations file.
source "$(dirname "$0")/../scripts/_venv.sh"
source "$ROOT/scripts/_postgres.sh"
TESTS="${TESTS:-1000}"
SEQUENTIAL="${SEQUENTIAL:-1}"
SUITES="${SUITES:-clinic generated}"
ROUNDS="${ROUNDS:-2}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-shards.XXXXXX")"
ANSWERS=(--data coverage=false --data parallel=false)

adopt() { # folder, copier --data options...
  local folder="$1"
  shift
  cd "$folder"
  git init -q -b main && git add -A && git commit -q -m "as the team has it"
  copier copy --trust --defaults --vcs-ref HEAD --quiet "${ANSWERS[@]}" "$@" "$ROOT" "$folder"
  git add -A && git commit -q -m "pytest-tuneup"
}

shard_times() { # name: make durations, then N = 2, 3, 4
  local name="$1" splits group start
  echo "== $name: make durations (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  make --no-print-directory durations PYTHON=python >"$WORK/$name-durations.log" 2>&1 ||
    { tail -n 30 "$WORK/$name-durations.log"; exit 1; }
  tail -n 1 "$WORK/$name-durations.log"
  python "$ROOT/benchmarks/shards_report.py" plan .test_durations
  for splits in 2 3 4; do
    for round in $(seq 1 "$ROUNDS"); do
      rm -rf .tuneup-shards
      # Odd rounds 1..N, even rounds N..1: the machine's drift hits every shard alike.
      order="$(seq 1 "$splits")"
      if [ $((round % 2)) = 0 ]; then order="$(seq "$splits" -1 1)"; fi
      for group in $order; do
        shard=(python "$ROOT/benchmarks/shards_report.py" run "$WORK/$name.times" "$splits" "$group"
          make --no-print-directory test-shard SHARD="$group/$splits" PYTHON=python)
        if [ "$SEQUENTIAL" = 1 ]; then "${shard[@]}"; else "${shard[@]}" & fi
      done
      wait
      make --no-print-directory shards-combine PYTHON=python >"$WORK/$name-$splits-combine.log" 2>&1 || true
      grep -E "^shards: (the union|[0-9]+ files|no JUnit|[0-9]+ tests)" "$WORK/$name-$splits-combine.log"
    done
  done
  python "$ROOT/benchmarks/shards_report.py" times "$WORK/$name.times"
}

# ---- the clinic, as scripts/demo scaffolds it (its own SQLite files) --------------------
if [[ " $SUITES " == *" clinic "* ]]; then
(cd "$ROOT/examples" && git ls-files -z --cached --others --exclude-standard clinic | tar --null -T - -cf -) |
  tar -C "$WORK" -xf -
(
  unset TEST_DATABASE_URL
  adopt "$WORK/clinic" --data database=sqlite --data db_api=async --data models=clinic.models:Base
  # Adopted without make doctor-fix, two tests that wait for the SMS notifier's batch
  # fail on this machine (before and after this change): left out of every run here.
  flaky=tests/api/test_appointments_api.py
  export PYTEST_ARGS="--deselect $flaky::test_booking_texts_the_owner --deselect $flaky::test_cancel_the_same_morning_is_late_and_texted"
  shard_times clinic
)
fi

# ---- a generated suite of uneven CPU costs, on one PostgreSQL server ----------------------
if [[ " $SUITES " == *" generated "* ]]; then
cp -r "$ROOT/tests/projects/db_sync" "$WORK/generated"
python - "$WORK/generated/tests/test_generated.py" "$TESTS" <<'PY'
import random
import sys

rng = random.Random(14)
# Median 13 ms, a long tail up to 150 ms: shards by count would be uneven.
costs = [min(150.0, 1.0 + rng.lognormvariate(2.5, 1.0)) for _ in range(int(sys.argv[2]))]
lines = [
    "import time",
    "",
    "import pytest",
    "",
    "from library.services import add_author",
    "",
    "COSTS = " + repr([round(c, 2) for c in costs]),
    "",
    "",
    "def burn(ms):",
    "    end = time.process_time() + ms / 1000",
    "    while time.process_time() < end:",
    "        pass",
    "",
    "",
    "@pytest.mark.parametrize('n', range(len(COSTS)))",
    "def test_generated(request, n):",
    "    if n % 10 == 0:",
    "        add_author(request.getfixturevalue('db_session'), f'Author {n}')",
    "    burn(COSTS[n])",
    "",
]
open(sys.argv[1], "w").write("\n".join(lines))
print(f"generated {len(costs)} tests, {sum(costs) / 1000:.1f} s of CPU in all")
PY
(
  adopt "$WORK/generated" --data database=postgresql --data db_api=sync --data models=library.models:Base
  shard_times generated
)
fi
echo "The projects and the shards' logs are in $WORK."
