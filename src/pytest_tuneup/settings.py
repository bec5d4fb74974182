"""The ``tuneup_*`` ini keys every pytest-tuneup plugin reads, and their checks.

The copier template's answers reach the plugins as these keys in the project's pytest
configuration (written there by the template's hook, like any other setting): a
changed answer is a changed config line, never a change to this code. Each plugin
registers all the keys (registering one twice is harmless), so ``--strict-config``
accepts them whichever plugins a project loads; the values are checked once, at start,
and every bad one is one line, with no traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import types
from dataclasses import dataclass
from typing import Any, Literal

import pytest

NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
#: module:attribute, where the attribute may be dotted (module:Class.method).
IMPORT_PATH = re.compile(rf"{NAME}:{NAME}")
#: An import path, or module.attribute (a dotted path with a module and a name in it).
MOCK_TARGET = re.compile(rf"{NAME}(?::{NAME}|\.[A-Za-z_][A-Za-z0-9_]*)")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
DATABASES = ("sqlite", "postgresql")
DB_APIS = ("sync", "async")
SCHEMAS = ("metadata", "alembic")
CLIENTS = ("sync", "async")

IniType = Literal["string", "linelist", "bool", "int"]
#: pytest takes "int" keys from 8.4 on; before, the number is read from a string.
INT_TYPE: IniType = "int" if pytest.version_tuple >= (8, 4) else "string"

#: Each key: pytest's type, default and help line.
KEYS: dict[str, tuple[IniType, Any, str]] = {
    "tuneup_database": (
        "string",
        "",
        "pytest_tuneup.db: the test database, sqlite or postgresql.",
    ),
    "tuneup_db_api": (
        "string",
        "sync",
        "pytest_tuneup.db: sync (Session) or async (AsyncSession on pytest-asyncio).",
    ),
    "tuneup_models": (
        "linelist",
        [],
        (
            "pytest_tuneup.db: module:attribute of each declarative base, MetaData,"
            " SQLModel or db (or a function returning one)."
        ),
    ),
    "tuneup_schema": (
        "string",
        "metadata",
        "pytest_tuneup.db: build the schema from the models (metadata) or by alembic.",
    ),
    "tuneup_alembic_ini": (
        "string",
        "alembic.ini",
        "pytest_tuneup.db: alembic's configuration file, for tuneup_schema = alembic.",
    ),
    "tuneup_db_url_env": (
        "string",
        "TEST_DATABASE_URL",
        (
            "pytest_tuneup.db: the environment variable with the test database's URL"
            " (unset, PostgreSQL: .tuneup-db/url, written by make db-up)."
        ),
    ),
    # The sessions the database fixtures hand out (db/sessions.py, db/flask.py).
    "tuneup_session_class": (
        "string",
        "",
        (
            "pytest_tuneup.db: module:Class of the Session (or AsyncSession) subclass"
            " db_session is made of; empty: SQLModel's for SQLModel models, else"
            " SQLAlchemy's."
        ),
    ),
    "tuneup_flask_app": (
        "string",
        "",
        (
            "pytest_tuneup.db: module:attribute of the Flask application (or factory)"
            " whose Flask-SQLAlchemy db.session becomes db_session; empty: no Flask."
        ),
    ),
    # -- the template database (pytest_tuneup.db: schema, models, seed) --
    "tuneup_seed": (
        "string",
        "",
        (
            "pytest_tuneup.db: module:function run once on the template database"
            " with a Session; its rows start every test."
        ),
    ),
    "tuneup_app": (
        "string",
        "",
        "pytest_tuneup.app: module:attribute of the FastAPI application (or factory).",
    ),
    "tuneup_session_dependency": (
        "string",
        "",
        (
            "pytest_tuneup.app: module:attribute of the dependency the client answers"
            " with db_session; empty: none."
        ),
    ),
    "tuneup_client": (
        "string",
        "sync",
        "pytest_tuneup.app: sync (TestClient) or async (httpx.AsyncClient).",
    ),
    "tuneup_mock_targets": (
        "linelist",
        [],
        "pytest_tuneup.mocks: import paths replaced by autospec'd mocks for the run.",
    ),
    "tuneup_block_network": (
        "bool",
        False,
        "pytest_tuneup.guards: block outbound network except this machine.",
    ),
    "tuneup_env": (
        "linelist",
        [],
        "pytest_tuneup.guards: NAME=value lines, environment set for the whole run.",
    ),
    "tuneup_leak_memory_mb": (
        INT_TYPE,
        50,
        "pytest_tuneup.leaks: memory (RSS, MB) one test may add before it is reported.",
    ),
}


@dataclass(frozen=True)
class Settings:
    """The keys' values, checked."""

    database: str
    db_api: str
    models: tuple[str, ...]
    schema: str
    alembic_ini: str
    db_url_env: str
    session_class: str
    flask_app: str
    seed: str
    app: str
    session_dependency: str
    client: str
    mock_targets: tuple[str, ...]
    block_network: bool
    env: tuple[tuple[str, str], ...]
    leak_memory_mb: int


SETTINGS = pytest.StashKey[Settings]()


def add_ini_keys(parser: pytest.Parser) -> None:
    for name, (ini_type, default, help_text) in KEYS.items():
        parser.addini(name, help_text, type=ini_type, default=default)


def read(config: pytest.Config) -> Settings:
    """The settings, checked on first use: a UsageError with a line per bad value."""
    if SETTINGS not in config.stash:
        config.stash[SETTINGS] = _parse(config)
    return config.stash[SETTINGS]


def require(config: pytest.Config, plugin: str, *names: str) -> None:
    """Stop when a key the plugin cannot do without is empty: one line per key."""
    missing = [name for name in names if not config.getini(name)]
    if missing:
        raise pytest.UsageError(
            *(f"{name}: not set, and {plugin} needs it" for name in missing)
        )


def _parse(config: pytest.Config) -> Settings:
    """Each key in turn, so the lines come in the order of the keys."""
    problems: list[str] = []

    def text(name: str) -> str:
        return str(config.getini(name) or "").strip()

    def choice(name: str, allowed: tuple[str, ...], empty_ok: bool = False) -> str:
        value = text(name)
        if value not in allowed and not (empty_ok and not value):
            problems.append(f"{name}: {value!r} is not one of {', '.join(allowed)}")
        return value

    def matching(name: str, pattern: re.Pattern[str], hint: str) -> str:
        value = text(name)
        if value and not pattern.fullmatch(value):
            problems.append(f"{name}: {value!r} is not {hint}")
        return value

    def lines(name: str) -> tuple[str, ...]:
        found = (str(line).strip() for line in config.getini(name))
        return tuple(line for line in found if line)

    def all_matching(name: str, pattern: re.Pattern[str], hint: str) -> tuple[str, ...]:
        values = lines(name)
        for value in values:
            if not pattern.fullmatch(value):
                problems.append(f"{name}: {value!r} is not {hint}")
        return values

    def variables(name: str) -> tuple[tuple[str, str], ...]:
        found = []
        for line in lines(name):
            variable, equals, value = line.partition("=")
            if not equals or not ENV_NAME.fullmatch(variable.strip()):
                problems.append(f"{name}: {line!r} is not NAME=value")
            else:
                found.append((variable.strip(), value.strip()))
        return tuple(found)

    def positive(name: str) -> int:
        raw = config.getini(name)
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            problems.append(f"{name}: {raw!r} is not a whole number above 0")
        return number

    import_path = "an import path; write module:attribute, like shop.models:Base"
    settings = Settings(
        database=choice("tuneup_database", DATABASES, empty_ok=True),
        db_api=choice("tuneup_db_api", DB_APIS),
        models=all_matching("tuneup_models", IMPORT_PATH, import_path),
        schema=choice("tuneup_schema", SCHEMAS),
        alembic_ini=text("tuneup_alembic_ini"),
        db_url_env=matching(
            "tuneup_db_url_env",
            ENV_NAME,
            "an environment variable name, like TEST_DATABASE_URL",
        ),
        session_class=matching("tuneup_session_class", IMPORT_PATH, import_path),
        flask_app=matching("tuneup_flask_app", IMPORT_PATH, import_path),
        seed=matching("tuneup_seed", IMPORT_PATH, import_path),
        app=matching("tuneup_app", IMPORT_PATH, import_path),
        session_dependency=matching(
            "tuneup_session_dependency", IMPORT_PATH, import_path
        ),
        client=choice("tuneup_client", CLIENTS),
        mock_targets=all_matching(
            "tuneup_mock_targets",
            MOCK_TARGET,
            "an import path; write module:attribute or module.attribute",
        ),
        block_network=bool(config.getini("tuneup_block_network")),
        env=variables("tuneup_env"),
        leak_memory_mb=positive("tuneup_leak_memory_mb"),
    )
    if problems:
        raise pytest.UsageError(*problems)
    return settings


def import_object(path: str) -> Any:
    """What ``module:attribute`` names, walking every dot of the attribute.

    Whatever importing or a missing attribute raises goes to the caller, which words it
    for its own key.
    """
    module_name, _, attribute = path.partition(":")
    target: Any = importlib.import_module(module_name)
    for name in attribute.split("."):
        target = getattr(target, name)
    return target


def require_modules(what: str, *modules: str) -> None:
    """Stop with one line when a library ``what`` needs is not installed."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        raise pytest.UsageError(
            f"{what} needs {', '.join(missing)}, which is not installed:"
            " `make tuneup-deps` installs it"
        )


def part(module: str, because: str) -> types.ModuleType:
    """A module of this package that the settings choose, or one line if it is missing.

    A vendored copy holds only the modules its answers load: settings edited by hand
    (or answers changed without ``copier update``) may ask for one it left out.
    """
    if importlib.util.find_spec(module) is None:
        raise pytest.UsageError(
            f"{because} needs {module}, which this copy of pytest_tuneup leaves out:"
            " change the answer with `copier update --data ...` to copy it"
        )
    return importlib.import_module(module)
