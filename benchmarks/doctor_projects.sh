#!/usr/bin/env bash
# make doctor-fix on the fixture projects with a slow shape, measured in CPU time
# (issue 12's must-show: at least 3x cheaper, every test's outcome the same; the
# outcomes are tests/test_doctor_fix.py's to assert, the CPU time is this script's).
# For each project: a scratch copy made a git repository, copier with the answers the
# tests use, a copy of that ("before"), make doctor-fix, then benchmarks/cpu_ab.py
# before against after (rounds alternating the order). RUNS=N rounds (default 6);
# COPIES=K (default 1) measures a suite K times the project's size: each test module
# copied K-1 times before the fix, so doctor-fix proves and times its rewrite on the
# whole suite (pytest's start-up, ~1.5 s of CPU, is
# paid once per run, so a 100-test suite shows less of the per-test gain than a real
# suite of 1,000 tests does); arguments: the projects to run (default: all below).
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-6}"
COPIES="${COPIES:-1}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-doctor-projects.XXXXXX")"
declare -A MODELS=(
  [doctor_sync_sessionmaker]="database=sqlite db_api=sync models=ledger.models:Base"
  [doctor_async_two_schemas]="database=sqlite db_api=async models=atlas.models:Base,atlas.visits:metadata"
  [doctor_get_db_override]="database=sqlite db_api=sync models=kennel.models:Base"
  [doctor_flask_factory_per_test]="database=sqlite db_api=sync models=greenhouse.extensions:db.metadata"
  [doctor_event_loop]="database=none"
)
for name in "${@:-${!MODELS[@]}}"; do
  project="$WORK/$name"
  cp -r "$ROOT/tests/projects/$name" "$project"
  cd "$project"
  git init -q -b main && git add -A && git commit -q -m "$name as its team has it"
  data=()
  for answer in ${MODELS[$name]} coverage=false; do data+=(--data "$answer"); done
  copier copy --trust --defaults --vcs-ref HEAD --quiet "${data[@]}" "$ROOT" "$project" >/dev/null
  git add -A && git commit -q -m "pytest-tuneup"
  # The copies are untracked files: doctor-fix proves its rewrite on all of them.
  for ((copy = 2; copy <= COPIES; copy++)); do
    find "$project/tests" -path "$project/tests/tuneup" -prune -o -name 'test_*.py' -print \
      | grep -v '_copy[0-9]*\.py$' | while read -r module; do
      cp "$module" "${module%.py}_copy$copy.py"
    done
  done
  cp -r "$project" "$WORK/$name-before"
  echo "== $name: make doctor-fix"
  make --no-print-directory doctor-fix RUNS=2 PYTHON=python | grep -E "times faster|outcome|rolled back" || true
  git --no-pager diff --stat
  echo "== $name ($COPIES cop$( ((COPIES == 1)) && echo y || echo ies) of its tests): CPU time, A = before, B = after doctor-fix (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  python "$ROOT/benchmarks/cpu_ab.py" "$WORK/$name-before" "$project" --rounds "$RUNS" --pytest "python -m pytest"
  echo
done
