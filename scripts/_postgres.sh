# Sourced by scripts/test: a throwaway PostgreSQL server for the tests that need a real one.
# Exports TEST_DATABASE_URL (database tuneup_test) and TUNEUP_PG_DATADIR; the server and its
# files go away when the sourcing shell exits. If TEST_DATABASE_URL is already set, the
# caller brought its own database and nothing happens here.
# Works as root (the server then runs as the `postgres` OS user, since PostgreSQL refuses
# to run as root) and as an ordinary user. Only functions and `return` here: being sourced,
# an `exit` would end the caller.

# Prints the directory holding pg_ctl and initdb, or nothing.
_tuneup_pg_find_bin() {
  local ctl dir
  if ctl="$(command -v pg_ctl)" && command -v initdb >/dev/null; then
    # Resolve symlinks so the client tools we take from the same directory match the server.
    dir="$(dirname "$(readlink -f "$ctl")")"
    [ -x "$dir/initdb" ] || dir="$(dirname "$(command -v initdb)")"
    echo "$dir"
    return 0
  fi
  # Debian keeps server binaries off PATH, one directory per major version.
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)" || true
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
  fi
}

# A client tool from the server's directory if it is there, else from PATH.
_tuneup_pg_tool() {
  if [ -x "$_TUNEUP_PG_BIN/$1" ]; then echo "$_TUNEUP_PG_BIN/$1"; else command -v "$1"; fi
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

# Runs a command as the user who owns the cluster. As root that is `postgres`; the cd is
# because PostgreSQL tools fail when they cannot read their working directory (e.g. /root).
_tuneup_pg_as_owner() {
  if [ "$EUID" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null; then
    (cd "$_TUNEUP_PG_TMP" && runuser -u postgres -- "$@")
  else
    (cd "$_TUNEUP_PG_TMP" && su -s /bin/bash postgres -c "$(printf '%q ' "$@")")
  fi
}

_tuneup_pg_free_port() {
  # The kernel hands out a free port; a rival may grab it before the server binds it,
  # which is why _tuneup_pg_main retries the start with a new one.
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs from the EXIT trap, so it must not fail under the caller's `set -e` (the trap
# calls it as `... && :`) and hands the shell's exit status on to any chained trap.
_tuneup_pg_cleanup() {
  local rc=$?
  if [ -n "${_TUNEUP_PG_TMP:-}" ] && [ -d "$_TUNEUP_PG_TMP" ]; then
    if [ -f "$_TUNEUP_PG_TMP/data/postmaster.pid" ]; then
      _tuneup_pg_as_owner "$_TUNEUP_PG_BIN/pg_ctl" stop -D "$_TUNEUP_PG_TMP/data" -m immediate -w -s \
        >/dev/null 2>&1
    fi
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

  _TUNEUP_PG_BIN="$(_tuneup_pg_find_bin)"
  if [ -z "$_TUNEUP_PG_BIN" ] && _tuneup_pg_apt_install; then
    _TUNEUP_PG_BIN="$(_tuneup_pg_find_bin)"
  fi
  if [ -z "$_TUNEUP_PG_BIN" ]; then
    echo "No PostgreSQL server (pg_ctl/initdb) available: tests needing TEST_DATABASE_URL will be skipped or fail." >&2
    return 0
  fi
  if [ "$EUID" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
    echo "Running as root without a 'postgres' OS user to run the server: tests needing TEST_DATABASE_URL will be skipped or fail." >&2
    return 0
  fi

  # As root, /tmp rather than $TMPDIR: the postgres user must be able to enter it.
  local parent="${TMPDIR:-/tmp}"
  [ "$EUID" -ne 0 ] || parent=/tmp
  _TUNEUP_PG_TMP="$(mktemp -d "$parent/tuneup-pg.XXXXXX")" || return 1
  _tuneup_pg_register_cleanup
  local tmp="$_TUNEUP_PG_TMP" data="$_TUNEUP_PG_TMP/data"
  mkdir "$tmp/socket" || return 1
  if [ "$EUID" -eq 0 ]; then chown -R postgres: "$tmp" || return 1; fi

  local locale_opt="--locale=C.UTF-8"
  if ! locale -a 2>/dev/null | grep -Ei '^c\.utf-?8$' >/dev/null; then locale_opt="--no-locale"; fi
  if ! _tuneup_pg_as_owner "$_TUNEUP_PG_BIN/initdb" -D "$data" --auth=trust --username=postgres \
      --encoding=UTF8 "$locale_opt" >"$tmp/initdb.log" 2>&1; then
    echo "initdb failed for the test PostgreSQL server:" >&2
    tail -n 20 "$tmp/initdb.log" >&2
    return 1
  fi
  # A throwaway server for tests: reachable only from this machine, and durability traded
  # for speed since its data dies with the run anyway.
  cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  local port="" attempt started=""
  for attempt in 1 2 3; do
    port="$(_tuneup_pg_free_port)" || return 1
    if _tuneup_pg_as_owner "$_TUNEUP_PG_BIN/pg_ctl" start -D "$data" -l "$tmp/server.log" \
        -o "-p $port" -w -t 30 -s >"$tmp/pg_ctl.log" 2>&1; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "The test PostgreSQL server did not start:" >&2
    tail -n 20 "$tmp/pg_ctl.log" "$tmp/server.log" >&2
    return 1
  fi

  # pg_ctl -w already waited for startup; this also proves the TCP listener answers.
  local isready
  isready="$(_tuneup_pg_tool pg_isready)"
  for attempt in $(seq 30); do
    if "$isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then break; fi
    if [ "$attempt" -eq 30 ]; then
      echo "The test PostgreSQL server on 127.0.0.1:$port does not accept connections." >&2
      return 1
    fi
    sleep 1
  done
  if ! "$(_tuneup_pg_tool createdb)" -h 127.0.0.1 -p "$port" -U postgres tuneup_test; then
    echo "createdb tuneup_test failed on the test PostgreSQL server." >&2
    return 1
  fi

  export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/tuneup_test"
  export TUNEUP_PG_DATADIR="$data"
  local version
  version="$("$_TUNEUP_PG_BIN/pg_ctl" --version)"
  version="${version#*(PostgreSQL) }"
  echo "PostgreSQL ${version%% *} on 127.0.0.1:$port for the tests (TEST_DATABASE_URL)" >&2
}

_tuneup_pg_main
