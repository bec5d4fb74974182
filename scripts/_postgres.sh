# Sourced by scripts/test: a throwaway PostgreSQL server for the tests that need a real one.
# Exports TEST_DATABASE_URL (database tuneup_test); the server and its files go away when
# the sourcing shell exits. If TEST_DATABASE_URL is already set, the caller brought its own
# database and nothing happens here.
# Works as root (the server then runs as the `postgres` OS user, since PostgreSQL refuses
# to run as root) and as an ordinary user. Only functions and `return` here: being sourced,
# an `exit` would end the caller.

# The package's kept-server command (src/pytest_tuneup/db/server.py, behind make db-up):
# one place for finding PostgreSQL's programs, initdb, starting as the `postgres` OS user
# when root, and stopping. Here its folder is a temporary one, removed at exit.
_tuneup_pg_server() {
  PYTHONPATH="$ROOT/src${PYTHONPATH:+:$PYTHONPATH}" python -m pytest_tuneup.db.server "$@"
}

_tuneup_pg_has_programs() {
  PYTHONPATH="$ROOT/src" python -c 'import sys; from pytest_tuneup.db.server import programs; sys.exit(programs() is None)'
}

_tuneup_pg_apt_install() {
  [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null || return 1
  echo "Installing Debian's postgresql package for the PostgreSQL tests (apt-get)..." >&2
  local policy=/usr/sbin/policy-rc.d made_policy="" log rc=0
  # Under an init system the package starts its default cluster on port 5432. We never
  # use it, so keep it from running (policy-rc.d exit 101 = "don't start services"). An
  # existing policy is the machine owner's choice and is left as it is.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  log="$(mktemp)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; } \
      >"$log" 2>&1 </dev/null; then
    rc=1
    tail -n 20 "$log" >&2
  fi
  rm -f "$log"
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
  return "$rc"
}

# Runs from the EXIT trap, so it must not fail under the caller's `set -e` (the trap
# calls it as `... && :`) and hands the shell's exit status on to any chained trap.
_tuneup_pg_cleanup() {
  local rc=$?
  if [ -n "${_TUNEUP_PG_TMP:-}" ] && [ -d "$_TUNEUP_PG_TMP" ]; then
    _tuneup_pg_server down --folder "$_TUNEUP_PG_TMP/server" >/dev/null 2>&1 || :
    rm -rf "$_TUNEUP_PG_TMP"
  fi
  return "$rc"
}

_tuneup_pg_register_cleanup() {
  local words prev nl=$'\n'
  # `trap -p` prints the caller's EXIT trap as `trap -- 'command' EXIT`, quoted for the
  # shell; chain that command after ours instead of replacing it.
  eval "words=($(trap -p EXIT))"
  prev="${words[2]:-}"
  # shellcheck disable=SC2064  # expanded now on purpose: $prev is the old trap's text.
  trap "_tuneup_pg_cleanup && :${prev:+$nl$prev}" EXIT
  # Bash may skip the EXIT trap when killed by a signal; turning the usual ones into an
  # exit makes it run. Handlers the caller set are left alone.
  if [ -z "$(trap -p TERM)" ]; then trap 'exit 143' TERM; fi
  if [ -z "$(trap -p HUP)" ]; then trap 'exit 129' HUP; fi
}

_tuneup_pg_main() {
  [ -z "${TEST_DATABASE_URL:-}" ] || return 0

  if ! _tuneup_pg_has_programs && ! { _tuneup_pg_apt_install && _tuneup_pg_has_programs; }; then
    echo "No PostgreSQL server (pg_ctl/initdb) available: tests needing TEST_DATABASE_URL will be skipped or fail." >&2
    return 0
  fi
  if [ "$EUID" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    echo "Running as root without a 'postgres' OS user to run the server: tests needing TEST_DATABASE_URL will be skipped or fail." >&2
    return 0
  fi

  _TUNEUP_PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/tuneup-pg.XXXXXX")" || return 1
  _tuneup_pg_register_cleanup
  # A server on a free port of 127.0.0.1, trust authentication, durability off; as root it
  # runs as `postgres` with its data under /tmp. One line on stderr if it cannot start.
  _tuneup_pg_server up --folder "$_TUNEUP_PG_TMP/server" --database tuneup_test >/dev/null || return 1
  TEST_DATABASE_URL="$(cat "$_TUNEUP_PG_TMP/server/url")" || return 1
  export TEST_DATABASE_URL
  echo "PostgreSQL on ${TEST_DATABASE_URL#*@} for the tests (TEST_DATABASE_URL)" >&2
}

_tuneup_pg_main
