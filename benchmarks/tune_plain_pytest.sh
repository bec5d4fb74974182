#!/usr/bin/env bash
# Issue 13, part 1: plain `pytest` on the clinic before adoption against after
# `copier copy --defaults` (every answer its default, coverage included), interleaved
# A B A B ... with the benchmark's `ab` in commands mode: the commands are the team's
# own plain pytest in each copy, so whatever the configuration adds (addopts, plugins)
# is measured. RUNS (default 5) rounds.
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-5}"
unset TEST_DATABASE_URL
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-plain.XXXXXX")"
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
echo "The copies are in $WORK."
