"""A PostgreSQL server kept between test runs: ``make db-up`` and ``make db-down``.

``python -m pytest_tuneup.db.server up`` initialises a cluster under ``.tuneup-db/``,
starts it on 127.0.0.1 on a free port (trust authentication, durability off: the data
is test data) and writes its URL to ``.tuneup-db/url``, where the database fixtures
find it when the ``tuneup_db_url_env`` variable is unset. The server lasts until
``python -m pytest_tuneup.db.server down``, which stops it and removes the folder: the
template databases the fixtures build stay between runs, so a repeated run skips the
schema build. ``up`` is idempotent; after a reboot it starts the same cluster again.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` OS
account (as Debian's own scripts and our CI do), with its data in a folder under /tmp
that account can enter; without that account the command refuses in one line. The
same code starts the throwaway server of pytest-tuneup's own tests (scripts/test).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The kept server's folder, at the project's root (where make runs).
FOLDER = ".tuneup-db"
#: The file in that folder holding the server's URL, read by the fixtures.
URL_FILE = "url"
#: What ``up`` knows about the server, for ``down`` and the next ``up``.
STATE_FILE = "server.json"
#: The database the URL names: a test database's name, as the fixtures require.
DATABASE = "tuneup_test"
#: The superuser role initdb creates, with trust authentication on 127.0.0.1 only.
ROLE = "postgres"
#: Where Debian and Ubuntu keep PostgreSQL's server programs, a folder per version.
SERVER_PROGRAMS = "/usr/lib/postgresql/*/bin"
#: A unix socket's path is limited to ~107 bytes; past this, TCP only.
SOCKET_PATH_MAX = 90
INSTALL_HINT = (
    "no PostgreSQL server programs (pg_ctl, initdb) on PATH or in"
    " /usr/lib/postgresql/*/bin: install PostgreSQL's server (Debian/Ubuntu: apt-get"
    " install postgresql; macOS: brew install postgresql)"
)


class Refused(Exception):
    """What stops ``up`` or ``down``: its message is the one line the user sees."""


def newest_installed() -> Path | None:
    """The newest Debian-style folder holding both pg_ctl and initdb."""
    folders = [
        Path(found)
        for found in glob.glob(SERVER_PROGRAMS)
        if os.access(Path(found, "pg_ctl"), os.X_OK)
        and os.access(Path(found, "initdb"), os.X_OK)
    ]
    numbered = [folder for folder in folders if folder.parent.name.isdigit()]
    return max(numbered, key=lambda folder: int(folder.parent.name), default=None)


def programs() -> Path | None:
    """The folder of pg_ctl and initdb: PATH (links resolved) first, else Debian's."""
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        # Resolved, so the initdb and client programs we take beside it match it.
        folder = Path(pg_ctl).resolve().parent
        if os.access(folder / "initdb", os.X_OK):
            return folder
    return newest_installed()


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def postgres_account() -> tuple[str, int, int] | None:
    """runuser and the ``postgres`` account's uid and gid, when both exist."""
    import pwd

    runuser = shutil.which("runuser")
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        return None
    return (runuser, account.pw_uid, account.pw_gid) if runuser else None


def owner_prefix() -> list[str]:
    """What runs a PostgreSQL program as the cluster's owner: nothing, or runuser."""
    if not as_root():
        return []
    account = postgres_account()
    if account is None:
        raise Refused(
            "PostgreSQL refuses to run as root and there is no postgres account (with"
            " runuser) to run it: run make db-up as a normal user"
        )
    return [account[0], "-u", "postgres", "--"]


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """A PostgreSQL program as the cluster's owner, from / (which it can read)."""
    command = owner_prefix() + argv
    try:
        return subprocess.run(
            command,
            cwd="/",
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:  # the program is gone (PostgreSQL removed or upgraded)
        return subprocess.CompletedProcess(command, 127, "", str(error))


def failed(
    what: str, result: subprocess.CompletedProcess[str], log: Path | None = None
) -> Refused:
    """One line: the step, then the last line the program or the server's log said."""
    said = (result.stderr + result.stdout).strip().splitlines()
    if log is not None and log.exists():
        said += log.read_text(errors="replace").strip().splitlines()
    return Refused(
        f"{what} failed: {said[-1] if said else f'exit {result.returncode}'}"
    )


def free_port() -> int:
    # The kernel hands out a free port; a rival may take it first: start retries.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def read_state(folder: Path) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = json.loads((folder / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    return state


def url(state: dict[str, Any]) -> str:
    return f"postgresql://{ROLE}@127.0.0.1:{state['port']}/{state['database']}"


def running(state: dict[str, Any]) -> bool:
    status = run([str(Path(state["bin"], "pg_ctl")), "status", "-D", state["data"]])
    return status.returncode == 0


def locale_option() -> str:
    try:
        found = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        found = ""
    names = {name.lower().replace("-", "") for name in found.split()}
    return "--locale=C.UTF-8" if "c.utf8" in names else "--no-locale"


def new_cluster(folder: Path, bin_dir: Path, database: str) -> dict[str, Any]:
    """initdb, and the settings of a test server: 127.0.0.1 only, durability off."""
    folder.mkdir(parents=True)
    # The folder ignores itself: nothing of the project's .gitignore to edit.
    (folder / ".gitignore").write_text("# pytest-tuneup's kept PostgreSQL server\n*\n")
    if as_root():
        # runuser's postgres account cannot enter most projects (or /root): its own
        # folder under /tmp, recorded in the state file so that down removes it too.
        home = Path(tempfile.mkdtemp(prefix="tuneup-db-", dir="/tmp"))
        account = postgres_account()
        assert account is not None  # owner_prefix() refused already otherwise
        os.chown(home, account[1], account[2])
    else:
        home = folder
    data = home / "data"
    state = {"bin": str(bin_dir), "data": str(data), "home": str(home), "port": 0}
    state["database"] = database
    write_atomic(folder / STATE_FILE, json.dumps(state))
    log = folder / "initdb.log"
    options = ["--auth=trust", f"--username={ROLE}", "--encoding=UTF8"]
    initdb = run([str(bin_dir / "initdb"), "-D", str(data), *options, locale_option()])
    log.write_text(initdb.stdout + initdb.stderr)
    if initdb.returncode != 0:
        raise failed("initdb", initdb, log)
    sockets = str(home) if len(str(home)) <= SOCKET_PATH_MAX else ""
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{sockets}'",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
    }
    lines = "".join(f"{name} = {value}\n" for name, value in settings.items())
    # Appended as the cluster's owner would: as root, the file is postgres's.
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(f"\n# pytest-tuneup's kept test server\n{lines}")
    return state


def start(folder: Path, state: dict[str, Any]) -> None:
    pg_ctl = str(Path(state["bin"], "pg_ctl"))
    log = Path(state["home"], "server.log")
    result = None
    for _attempt in range(3):
        state["port"] = free_port()
        port = f"-p {state['port']}"
        command = ["start", "-D", state["data"], "-l", str(log), "-o", port]
        result = run([pg_ctl, *command, "-w", "-t", "60", "-s"])
        if result.returncode == 0:
            write_atomic(folder / STATE_FILE, json.dumps(state))
            return
    assert result is not None
    raise failed("pg_ctl start", result, log)


def create_database(state: dict[str, Any]) -> None:
    createdb = Path(state["bin"], "createdb")
    command = [str(createdb if createdb.exists() else "createdb")]
    address = ["-h", "127.0.0.1", "-p", str(state["port"]), "-U", ROLE]
    result = run(command + address + [state["database"]])
    if result.returncode != 0 and "already exists" not in result.stderr:
        raise failed(f"createdb {state['database']}", result)


def up(folder: Path, database: str = DATABASE) -> tuple[str, bool]:
    """Start the kept server, or find it running (True); its URL, also in folder/url."""
    state = read_state(folder)
    if state is not None and running(state):
        return url(state), True
    if state is None and folder.exists():
        raise Refused(
            f"{folder} exists but holds no server pytest-tuneup started: remove it or"
            " run make db-down"
        )
    if state is not None and not Path(state["data"]).is_dir():
        raise Refused(
            f"the kept server's data ({state['data']}) is gone: run make db-down,"
            " then make db-up"
        )
    bin_dir = programs()
    if bin_dir is None:
        raise Refused(INSTALL_HINT)
    owner_prefix()  # as root without a postgres account: refused before any change
    made = state is None
    try:
        if state is None:
            state = new_cluster(folder, bin_dir, database)
        start(folder, state)
        create_database(state)
    except BaseException:
        # Nothing half-made: a cluster this call created goes, server and folders.
        if made:
            down(folder)
        raise
    address = url(state)
    write_atomic(folder / URL_FILE, address + "\n")
    return address, False


def stopped(pid: int) -> bool:
    """The process has exited (a zombie no init reaps counts: it has exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def wait_until_stopped(pid: int, seconds: float = 30.0) -> None:
    """pg_ctl stop -w returns once the pid file is gone, a moment before the server
    process exits: wait for the exit, so that down leaves no process behind."""
    deadline = time.monotonic() + seconds
    while not stopped(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def down(folder: Path) -> bool:
    """Stop the kept server and remove its folders; False when there was none."""
    if not folder.exists():
        return False
    state = read_state(folder)
    if state is not None:
        pid_file = Path(state["data"], "postmaster.pid")
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            pg_ctl = str(Path(state["bin"], "pg_ctl"))
            run([pg_ctl, "stop", "-D", state["data"], "-m", "fast", "-w", "-s"])
            wait_until_stopped(pid)
        home = Path(state["home"])
        # Only the folder up made under /tmp for root's postgres account.
        if home != folder and home.name.startswith("tuneup-db-"):
            shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(folder)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_tuneup.db.server",
        description="A PostgreSQL server for the tests, kept between runs.",
    )
    parser.add_argument("action", choices=["up", "down", "url"])
    parser.add_argument(
        "--folder", default=FOLDER, help=f"the server's folder (default {FOLDER})"
    )
    parser.add_argument(
        "--database", default=DATABASE, help=f"the URL's database (default {DATABASE})"
    )
    options = parser.parse_args(argv)
    folder = Path(options.folder).absolute()
    try:
        if options.action == "up":
            address, already = up(folder, options.database)
            said = "already running" if already else "PostgreSQL for the tests"
            print(f"{said}: {address}")
        elif options.action == "down":
            gone = down(folder)
            print(
                f"stopped the kept PostgreSQL server and removed {options.folder}"
                if gone
                else f"no kept PostgreSQL server in {options.folder}"
            )
        else:
            state = read_state(folder)
            if state is None or not running(state):
                raise Refused(f"no kept PostgreSQL server running in {options.folder}")
            print(url(state))
    except Refused as refused:
        print(f"pytest-tuneup: {options.action}: {refused}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
