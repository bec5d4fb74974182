"""PostgreSQL test databases (``tuneup_database = postgresql``), one per xdist worker.

Each worker's database is cloned from a template database that holds the schema, built
once per run and kept between runs while the models do not change. The server's URL
comes from the ``tuneup_db_url_env`` variable, else from ``.tuneup-db/url`` (the server
``make db-up`` keeps between runs, see server.py); with neither, the run starts a
throwaway server of its own. Registered as a plugin by ``pytest_tuneup.db``, for the
hooks that start and stop that server.
"""

from __future__ import annotations

import importlib
import os
import shlex
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any, NoReturn

import pytest
from filelock import FileLock
from sqlalchemy import URL, Engine, bindparam, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from .. import settings
from . import SCHEMA_BUILT, SCHEMA_REUSED, server
from .schema import (
    build,
    fingerprint,
    group_suffix,
    groups,
    require_test_name,
    worker_name,
    wrong_backend,
)

#: An environment variable that may name the pg_ctl for the throwaway server.
PG_CTL_ENV = "TUNEUP_PG_CTL"
#: The database of the throwaway server started when no URL is set.
THROWAWAY_DATABASE = "tuneup_test"
#: That server, and its folder, for stopping it when the run ends.
THROWAWAY_SERVER = pytest.StashKey[tuple[Any, Path]]()


def url_env(config: pytest.Config) -> str:
    return settings.read(config).db_url_env


def kept_url_file(config: pytest.Config) -> Path | None:
    """``.tuneup-db/url`` of the server make db-up keeps: in the rootdir, or where
    make (or pytest) ran."""
    places = [config.rootpath, config.invocation_params.dir]
    found = [place / server.FOLDER / server.URL_FILE for place in places]
    return next((path for path in found if path.is_file()), None)


def url_and_source(config: pytest.Config) -> tuple[str, str]:
    """The URL and where it came from: the variable first, else the kept server."""
    name = url_env(config)
    raw = os.environ.get(name)
    if raw:
        return raw, name
    kept = kept_url_file(config)
    if kept is not None:
        raw = kept.read_text().strip()
        if raw:
            return raw, f"{server.FOLDER}/{server.URL_FILE} (make db-up)"
    return "", name


def without_url(config: pytest.Config, reason: str) -> BaseException:
    """What stops the run (pytest.exit's exception) when there is no server to use."""
    name = url_env(config)
    return pytest.exit.Exception(
        f"pytest-tuneup: set {name} to the test database's URL, for example"
        f" {name}=postgresql://postgres@127.0.0.1:5432/app_test ({reason})",
        returncode=pytest.ExitCode.USAGE_ERROR,
    )


def exit_without_url(config: pytest.Config, reason: str) -> NoReturn:
    raise without_url(config, reason)


def find_pg_ctl(config: pytest.Config) -> str | None:
    """pg_ctl from ``PG_CTL_ENV``, PATH, or the newest one where Debian installs it."""
    chosen = os.environ.get(PG_CTL_ENV)
    if chosen:
        if not (os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            exit_without_url(
                config, f"{PG_CTL_ENV}={chosen} is not an executable pg_ctl"
            )
        return chosen
    on_path = shutil.which("pg_ctl")
    if on_path:
        return on_path
    installed = server.newest_installed()
    return str(installed / "pg_ctl") if installed else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_throwaway_server(config: pytest.Config) -> None:
    """No URL: start a PostgreSQL server of the run's own, and point the variable at it.

    pytest-postgresql's executor does the work (initdb, pg_ctl start on a free port on
    127.0.0.1, trust authentication); the server and its files go when the run ends.
    Started by the process that runs the session (the xdist controller, before the
    workers start), because a server started by a worker would die with that worker.
    """
    pg_ctl = find_pg_ctl(config)
    if pg_ctl is None:
        exit_without_url(
            config, "no PostgreSQL server programs were found for a throwaway server"
        )
    try:
        # By name: pytest-postgresql is needed only when no URL is set.
        executors = importlib.import_module("pytest_postgresql.executors")
    except ImportError:
        exit_without_url(config, "or install pytest-postgresql for a throwaway server")
    folder = Path(tempfile.mkdtemp(prefix="tuneup-pg-"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pg_ctl = as_postgres_user(config, pg_ctl, folder)
    port = free_port()
    server = executors.PostgreSQLExecutor(
        executable=pg_ctl,
        host="127.0.0.1",
        port=port,
        datadir=str(folder / "data"),
        unixsocketdir=str(folder),
        logfile=str(folder / "server.log"),
        startparams="-w",
        dbname=THROWAWAY_DATABASE,
    )
    try:
        server.start()
    # initdb or pg_ctl failed, whatever the error: say so in one line, leave nothing.
    except Exception as error:
        shutil.rmtree(folder, ignore_errors=True)
        lines = str(error).strip().splitlines()
        reason = lines[0] if lines else type(error).__name__
        failed = f"the throwaway server with {pg_ctl} did not start: {reason}"
        raise without_url(config, failed) from error
    config.stash[THROWAWAY_SERVER] = (server, folder)
    address = f"postgresql://postgres@127.0.0.1:{port}/{THROWAWAY_DATABASE}"
    os.environ[url_env(config)] = address


def as_postgres_user(config: pytest.Config, pg_ctl: str, folder: Path) -> str:
    """A pg_ctl that runs as the ``postgres`` OS user, since PostgreSQL refuses root.

    Containers often run tests as root; Debian's own scripts start clusters this way.
    """
    account = server.postgres_account()
    if account is None:
        shutil.rmtree(folder, ignore_errors=True)
        exit_without_url(
            config, "PostgreSQL refuses root, and there is no postgres user to run it"
        )
    runuser, uid, gid = account
    os.chown(folder, uid, gid)
    wrapper = folder / "pg_ctl"
    command = f'cd / && exec {runuser} -u postgres -- {shlex.quote(pg_ctl)} "$@"'
    wrapper.write_text(f"#!/bin/sh\n{command}\n")
    wrapper.chmod(0o755)
    return str(wrapper)


def runs_the_session(config: pytest.Config) -> bool:
    """True in a plain run and in the xdist controller; False in an xdist worker."""
    return not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    # Under xdist the workers inherit the environment: start the server before them.
    distributing = getattr(config.option, "dist", "no") != "no"
    listing = config.option.help or config.option.collectonly
    no_url = not url_and_source(config)[0]
    if distributing and runs_the_session(config) and not listing and no_url:
        start_throwaway_server(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    started = config.stash.get(THROWAWAY_SERVER, None)
    if started is not None:
        server, folder = started
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(url_env(config), None)
        del config.stash[THROWAWAY_SERVER]


def server_url(config: pytest.Config) -> URL:
    """The PostgreSQL URL (variable, kept server, or a throwaway server), checked."""
    if not url_and_source(config)[0] and runs_the_session(config):
        start_throwaway_server(config)
    raw, source = url_and_source(config)
    if not raw:
        exit_without_url(config, "the xdist controller started no server")
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        wrong_backend(source, "postgresql")
    require_test_name(url, source)
    return url


def admin_engine(url: URL) -> Engine:
    """An engine on the server's maintenance database, for CREATE and DROP DATABASE."""
    maintenance = url.set(drivername="postgresql+psycopg", database="postgres")
    return create_engine(maintenance, isolation_level="AUTOCOMMIT")


def prepare_databases(
    config: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> list[URL]:
    """This worker's own databases, cloned from templates that hold the schema.

    One template (and worker database) per schema group; one group is the common
    case. The templates are built once per run under a file lock shared by the xdist
    workers, and kept between runs while the schema's fingerprint (stored as each
    template's comment, written only once the build is verified) is unchanged.
    Cloning costs about 100 ms, once per worker, never per test.
    """
    lock_dir = tmp_path_factory.getbasetemp().parent
    url = server_url(config)
    suffixes = [group_suffix(index) for index in range(len(groups(config)))]
    templates = [f"{url.database}{suffix}_template" for suffix in suffixes]
    workers = [f"{url.database}{suffix}_{worker_name()}" for suffix in suffixes]
    admin = admin_engine(url)
    try:
        with FileLock(lock_dir / f"{templates[0]}.lock"), admin.connect() as conn:
            build_templates(config, conn, url, templates)
            for template, worker_db in zip(templates, workers):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{worker_db}"'))
                conn.execute(
                    text(f'CREATE DATABASE "{worker_db}" TEMPLATE "{template}"')
                )
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        where = url.render_as_string(hide_password=True)
        source = url_and_source(config)[1]
        if source != url_env(config):
            reason += "; make db-up starts the kept server again"
        pytest.exit(
            f"pytest-tuneup: cannot reach PostgreSQL at {where} ({source}): {reason}",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    finally:
        admin.dispose()
    return [url.set(drivername="postgresql+psycopg", database=db) for db in workers]


def build_templates(
    config: pytest.Config, conn: Any, url: URL, templates: list[str]
) -> None:
    schema_urls = [
        url.set(drivername="postgresql+psycopg", database=name) for name in templates
    ]
    label = f"pytest-tuneup schema {fingerprint(config, create_engine(schema_urls[0]))}"
    current = conn.execute(
        text(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname IN :names"
        ).bindparams(bindparam("names", expanding=True)),
        {"names": templates},
    ).all()
    labelled = {name for name, comment in current if comment == label}
    if labelled == set(templates) and not config.getoption("tuneup_rebuild_db"):
        config.stash[SCHEMA_REUSED] = (
            f"the template database {', '.join(templates)} (models unchanged):"
            " no schema build, no template creation"
        )
        return
    for name in templates:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engines = [create_engine(schema_url) for schema_url in schema_urls]
    try:
        build(config, engines, migrate=True)
    except BaseException:
        # pytest.exit with its one line, or Ctrl-C: no template is left to be reused.
        for engine in engines:
            engine.dispose()
        for name in templates:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        raise
    for engine in engines:
        engine.dispose()
    # Labelled only now, verified: an empty or partial build is never reused.
    for name in templates:
        conn.execute(text(f"COMMENT ON DATABASE \"{name}\" IS '{label}'"))
    config.stash[SCHEMA_BUILT] = True


def sync_engines(config: pytest.Config, urls: list[URL]) -> list[Engine]:
    return [create_engine(url) for url in urls]


def release(url: URL) -> None:
    """Drop this worker's database; the template stays for the next run."""
    admin = admin_engine(url)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        admin.dispose()
