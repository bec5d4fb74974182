"""Each finding family on small suites written to a temporary folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pytest_tuneup.doctor.diagnose import diagnose
from pytest_tuneup.doctor.model import Finding

CONFIG = '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'


def found(root: Path, files: Mapping[str, str]) -> list[Finding]:
    files = {"pyproject.toml": CONFIG, **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return diagnose(root)


def where(findings: list[Finding]) -> set[tuple[str, str, int]]:
    return {(item.code, item.path, item.line) for item in findings}


SYNC_ENGINE_PER_TEST = """\
import pytest
from sqlalchemy import create_engine as make
from sqlalchemy.orm import sessionmaker

from app.models import Base


@pytest.fixture
def session(tmp_path):
    engine = make(f"sqlite:///{tmp_path}/t.db")
    Base.metadata.create_all(engine)
    with sessionmaker(engine)() as session:
        yield session
"""


def test_a_sync_engine_per_test_through_an_aliased_import(tmp_path: Path) -> None:
    findings = found(tmp_path, {"tests/conftest.py": SYNC_ENGINE_PER_TEST})
    assert where(findings) == {("db-per-test", "tests/conftest.py", 9)}
    what = findings[0].what
    assert "creates an engine" in what and "create_all" in what
    assert "session factory" in what
    assert "def session(db_session): return db_session" in findings[0].fix
    assert findings[0].fixture == "session"


def test_the_same_setup_once_per_session_is_fine(tmp_path: Path) -> None:
    once = SYNC_ENGINE_PER_TEST.replace(
        "@pytest.fixture\ndef session", '@pytest.fixture(scope="session")\ndef session'
    )
    # A session-scoped fixture that opens a Session is shared by every test instead.
    assert where(found(tmp_path, {"tests/conftest.py": once})) == {
        ("db-wider-scope", "tests/conftest.py", 9)
    }


ASYNC_BY_DIALECT = """\
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app import models, reports


def build(url):
    return create_async_engine(url)


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request):
    if request.param == "sqlite":
        engine = build("sqlite+aiosqlite://")
    else:
        engine = build(URL)
    async with engine.begin() as conn:
        await conn.run_sync(models.Base.metadata.create_all)
        await conn.run_sync(reports.metadata.create_all)
    async with AsyncSession(engine) as session:
        yield session
"""


def test_an_async_engine_by_dialect_through_a_helper_with_two_schemas(
    tmp_path: Path,
) -> None:
    findings = found(tmp_path, {"tests/conftest.py": ASYNC_BY_DIALECT})
    assert where(findings) == {("db-per-test", "tests/conftest.py", 12)}
    finding = findings[0]
    assert "async fixture `db`" in finding.what
    assert "opens a session on that engine" in finding.what
    assert "2 schemas" in finding.fix and "branches" in finding.fix


def test_an_engine_fixture_feeding_a_session_fixture(tmp_path: Path) -> None:
    conftest = """\
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine


@pytest.fixture
async def engine(tmp_path):
    engine = create_async_engine("sqlite+aiosqlite://")
    yield engine
    await engine.dispose()


@pytest.fixture
async def session(engine):
    async with async_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def shop(db_session):
    return db_session
"""
    findings = found(tmp_path, {"tests/conftest.py": conftest})
    assert where(findings) == {
        ("db-per-test", "tests/conftest.py", 6),
        ("db-per-test", "tests/conftest.py", 13),
    }
    engine, session = findings
    assert engine.fix.startswith("delete it: `session`")
    assert "on the per-test `engine`" in session.what


def test_a_module_scoped_login_on_the_session(tmp_path: Path) -> None:
    conftest = """\
import pytest
from sqlalchemy.orm import Session

from app.security import get_password_hash


@pytest.fixture(scope="module")
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture(scope="module")
def admin(session):
    return make_user(session, get_password_hash("secret"))


@pytest.fixture(scope="session")
def engine():
    return make_engine()
"""
    app = "from passlib.context import CryptContext\n"
    findings = found(tmp_path, {"tests/conftest.py": conftest, "app/security.py": app})
    assert where(findings) == {
        ("db-wider-scope", "tests/conftest.py", 8),
        ("db-wider-scope", "tests/conftest.py", 14),
        ("password-hashing", "tests/conftest.py", 15),
    }
    hashing = next(item for item in findings if item.code == "password-hashing")
    assert "bcrypt__rounds=4" in hashing.fix  # passlib's cheap setting
    assert "every module" in hashing.what


def test_an_override_that_opens_its_own_session(tmp_path: Path) -> None:
    conftest = """\
import pytest
from fastapi.testclient import TestClient

from app.main import app, get_db
from app.db import SessionLocal


def override_get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def client():
    app.dependency_overrides[get_db] = override_get_db
    return TestClient(app)


@pytest.fixture
def good_client(db_session):
    app.dependency_overrides[get_db] = lambda: db_session
    return TestClient(app)
"""
    findings = found(tmp_path, {"tests/conftest.py": conftest})
    assert where(findings) == {("db-own-session", "tests/conftest.py", 18)}


def test_an_override_fed_by_a_per_test_engine_fixture(tmp_path: Path) -> None:
    conftest = """\
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.main import app, get_db
from app.models import Base


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/t.db")
    Base.metadata.create_all(engine)
    yield engine


@pytest.fixture
def client(engine):
    factory = sessionmaker(engine)
    app.dependency_overrides[get_db] = lambda: factory()
    return TestClient(app)
"""
    findings = found(tmp_path, {"tests/conftest.py": conftest})
    # The client itself is not a per-test session to alias: its override is the fix.
    assert where(findings) == {
        ("db-per-test", "tests/conftest.py", 11),
        ("db-own-session", "tests/conftest.py", 20),
    }
    engine, override = sorted(findings, key=lambda item: item.line)
    assert engine.fix.startswith("delete it: `client`, which uses it, answers its")
    assert "take db_session in `client`" in override.fix
    assert "builds a session factory" in override.what
    assert override.fixture == "client"


FLASK = """\
import pytest

from shop import create_app
from shop.extensions import db


@pytest.fixture
def app():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        db.create_all()
        yield app
        db.drop_all()
"""


def test_a_flask_app_and_its_tables_per_test(tmp_path: Path) -> None:
    findings = found(tmp_path, {"tests/conftest.py": FLASK})
    # Not db-per-test: aliasing the app to db_session would be wrong.
    assert where(findings) == {("flask-app-per-test", "tests/conftest.py", 8)}
    fix = findings[0].fix
    assert 'tuneup_flask_app = "shop:create_app"' in fix
    assert 'tuneup_models = "shop.extensions:db.metadata"' in fix
    assert "def app(flask_app, db_session): return flask_app" in fix
    assert fix.endswith("make doctor-fix leaves it: tuneup_flask_app is not set")


def test_what_keeps_doctor_fix_from_the_flask_fixture(tmp_path: Path) -> None:
    config = CONFIG + 'tuneup_flask_app = "shop:create_app"\n'
    cases = {
        "create_app({": ("create_app('testing')  # {", "not a dict literal"),
        "db.create_all()": ("db.create_all()\n        seed(db)", "seed() at line 12"),
        '"TESTING": True': (
            '"UPLOADS": tmp_path',
            "settings read other fixtures (tmp_path)",
        ),
    }
    for old, (new, reason) in cases.items():
        conftest = FLASK.replace(old, new, 1).replace(
            "def app():", "def app(tmp_path):"
        )
        files = {"pyproject.toml": config, "tests/conftest.py": conftest}
        fix = found(tmp_path, files)[0].fix
        assert "set tuneup_flask_app" not in fix
        assert "make doctor-fix leaves it: " in fix and reason in fix, fix
    # tmp_path only for the database's own setting goes with it: rewritten.
    conftest = FLASK.replace("def app():", "def app(tmp_path):").replace(
        '"sqlite://"', 'f"sqlite:///{tmp_path}/t.db"'
    )
    files = {"pyproject.toml": config, "tests/conftest.py": conftest}
    assert "leaves it" not in found(tmp_path, files)[0].fix


def test_a_session_alias_says_when_the_routes_use_their_own_session(
    tmp_path: Path,
) -> None:
    test = (
        "from fastapi.testclient import TestClient\n\nfrom app.main import app\n\n"
        "client = TestClient(app)\n"
    )
    files = {"tests/conftest.py": SYNC_ENGINE_PER_TEST, "tests/test_api.py": test}
    findings = found(tmp_path, files)
    assert "point it at db_session too (tuneup_session_dependency" in findings[0].fix
    # With the dependency named, the plugin answers it with db_session: no note.
    config = CONFIG + 'tuneup_session_dependency = "app.db:get_db"\n'
    findings = found(tmp_path, {**files, "pyproject.toml": config})
    assert "tuneup_session_dependency" not in findings[0].fix


def test_asyncio_debug_event_loop_and_loop_scope(tmp_path: Path) -> None:
    config = CONFIG + 'asyncio_mode = "auto"\nasyncio_debug = true\n'
    conftest = """\
import asyncio
import os

import pytest
import pytest_asyncio

os.environ["PYTHONASYNCIODEBUG"] = "1"


@pytest.fixture(scope="session")
def event_loop():
    loop = asyncio.new_event_loop()
    loop.set_debug(True)
    yield loop


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def broker():
    return await connect()


@pytest_asyncio.fixture
async def cheap():
    return 1
"""
    findings = found(
        tmp_path, {"pyproject.toml": config, "tests/conftest.py": conftest}
    )
    assert where(findings) == {
        ("asyncio-debug", "pyproject.toml", 4),
        ("asyncio-debug", "tests/conftest.py", 7),
        ("asyncio-debug", "tests/conftest.py", 13),
        ("asyncio-event-loop", "tests/conftest.py", 11),
        ("asyncio-loop-scope", "tests/conftest.py", 18),
    }


def test_a_session_test_loop_scope_or_anyio_clears_the_loop_scope(
    tmp_path: Path,
) -> None:
    conftest = """\
import pytest_asyncio


@pytest_asyncio.fixture(scope="session")
async def broker():
    return 1
"""
    session_loop = CONFIG + 'asyncio_default_test_loop_scope = "session"\n'
    assert not found(
        tmp_path / "a", {"pyproject.toml": session_loop, "tests/conftest.py": conftest}
    )
    anyio = "import anyio\n" + conftest
    assert not found(tmp_path / "b", {"tests/conftest.py": anyio})


def test_sys_path_edits_and_slow_teardowns(tmp_path: Path) -> None:
    conftest = """\
import gc
import sys
import time
from time import sleep

import pytest

sys.path.insert(0, "src")


@pytest.fixture(autouse=True)
def settle():
    sleep(0.1)
    yield


@pytest.fixture
def server():
    yield start()
    time.sleep(0.5)
    gc.collect()


@pytest.fixture
def setup_only():
    time.sleep(0.1)  # before yield, not autouse: the test waits for something
    yield


class TestThing:
    def teardown_method(self):
        gc.collect()
"""
    test = "import sys\nsys.path.append('..')\n\ndef test_x():\n    pass\n"
    findings = found(tmp_path, {"tests/conftest.py": conftest, "tests/test_x.py": test})
    assert where(findings) == {
        ("sys-path", "tests/conftest.py", 8),
        ("slow-teardown", "tests/conftest.py", 13),
        ("slow-teardown", "tests/conftest.py", 20),
        ("slow-teardown", "tests/conftest.py", 21),
        ("slow-teardown", "tests/conftest.py", 32),
        ("sys-path", "tests/test_x.py", 2),
    }


def test_configuration_coverage_markers_and_testpaths(tmp_path: Path) -> None:
    ini = """\
[pytest]
addopts = -q --cov=app --cov-report=term
markers =
    slow: takes a while
"""
    conftest = """\
def pytest_configure(config):
    config.addinivalue_line("markers", "api(name): goes through HTTP")
"""
    test = """\
import pytest
from pytest import mark

pytestmark = pytest.mark.integration


@pytest.mark.slow
@pytest.mark.api
@mark.smoke
@pytest.mark.parametrize("x", [1])
def test_x(x):
    pass


@pytest.mark.integration
def test_y():
    pass
"""
    findings = found(
        tmp_path,
        {
            "pytest.ini": ini,
            "tests/conftest.py": conftest,
            "tests/test_x.py": test,
        },
    )
    assert where(findings) == {
        ("coverage-addopts", "pytest.ini", 2),
        ("testpaths", "pytest.ini", 1),
        ("unregistered-marker", "tests/test_x.py", 4),
        ("unregistered-marker", "tests/test_x.py", 9),
    }
    testpaths = next(item for item in findings if item.code == "testpaths")
    assert testpaths.fix == "testpaths = ['tests'] in the pytest configuration"


def test_a_file_that_does_not_parse_is_left_to_pytest(tmp_path: Path) -> None:
    files = {"tests/conftest.py": "def broken(:\n", "tests/test_a.py": "x = 1\n"}
    assert found(tmp_path, files) == []


def test_an_app_built_and_started_for_every_test(tmp_path: Path) -> None:
    conftest = """\
import pytest
from fastapi.testclient import TestClient

from app.main import create_app


@pytest.fixture
def app():
    return create_app()


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture
def plain_client(app):
    return TestClient(app)


@pytest.fixture(scope="session")
def shared_app():
    return create_app()
"""
    findings = found(tmp_path, {"tests/conftest.py": conftest})
    assert where(findings) == {("app-per-test", "tests/conftest.py", 9)}
    assert "`client` starts its lifespan" in findings[0].what
