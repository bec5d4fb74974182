"""The doctor-fix rewrite on small conftests: what changes, and the bytes that stay."""

from __future__ import annotations

from pathlib import Path

from pytest_tuneup.doctor.codemod import plan, rewrite
from pytest_tuneup.doctor.config import read_config
from pytest_tuneup.doctor.configfix import edited
from pytest_tuneup.doctor.debug_fix import COMMENT
from pytest_tuneup.doctor.prove import differences, fixed
from pytest_tuneup.doctor.suite import read_suite


def rewritten(tmp_path: Path, conftest: str, test: str = "") -> dict[str, str]:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(conftest)
    if test:
        (tmp_path / "tests" / "test_a.py").write_text(test)
    edits = plan(read_suite(tmp_path, read_config(tmp_path)))
    return {edit.source.rel: rewrite(edit) for edit in edits}


SYNC = '''\
"""Our fixtures."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker  # the ORM

from app.models import Base, User

# A fresh database for every test (APP-12).
@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    """The test's session."""
    engine = create_engine(f"sqlite:///{tmp_path}/a.db")
    Base.metadata.create_all(engine)
    with sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def user(session: Session) -> User:
    return User(name="ada")   # keeps its odd spacing
'''


def test_a_sync_fixture_becomes_an_alias_and_the_rest_keeps_its_bytes(
    tmp_path: Path,
) -> None:
    assert rewritten(tmp_path, SYNC) == {
        "tests/conftest.py": '''\
"""Our fixtures."""

import pytest
from sqlalchemy.orm import Session  # the ORM

from app.models import User

# A fresh database for every test (APP-12).
@pytest.fixture
def session(db_session: Session) -> Session:
    """The test's session."""
    return db_session


@pytest.fixture
def user(session: Session) -> User:
    return User(name="ada")   # keeps its odd spacing
'''
    }


ASYNC = """\
from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine


@pytest_asyncio.fixture(loop_scope="function")
async def engine() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine("sqlite+aiosqlite://")
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="function", name="db")
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with async_sessionmaker(engine)() as session:
        yield session
"""


def test_an_async_pair_becomes_one_plain_alias(tmp_path: Path) -> None:
    assert rewritten(tmp_path, ASYNC) == {
        # pytest_asyncio and the typing imports were the rewritten code's only.
        "tests/conftest.py": """\
from sqlalchemy.ext.asyncio import AsyncSession
import pytest


@pytest.fixture(name="db")
def session(db_session: AsyncSession) -> AsyncSession:
    return db_session
"""
    }


def test_an_engine_a_test_uses_stays(tmp_path: Path) -> None:
    test = "def test_raw(engine):\n    assert engine\n"
    files = rewritten(tmp_path, ASYNC, test)
    assert "async def engine()" in files["tests/conftest.py"]
    assert "def session(db_session: AsyncSession)" in files["tests/conftest.py"]


def test_a_parametrized_fixture_is_left_as_a_finding(tmp_path: Path) -> None:
    conftest = SYNC.replace(
        "@pytest.fixture\ndef session", "@pytest.fixture(params=[1, 2])\ndef session"
    )
    assert rewritten(tmp_path, conftest) == {}


def test_outcome_differences_name_the_test_and_why() -> None:
    before = {
        "t::a": ("passed", ""),
        "t::b": ("passed", ""),
        "t::c": ("skipped", "no pg"),
        "t::e": ("failed", "AssertionError"),
        "t::f": ("xfailed", ""),
    }
    after = {
        "t::a": ("passed", ""),
        "t::b": ("failed", "AssertionError: assert None is not None"),
        "t::d": ("passed", ""),
        "t::e": ("passed", ""),
        "t::f": ("xpassed", ""),
    }
    assert differences(before, after) == [
        "t::b: passed before, failed after: AssertionError: assert None is not None",
        "t::c: skipped before, not run after: no pg",
        "t::d: not run before, passed after",
        "t::f: xfailed before, xpassed after",
    ]
    # A failing test that passes now is listed, not a reason to roll back.
    assert fixed(before, after) == ["t::e"]


def test_the_event_loop_settings_are_line_edits(tmp_path: Path) -> None:
    text = """\
[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "function"  # ours
# Debug mode finds forgotten awaits (CLIN-187).
asyncio_debug = true
tuneup_db_api = "async"
"""
    (tmp_path / "pyproject.toml").write_text(text)
    assert (
        edited(read_config(tmp_path))
        == """\
[tool.pytest.ini_options]
asyncio_mode = "auto"
asyncio_default_fixture_loop_scope = "session"  # ours
# Debug mode finds forgotten awaits (CLIN-187).
# asyncio_debug: off in normal runs; a debugging run: pytest -o asyncio_debug=true
tuneup_db_api = "async"
"""
    )
    # Without the plugin's async fixtures the loop scope is the user's business.
    sync = text.replace('async"\n', 'sync"\n').replace("asyncio_debug = true\n", "")
    (tmp_path / "pyproject.toml").write_text(sync)
    assert edited(read_config(tmp_path)) is None


OVERRIDE = '''\
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from app.db import get_db
from app.main import app
from app.models import Base


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path}/t.db")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def client(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("MODE", "test")  # the app reads it per request

    def override() -> Iterator[Session]:
        """The test's database."""
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_db] = override
    yield TestClient(app, base_url="http://api")
    app.dependency_overrides.clear()
'''


def test_an_override_answers_with_db_session_and_its_engine_fixture_goes(
    tmp_path: Path,
) -> None:
    assert rewritten(tmp_path, OVERRIDE) == {
        "tests/conftest.py": '''\
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.db import get_db
from app.main import app


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch, db_session) -> Iterator[TestClient]:
    monkeypatch.setenv("MODE", "test")  # the app reads it per request

    def override() -> Iterator[Session]:
        """The test's database."""
        yield db_session

    app.dependency_overrides[get_db] = override
    yield TestClient(app, base_url="http://api")
    app.dependency_overrides.clear()
'''
    }


def test_an_override_module_function_becomes_a_lambda_and_used_engines_stay(
    tmp_path: Path,
) -> None:
    conftest = OVERRIDE.replace(
        "    def override() -> Iterator[Session]:\n"
        '        """The test\'s database."""\n'
        "        with Session(engine) as session:\n"
        "            yield session\n\n",
        "    with Session(engine) as seed:\n        seed.add(Base())\n\n",
    ).replace("= override\n", "= make_session\n")
    conftest += "\n\ndef make_session():\n    return SessionLocal()\n"
    client = rewritten(tmp_path, conftest)["tests/conftest.py"]
    # The engine is still read (the seeding `with`): it and its fixture stay.
    assert "def engine(tmp_path: Path)" in client
    assert (
        "def client(engine: Engine, monkeypatch: pytest.MonkeyPatch, db_session)"
        in client
    )
    assert "app.dependency_overrides[get_db] = lambda: db_session\n" in client
    assert "def make_session():\n    return SessionLocal()\n" in client


DEBUG_ENV = """\
import os

import pytest

# Loud failures for forgotten awaits (REL-12).
os.environ.setdefault("PYTHONASYNCIODEBUG", "1")
BASE = os.environ.get("BASE", "x")


@pytest.fixture
def loud():
    os.environ["PYTHONASYNCIODEBUG"] = "1"  # in a fixture: stays, a finding
"""


def test_the_debug_variable_set_by_a_conftest_becomes_a_comment(tmp_path: Path) -> None:
    test = 'from os import environ\n\nenviron["PYTHONASYNCIODEBUG"] = "1"\n'
    new = rewritten(tmp_path, DEBUG_ENV, test)
    note = f"{COMMENT}\n"
    # The comment above it stays; the variable set inside the fixture stays too.
    assert new["tests/conftest.py"] == DEBUG_ENV.replace(
        'os.environ.setdefault("PYTHONASYNCIODEBUG", "1")\n', note
    )
    # The import only the statement used goes with it; the file ends with the note.
    assert new["tests/test_a.py"] == f"\n{note}"
    assert COMMENT.endswith("a debugging run: PYTHONASYNCIODEBUG=1 pytest")
