#!/usr/bin/env bash
# make tune (issue 13) on three suites, and what its written configuration gains:
#   clinic  examples/clinic adopted as scripts/demo does (the database answers, then
#           make doctor-fix), 181 tests
#   cheap   benchmarks/tune_suites.py cheap: 600 cheap tests
#   db      benchmarks/tune_suites.py db: tests/projects/db_sync plus 220 database tests
# For each: a git repository, copier copy --defaults (with the answers named below),
# committed; `make tune WRITE=1 ROUNDS=$ROUNDS`; then, when it wrote something,
# `make bench-ab A=HEAD RUNS=$RUNS`: the adopted defaults against the written
# configuration, interleaved. Arguments: the suites to run (default: all three), and
#   cheap-py312  the cheap suite's tables, coverage core included, in the environment
#                of TUNE_PY312 (a Python 3.12+ with pytest, pytest-cov, pytest-xdist,
#                psutil); nothing written
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
    if [ "$suite" = cheap-py312 ]; then
      # Coverage's sysmon core needs Python 3.12+: the 600 cheap tests without copier,
      # in TUNE_PY312's environment (pytest, pytest-cov, pytest-xdist, psutil).
      python "$ROOT/benchmarks/tune_suites.py" cheap "$project"
      echo "== $suite: tune --coverage --cov=shelf ROUNDS=$ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
      (cd "$project" && PYTHONPATH="$ROOT/src" "$TUNE_PY312" -m pytest_tuneup.tune \
        --rounds "$ROUNDS" --coverage=--cov=shelf 2>/dev/null) || true
      continue
    fi
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
    if [ "$suite" = clinic ]; then
      # As scripts/demo: the team's side of adopting (two API tests fail before it).
      make --no-print-directory doctor-fix RUNS=2 PYTHON=python >/dev/null 2>&1
      git add -A && git commit -q -m "make doctor-fix"
    fi
    echo "== $suite: $(python -m pytest -q --collect-only -p no:randomly 2>/dev/null | tail -1)"
    echo "== $suite: make tune WRITE=1 ROUNDS=$ROUNDS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    make --no-print-directory tune WRITE=1 ROUNDS="$ROUNDS" PYTHON=python 2>/dev/null || continue
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
