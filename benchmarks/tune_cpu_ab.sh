#!/usr/bin/env bash
# The gain of make tune's written configuration in CPU time as well as wall time:
# benchmarks/cpu_ab.py on a project benchmarks/tune_measure.sh tuned (its last commit
# is the adopted defaults, its working tree has what make tune WRITE=1 wrote), against a
# copy of it with the write undone. Arguments: the project folders. RUNS (default 5).
source "$(dirname "$0")/../scripts/_venv.sh"
RUNS="${RUNS:-5}"
for project in "$@"; do
  default="$project-default"
  rm -rf "$default"
  cp -r "$project" "$default"
  git -C "$default" checkout -q -- .
  echo "== $(basename "$project"): A = the adopted defaults, B = make tune's configuration; $RUNS rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  python "$ROOT/benchmarks/cpu_ab.py" "$default" "$project" --rounds "$RUNS"
done
