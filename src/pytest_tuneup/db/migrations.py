"""The schema from alembic's migrations (``tuneup_schema = alembic``).

The migrations run on a connection pytest-tuneup opened to the test database, handed
to env.py the way alembic's recipe "Sharing a Connection across one or more
programmatic migration commands" does (``config.attributes["connection"]``), with
``sqlalchemy.url`` set to the same database for env.py files that read the URL.

Many env.py files read neither: they take the application's own DATABASE_URL from its
settings, and would migrate the team's development database. So while the migrations
run, every new database connection is checked before it opens: one to any database
but the test database is refused, the run stops with one line showing the two lines
env.py needs, and the other database is never reached.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, event

#: The two lines env.py needs at the top of run_migrations_online(), shown when it
#: connects elsewhere (do_run_migrations as in alembic's async template).
RECIPE = (
    "`if (connection := config.attributes.get('connection')) is not None:` and"
    " `    return do_run_migrations(connection)` at the top of"
    " run_migrations_online(), where do_run_migrations(connection) runs"
    " context.configure(connection=connection, target_metadata=...) and the"
    " migrations (alembic's recipe for sharing a connection)"
)


class ElsewhereConnection(Exception):
    """env.py tried to open a connection to a database that is not the test one."""


def alembic_config(ini: str, url: URL | None = None) -> Config:
    config = Config(ini)
    if url is not None:
        # ConfigParser interpolation: a % in a password must be doubled.
        rendered = url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", rendered)
    return config


def head(ini: str) -> str:
    """The newest revision: a new migration changes the schema's fingerprint."""
    return str(ScriptDirectory.from_config(alembic_config(ini)).get_current_head())


def current(connection: Connection) -> str | None:
    """The revision the database's ``alembic_version`` table records, if any."""
    found = MigrationContext.configure(connection).get_current_revision()
    return None if found is None else str(found)


def upgrade(ini: str, engine: Engine) -> None:
    """Run the migrations up to head on the empty test database, as production does."""
    config = alembic_config(ini, engine.url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        try:
            with only_connections_to(engine.url):
                command.upgrade(config, "head")
        except ElsewhereConnection as refused:
            where = config.get_main_option("script_location")
            pytest.exit(
                f"pytest-tuneup: alembic's env.py ({where}/env.py)"
                f" opened a connection to {refused}, not to the test database, so"
                f" nothing was migrated and that database was not reached: add"
                f" {RECIPE}",
                returncode=pytest.ExitCode.USAGE_ERROR,
            )


@contextmanager
def only_connections_to(url: URL) -> Iterator[None]:
    """Refuse, before it opens, every new connection to another database."""
    allowed = identity_of_url(url)

    def check(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> None:
        wanted = identity_of_arguments(list(cargs), dict(cparams))
        if wanted != allowed:
            raise ElsewhereConnection(describe(wanted))

    # On the Engine class: every engine, also those env.py makes (async ones too).
    event.listen(Engine, "do_connect", check)
    try:
        yield
    finally:
        event.remove(Engine, "do_connect", check)


Identity = tuple[str, ...]
LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


def identity_of_url(url: URL) -> Identity:
    if url.get_backend_name() == "sqlite":
        return ("sqlite", os.path.realpath(url.database or ""))
    return server_identity(url.host, url.port, url.database)


def identity_of_arguments(cargs: list[Any], cparams: dict[str, Any]) -> Identity:
    """Where a driver is about to connect, from the arguments SQLAlchemy passes it."""
    if cargs and isinstance(cargs[0], str) and "dbname" not in cparams:
        return ("sqlite", os.path.realpath(cargs[0]))
    database = cparams.get("dbname", cparams.get("database"))
    return server_identity(cparams.get("host"), cparams.get("port"), database)


def server_identity(host: Any, port: Any, database: Any) -> Identity:
    where = "localhost" if (host or "") in LOCAL_HOSTS else str(host)
    return ("server", where, str(port or 5432), str(database or ""))


def describe(identity: Identity) -> str:
    if identity[0] == "sqlite":
        return f"the SQLite file {identity[1]}"
    _kind, host, port, database = identity
    return f"database {database!r} on {host}:{port}"
