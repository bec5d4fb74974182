#!/usr/bin/env bash
# A kept PostgreSQL server (make db-up) against a cold run (issue 13, part 4). The db_sync
# fixture project adopted with database=postgresql, twice: "cold" has no .tuneup-db and
# no TEST_DATABASE_URL, so each run starts a throwaway server and builds the template in
# it (zero setup); "kept" runs make db-up once, so each run finds the server and reuses
# its template. Then make bench-ab's interleaved wall times and benchmarks/cpu_ab.py's
# CPU times (pytest and the processes it waited for: the throwaway server's own postgres
# processes are not among them, so the CPU gain shown is a lower bound). RUNS=N rounds
# (default 7). The kept server is stopped and everything removed at the end.
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-7}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-kept-server.XXXXXX")"
cold="$WORK/cold"
kept="$WORK/kept"
cp -r "$ROOT/tests/projects/db_sync" "$kept"
cd "$kept"
git init -q -b main && git add -A && git commit -q -m "db_sync as its team has it"
data=()
for answer in database=postgresql db_api=sync models=library.models:Base coverage=false; do
  data+=(--data "$answer")
done
copier copy --trust --defaults --vcs-ref HEAD --quiet "${data[@]}" "$ROOT" "$kept" >/dev/null
git add -A && git commit -q -m "pytest-tuneup"
cp -r "$kept" "$cold"
trap 'make -C "$kept" --no-print-directory db-down PYTHON=python; rm -rf "$WORK"' EXIT
make --no-print-directory db-up PYTHON=python
python -m pytest -p no:randomly | grep -E "^tuneup_db: built|passed"
echo "== wall time, A = cold, B = kept (load: $(cut -d' ' -f1-3 /proc/loadavg))"
PYTHONPATH="$ROOT/src" python -m pytest_tuneup.bench ab "cd $cold && python -m pytest" \
  "cd $kept && python -m pytest" --mode commands --runs "$RUNS" --no-imports
echo "== CPU time, A = cold, B = kept (load: $(cut -d' ' -f1-3 /proc/loadavg))"
python "$ROOT/benchmarks/cpu_ab.py" "$cold" "$kept" --rounds "$RUNS" --pytest "python -m pytest"
