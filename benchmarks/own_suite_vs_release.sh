#!/usr/bin/env bash
# Issue 10's "the whole suite's wall time does not grow": our own suite at a release
# (default: ebd38ee, the last commit of the 0.1 layout) against the working tree, side
# by side on this machine, rounds alternating the order (old, new, new, old, ...).
#
#   benchmarks/own_suite_vs_release.sh            the tests both have (same node id)
#   ALL=1 benchmarks/own_suite_vs_release.sh      each side's whole suite
#
# The release is checked out in a worktree (its own template, tests and scripts); both
# sides run this venv (TUNEUP_VENV, default .venv) and their own scripts/test with
# `-q -p no:cacheprovider -n 2`, one throwaway PostgreSQL server each. "The tests both
# have" are the node ids the two collections share: the release's tests that still
# exist under the same name, so the same work measured at both commits. Per round it
# prints wall and CPU (user + sys of the process tree, GNU time) and the pass counts;
# at the end the per-round ratios new/old, median (min-max). RUNS (default 3) rounds,
# after WARMUP (default 1) untimed runs of each side: a side's first run in a fresh
# worktree is cold (170-200 s more CPU for the release's, seen on this machine), which
# flattered whichever side ran second. KEEP=folder keeps each run's output there (with
# pytest's 25 slowest durations).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
RELEASE="${RELEASE:-ebd38ee}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1}"
export TUNEUP_VENV="${TUNEUP_VENV:-$HERE/.venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-own-suite.XXXXXX")"
OLD="$WORK/release"
cleanup() { git -C "$HERE" worktree remove --force "$OLD" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
git -C "$HERE" worktree add --detach -q "$OLD" "$RELEASE"

collect() { # the node ids a tree's suite collects, sorted
  (cd "$1" && TEST_DATABASE_URL=postgresql://nobody@127.0.0.1:9/none_test \
    bash scripts/test --collect-only -q -p no:randomly -p no:cacheprovider 2>/dev/null) \
    | grep '::' | sort >"$2"
}
collect "$OLD" "$WORK/old.ids"
collect "$HERE" "$WORK/new.ids"
if [ -n "${ALL:-}" ]; then
  : >"$WORK/args"
  echo "each side's whole suite: $(wc -l <"$WORK/old.ids") tests at $RELEASE, $(wc -l <"$WORK/new.ids") here"
else
  comm -12 "$WORK/old.ids" "$WORK/new.ids" >"$WORK/common.ids"
  echo "@$WORK/common.ids" >"$WORK/args"
  echo "the tests both have: $(wc -l <"$WORK/common.ids") of $(wc -l <"$WORK/old.ids") at $RELEASE ($(wc -l <"$WORK/new.ids") here)"
fi

run() { # tree label [results]: one run, appended to results as "label wall cpu summary"
  local out="$WORK/$2.out" times="$WORK/$2.time"
  (cd "$1" && /usr/bin/time -f "%e %U %S" -o "$times" \
    bash scripts/test -q -p no:cacheprovider -n 2 --durations=25 $(cat "$WORK/args") >"$out" 2>&1) || true
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$out" "$KEEP/$2-${round:-warmup}.out"; fi
  read -r wall user sys <"$times"
  local summary
  summary="$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$out" | tail -1 | tr -d '=')"
  cpu="$(python3 -c "print(round($user + $sys, 1))")"
  printf '%s %s %s %s\n' "$2" "$wall" "$cpu" "$summary" | tee -a "${3:-$WORK/results}"
}

for warm in $(seq 1 "$WARMUP"); do
  echo "warm-up $warm/$WARMUP (untimed: not in the ratios)"
  run "$OLD" old "$WORK/warmup"
  run "$HERE" new "$WORK/warmup"
done

for round in $(seq 1 "$RUNS"); do
  echo "round $round/$RUNS ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ $((round % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
  for side in $order; do
    if [ "$side" = old ]; then run "$OLD" old; else run "$HERE" new; fi
  done
done

python3 - "$WORK/results" <<'EOF'
import statistics, sys
rows = [line.split(maxsplit=3) for line in open(sys.argv[1])]
old = [r for r in rows if r[0] == "old"]
new = [r for r in rows if r[0] == "new"]
for index, name in ((1, "wall"), (2, "CPU")):
    o = [float(r[index]) for r in old]
    n = [float(r[index]) for r in new]
    ratios = [b / a for a, b in zip(o, n)]
    print(
        f"{name}: release median {statistics.median(o):.0f} s, here {statistics.median(n):.0f} s;"
        f" here/release per round {statistics.median(ratios):.2f}"
        f" ({min(ratios):.2f}-{max(ratios):.2f}) over {len(ratios)} rounds"
    )
EOF
