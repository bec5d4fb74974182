#!/usr/bin/env bash
# Issue 13, part 1: plain `pytest` before adoption against after
# `copier copy --defaults` (every answer its default, coverage included), interleaved.
#
#   benchmarks/tune_plain_pytest.sh              the clinic (examples/clinic)
#   benchmarks/tune_plain_pytest.sh --projects   every fixture project with a database
#                                                whose own suite passes before adoption
#   benchmarks/tune_plain_pytest.sh NAME...      those tests/projects/NAME
#
# The clinic: A B A B ... with the benchmark's `ab` in commands mode (wall time), then
# benchmarks/cpu_ab.py (CPU time). The fixture projects: for each, a scratch git repo, a
# copy of it ("before"), `copier copy --trust --defaults` (plus the --data below where
# the tests give it too), then benchmarks/cpu_ab.py --plain on the team's own plain
# `python -m pytest -q -p no:cacheprovider -p no:randomly` in both, rounds alternating
# the order: CPU (user + sys of the process tree) and wall, paired ratio per round. One
# table row per project at the end. RUNS (default 5) rounds; both sides run this venv.
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-5}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-plain.XXXXXX")"
# The fixture projects whose own suite uses a database and passes before adoption (the
# other tests/projects/db_*, api_*, sqlmodel_*, flask_factory, changed_shop... are
# written against the adopted fixtures: before adoption their tests error for want of
# db_session). With each, the --data the tests give beside --defaults: none, since
# --defaults answers database=none, so models and db_api are never asked and the db
# plugin is not loaded (the projects keep their own fixtures). anyio_asyncpg's suite
# needs TEST_DATABASE_URL (scripts/_postgres.sh), or it skips.
declare -A DATA=(
  [doctor_sync_sessionmaker]=""
  [doctor_async_two_schemas]=""
  [doctor_get_db_override]=""
  [doctor_flask_factory_per_test]=""
  [doctor_login_hashing]=""
  [doctor_relies_on_commit]=""
  [anyio_asyncpg]=""
)
PLAIN="python -m pytest -q -p no:cacheprovider -p no:randomly"

clinic() {
  unset TEST_DATABASE_URL
  (cd "$ROOT/examples" && git ls-files -z --cached --others --exclude-standard clinic |
    tar --null -T - -cf -) | tar -C "$WORK" -xf -
  cd "$WORK/clinic"
  git init -q -b main && git add -A && git commit -q -m "the clinic as its team has it"
  cp -r "$WORK/clinic" "$WORK/before"
  copier copy --trust --defaults --vcs-ref HEAD --quiet "$ROOT" "$WORK/clinic" >/dev/null
  echo "== addopts after --defaults: $(python -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["tool"]["pytest"]["ini_options"].get("addopts"))')"
  echo "== plain pytest, A = before adoption, B = after copier copy --defaults; $RUNS rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  PYTHONPATH="$ROOT/src" python -m pytest_tuneup.bench ab \
    "cd $WORK/before && python -m pytest -q -p no:randomly" \
    "cd $WORK/clinic && python -m pytest -q -p no:randomly" \
    --mode commands --runs "$RUNS" --no-imports 2>/dev/null
  # CPU time, which the load stretches far less: benchmarks/cpu_ab.py (its command adds
  # --no-cov, which changes nothing here: the addopts above hold no --cov).
  echo "== the same in CPU time, benchmarks/cpu_ab.py, $RUNS rounds"
  python "$ROOT/benchmarks/cpu_ab.py" "$WORK/before" "$WORK/clinic" --rounds "$RUNS"
}

project() {
  local name="$1" after="$WORK/$1" before="$WORK/$1-before" data=() answer
  cp -r "$ROOT/tests/projects/$name" "$after"
  (cd "$after" && git init -q -b main && git add -A && git commit -q -m "$name as its team has it")
  cp -r "$after" "$before"
  for answer in ${DATA[$name]:-}; do data+=(--data "$answer"); done
  copier copy --trust --defaults --vcs-ref HEAD --quiet "${data[@]}" "$ROOT" "$after" >/dev/null
  (cd "$after" && git add -A && git commit -q -m "pytest-tuneup, --defaults ${DATA[$name]:-}")
  echo "== $name (--data: ${DATA[$name]:-none}): A = before, B = after; addopts: $(cd "$after" && python -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["tool"]["pytest"]["ini_options"].get("addopts"))')"
  echo "   load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  python "$ROOT/benchmarks/cpu_ab.py" "$before" "$after" --rounds "$RUNS" --plain \
    --pytest "$PLAIN" --summary "$WORK/summary.md" --label "$name"
}

if [ $# -eq 0 ]; then
  clinic
else
  [ "$1" = "--projects" ] && set -- "${!DATA[@]}"
  echo "| project | CPU before / after (medians) | CPU after/before, per-round median (min-max) | wall before / after | wall after/before | rounds | load (1, 5, 15 min) at the end |" >"$WORK/summary.md"
  echo "|---|---|---|---|---|---|---|" >>"$WORK/summary.md"
  for name in "$@"; do
    if [ "$name" = anyio_asyncpg ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
      echo "== anyio_asyncpg left out: its suite needs TEST_DATABASE_URL (source scripts/_postgres.sh)"
      continue
    fi
    project "$name"
  done
  echo "== plain pytest after --defaults vs before, $RUNS rounds each (cmd: $PLAIN)"
  cat "$WORK/summary.md"
fi
echo "The copies are in $WORK."
