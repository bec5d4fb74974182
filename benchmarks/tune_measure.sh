#!/usr/bin/env bash
# make tune (issue 13) on three suites, and what its written configuration gains:
#   clinic  examples/clinic adopted as scripts/demo does (database fixtures, doctor-fix
#           left out: the team's own fixtures), 181 tests
#   cheap   benchmarks/tune_suites.py cheap: 600 cheap tests
#   db      benchmarks/tune_suites.py db: tests/projects/db_sync plus 220 database tests
# For each: a git repository, copier copy --defaults (with the answers named below),
# committed; `make tune WRITE=1 ROUNDS=$ROUNDS`; then, when it wrote something,
# `make bench-ab A=HEAD RUNS=$RUNS`: the adopted defaults against the written
# configuration, interleaved. Arguments: the suites to run (default: all three).
# ROUNDS (default 3) and RUNS (default 5) set the rounds.
source "$(dirname "$0")/../scripts/_venv.sh"
ROUNDS="${ROUNDS:-3}"
RUNS="${RUNS:-5}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-tune.XXXXXX")"
declare -A ANSWERS=(
  [clinic]="database=sqlite db_api=async models=clinic.models:Base"
  [cheap]=""
  [db]="database=sqlite db_api=sync models=library.models:Base"
)
for name in "${@:-clinic cheap db}"; do
  for suite in $name; do
    project="$WORK/$suite"
    case "$suite" in
      clinic)
        (cd "$ROOT/examples" && git ls-files -z --cached --others --exclude-standard clinic |
          tar --null -T - -cf -) | tar -C "$WORK" -xf - ;;
      *) python "$ROOT/benchmarks/tune_suites.py" "$suite" "$project" ;;
    esac
    cd "$project"
    git init -q -b main && git add -A && git commit -q -m "$suite as its team has it"
    data=()
    for answer in ${ANSWERS[$suite]}; do data+=(--data "$answer"); done
    copier copy --trust --defaults --vcs-ref HEAD --quiet "${data[@]}" "$ROOT" "$project" >/dev/null
    git add -A && git commit -q -m "pytest-tuneup, default answers"
    echo "== $suite: $(python -m pytest -q --collect-only -p no:randomly 2>/dev/null | tail -1)"
    echo "== $suite: make tune WRITE=1 ROUNDS=$ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    make --no-print-directory tune WRITE=1 ROUNDS="$ROUNDS" PYTHON=python 2>/dev/null
    if git diff --quiet; then
      echo "== $suite: nothing written"
      continue
    fi
    git --no-pager diff -U0 | grep '^[+-][^+-]'
    echo "== $suite: make bench-ab A=HEAD RUNS=$RUNS: A = the adopted defaults, B = the written configuration (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    make --no-print-directory bench-ab A=HEAD RUNS="$RUNS" PYTHON=python BENCH_ARGS=--no-imports 2>/dev/null
  done
done
echo "The projects are in $WORK."
