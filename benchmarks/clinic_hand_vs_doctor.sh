#!/usr/bin/env bash
# The bundled clinic adopted two ways, measured side by side (issue 12's must-show:
# the hand patch against `make doctor-fix`, interleaved A/B ratio <= 1.05):
#   hand    copier, then benchmarks/clinic-hand-adoption.patch (the migration written by
#           hand, kept here for this comparison only: the demo uses make doctor-fix);
#   doctor  copier, then make doctor-fix.
# Both are branches of one scratch clone of examples/clinic. Then the benchmark's
# interleaved A/B (wall time) in both orders, and benchmarks/cpu_ab.py (CPU time, rounds
# alternating the order). RUNS=N sets the rounds (default 4).
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-4}"
# The clinic runs on SQLite files of its own: not a database URL from this shell.
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-hand-vs-doctor.XXXXXX")"
CLINIC="$WORK/clinic"
(cd "$ROOT/examples" && git ls-files -z --cached --others --exclude-standard clinic | tar --null -T - -cf -) |
  tar -C "$WORK" -xf -
cd "$CLINIC"
git init -q -b main && git add -A && git commit -q -m "the clinic as its team has it"
copier copy --trust --defaults --vcs-ref HEAD --quiet \
  --data database=sqlite --data db_api=async --data models=clinic.models:Base --data coverage=false \
  "$ROOT" "$CLINIC"
git add -A && git commit -q -m "pytest-tuneup"

git switch -q -c hand
git apply "$ROOT/benchmarks/clinic-hand-adoption.patch"
git commit -q -am "adopted by hand"

git switch -q -c doctor main
make --no-print-directory doctor-fix RUNS=2 PYTHON=python >"$WORK/doctor-fix.log" || {
  cat "$WORK/doctor-fix.log"
  exit 1
}
git commit -q -am "adopted by make doctor-fix"
echo "== the two adoptions differ in (git diff hand doctor --stat):"
git --no-pager diff --stat hand doctor

echo
echo "== wall time, interleaved, both orders (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
make --no-print-directory bench-ab A=hand B=doctor RUNS="$RUNS" PYTHON=python BENCH_ARGS="--no-imports"
make --no-print-directory bench-ab A=doctor B=hand RUNS="$RUNS" PYTHON=python BENCH_ARGS="--no-imports"

echo
echo "== CPU time, rounds alternating the order: A = hand, B = doctor"
git worktree add -q "$WORK/hand" hand
python "$ROOT/benchmarks/cpu_ab.py" "$WORK/hand" "$CLINIC" --rounds "$((RUNS * 2))" --pytest "python -m pytest"
echo "The clinic (branches hand and doctor) is in $CLINIC."
