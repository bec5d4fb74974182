#!/usr/bin/env bash
# Issue 14's must-show: shards by measured durations, each shard's time against the mean.
# Two suites:
#   clinic     examples/clinic adopted as scripts/demo does (SQLite files, its 181 tests);
#   generated  db_sync (tests/projects) adopted on PostgreSQL, plus a generated module of
#              TESTS (default 1,000) tests burning CPU for 1-60 ms each (a seeded
#              long-tailed mix), every 10th on its shard's database.
# For each: make durations, then N = 2, 3, 4: every shard timed (wall, whole `make
# test-shard` process: start-up and collection included) and make shards-combine (the
# union must be exactly the suite). SEQUENTIAL=1 (default) runs the shards one after
# the other: on a shared 2-core machine, N shards at once measure the machine, not the
# split. SEQUENTIAL=0 runs them at once (one PostgreSQL server for all). Also prints
# what pytest-split planned with both of its algorithms on the same durations file.
source "$(dirname "$0")/../scripts/_venv.sh"
source "$ROOT/scripts/_postgres.sh"
TESTS="${TESTS:-1000}"
SEQUENTIAL="${SEQUENTIAL:-1}"
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
    rm -rf .tuneup-shards
    for group in $(seq 1 "$splits"); do
      if [ "$SEQUENTIAL" = 1 ]; then
        start="$(date +%s.%N)"
        make --no-print-directory test-shard SHARD="$group/$splits" PYTHON=python >"$WORK/$name-$splits-$group.log" 2>&1 || true
        echo "$splits $group $(echo "$(date +%s.%N) - $start" | bc)" >>"$WORK/$name.times"
      else
        (
          start="$(date +%s.%N)"
          make --no-print-directory test-shard SHARD="$group/$splits" PYTHON=python >"$WORK/$name-$splits-$group.log" 2>&1 || true
          echo "$splits $group $(echo "$(date +%s.%N) - $start" | bc)" >>"$WORK/$name.times"
        ) &
      fi
    done
    wait
    make --no-print-directory shards-combine PYTHON=python >"$WORK/$name-$splits-combine.log" 2>&1 || true
    grep -E "^shards: (the union|[0-9]+ files|no JUnit|[0-9]+ tests)" "$WORK/$name-$splits-combine.log"
  done
  python "$ROOT/benchmarks/shards_report.py" times "$WORK/$name.times"
}

# ---- the clinic, as scripts/demo scaffolds it (its own SQLite files) --------------------
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

# ---- a generated suite of uneven CPU costs, on one PostgreSQL server ----------------------
cp -r "$ROOT/tests/projects/db_sync" "$WORK/generated"
python - "$WORK/generated/tests/test_generated.py" "$TESTS" <<'PY'
import random
import sys

rng = random.Random(14)
# Mostly a few milliseconds, a long tail up to 60 ms: shards by count would be uneven.
costs = [min(60.0, 1.0 + rng.lognormvariate(1.0, 1.0)) for _ in range(int(sys.argv[2]))]
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
echo "The projects and the shards' logs are in $WORK."
