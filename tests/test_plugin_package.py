"""The plugins are one package of plain Python: copied verbatim or installed, configured by ini keys.

The same bytes for every answer set, no answer inside them, only the modules an answer
set loads, a bad setting as one line, and switching between vendored and installed (or
updating from 0.1's rendered tuneup_*.py files) leaves nothing stale behind.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import copier
import pytest
from tuneup_testing import (
    REPO,
    Renders,
    add_notes_models,
    commit_all,
    copy_template,
    git,
    make_project,
    snapshot_template,
    tool_env,
    update_template,
)

PACKAGE = REPO / "src" / "pytest_tuneup"
TEMPLATE = REPO / "template"
# The last commit of the 0.1 layout (tuneup_*.py rendered from .py.jinja templates).
RELEASE_0_1 = "ebd38ee060a28d0801288a4c882fa830f98db0a7"

# Two answer sets that differ in every answer a plugin reads, each value easy to spot.
FIRST: dict[str, Any] = {
    "database": "sqlite",
    "db_api": "async",
    "async_mode": "auto",
    "models": "notes.models:Base",
    "db_url_env": "NOTES_TEST_DB_URL",
    "framework": "fastapi",
    "app": "notes.api:create_app",
    "session_dependency": "notes.db:get_notes_session",
    "mock_targets": "smtplib:SMTP,http.client.HTTPSConnection",
    "block_network": True,
}
SECOND: dict[str, Any] = {
    "database": "postgresql",
    "db_api": "sync",
    "schema": "alembic",
    "models": "notes.storage:metadata",
    "db_url_env": "OTHER_DATABASE_URL",
    "framework": "fastapi",
    "app": "notes.web:application",
    "session_dependency": "notes.web:session",
    "mock_targets": "notes.mail:Mailer",
}
# Libraries a module may import only when the answers use them.
OPTIONAL = (
    "sqlalchemy",
    "filelock",
    "pytest_asyncio",
    "alembic",
    "fastapi",
    "httpx",
    "pytest_socket",
    "psutil",
    "libcst",
)


def vendored(project: Path, tests_dir: str = "tests") -> dict[str, bytes]:
    folder = project / tests_dir / "tuneup" / "pytest_tuneup"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.py"))}


def imported_at_top(source: bytes) -> set[str]:
    """Top-level packages a module imports at module level (not inside functions)."""
    names = re.findall(rb"^(?:import|from) ([A-Za-z_]\w*)", source, re.MULTILINE)
    return {name.decode() for name in names}


def test_the_template_holds_no_python_jinja() -> None:
    rendered = [path for path in TEMPLATE.rglob("*.py.jinja")]
    assert rendered == []
    assert (TEMPLATE / "{{ tests_dir }}" / "tuneup" / "pytest_tuneup").resolve() == PACKAGE


def test_two_answer_sets_vendor_the_same_bytes_and_no_answer(renders: Renders) -> None:
    first, second = renders.get("bare", FIRST), renders.get("bare", SECOND)

    one, two = vendored(first), vendored(second)
    shared = one.keys() & two.keys()
    assert {"plugin.py", "settings.py", "db/__init__.py", "app/__init__.py", "mocks.py"} <= shared
    for name in shared:
        assert one[name] == two[name], f"{name} differs between answer sets"
    for files in (one, two):
        for name, content in files.items():
            assert content == (PACKAGE / name).read_bytes(), f"{name} is not the package's own file"
    answers = [value for data in (FIRST, SECOND) for value in data.values() if isinstance(value, str)]
    spotted = {part for value in answers for part in value.split(",") if "." in part or "_" in part}
    for files in (one, two):
        for name, content in files.items():
            found = [value for value in spotted if value.encode() in content]
            assert found == [], f"{name} contains answers {found}"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, {"__init__.py", "plugin.py", "settings.py", "guards.py", "leaks.py"}),
        (
            {"database": "sqlite", "models": "notes.models:Base"},
            {"db/__init__.py", "db/schema.py", "db/sqlite.py", "db/postgresql.py", "db/sync_fixtures.py"},
        ),
        (
            {
                "database": "postgresql",
                "db_api": "async",
                "schema": "alembic",
                "async_mode": "strict",
                "models": "notes.models:Base",
            },
            {"db/async_fixtures.py", "db/migrations.py"},
        ),
        ({"framework": "fastapi", "app": "notes.main:app"}, {"app/__init__.py", "app/routes.py", "app/sync_client.py"}),
        ({"framework": "fastapi", "app": "notes.main:app", "async_mode": "auto"}, {"app/async_client.py"}),
        ({"mock_targets": "smtplib:SMTP"}, {"mocks.py"}),
    ],
    ids=["defaults", "sqlite-sync", "pg-async-alembic", "client-sync", "client-async", "mocks"],
)
def test_only_the_modules_the_answers_load_are_vendored(
    renders: Renders, answers: dict[str, Any], expected: set[str]
) -> None:
    project = renders.get("bare", answers)
    files = vendored(project)
    assert expected <= files.keys()
    # What the answers leave out needs libraries the project may not have (mypy too).
    uses_db, uses_app = answers.get("database", "none") != "none", answers.get("framework") == "fastapi"
    assert any(name.startswith("db/") for name in files) == uses_db
    assert any(name.startswith("app/") for name in files) == uses_app
    assert ("mocks.py" in files) == bool(answers.get("mock_targets"))
    assert ("db/async_fixtures.py" in files) == (answers.get("db_api") == "async")
    assert ("db/migrations.py" in files) == (answers.get("schema") == "alembic")
    # Copier renders before the hook reads the suite: async_mode=auto (the default) keeps the
    # async client, which is loaded only when the detected mode turns out on.
    assert ("app/async_client.py" in files) == (uses_app and answers.get("async_mode", "auto") != "off")
    for name, content in files.items():
        optional = imported_at_top(content) & set(OPTIONAL)
        if name == "bench/measure.py":
            # The benchmark's command line, not a plugin: its __main__ names psutil in one line.
            assert optional <= {"psutil"}, f"{name} imports {optional}"
        elif name.startswith("doctor/"):
            # make doctor's command line: its __main__ names libcst in one line.
            assert optional <= {"libcst"}, f"{name} imports {optional}"
        elif not name.startswith(("db/", "app/")):
            assert optional == set(), f"{name} imports {optional} at module level"
        if name.startswith("db/") and name not in ("db/async_fixtures.py", "db/migrations.py"):
            assert optional <= {"sqlalchemy", "filelock"}, f"{name} imports {optional}"
        if name in ("app/__init__.py", "app/routes.py", "app/sync_client.py"):
            assert optional <= {"fastapi"}, f"{name} imports {optional}"


def run_pytest(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env or tool_env(),
        timeout=600,
    )


def test_the_vendored_package_is_not_walked_when_collecting(renders: Renders, tmp_path: Path) -> None:
    """tests/tuneup is inside the project's test paths; pytest would walk its ~90 modules
    on every run (about 10 ms). The core plugin skips it: a test module planted there is
    never collected, while the project's own tests are."""
    project = renders.copy("bare", {"coverage": False}, tmp_path / "bare")
    trap = project / "tests" / "tuneup" / "pytest_tuneup" / "test_trap.py"
    trap.write_text("def test_trap():\n    raise AssertionError('collected')\n")

    result = run_pytest(project, "--collect-only", "-q")

    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected, result.stdout
    assert not [line for line in collected if "tuneup/" in line], collected


# The bare project has no pytest to ask and no pyproject: its settings go to a pytest.ini.
BAD_SETTINGS = {
    "tuneup_database = sqlite": "tuneup_database = mysql",
    "tuneup_db_api = sync": "tuneup_db_api = threads",
    "tuneup_models = notes.models:Base": "tuneup_models =\n    notes.models\n    notes.models:Base",
    "tuneup_db_url_env = TEST_DATABASE_URL": "tuneup_db_url_env = TEST-DATABASE-URL\ntuneup_leak_memory_mb = 0",
}


@pytest.mark.slow
def test_each_bad_setting_is_one_line_and_no_traceback(renders: Renders, tmp_path: Path) -> None:
    project = renders.copy(
        "bare", {"database": "sqlite", "models": "notes.models:Base", "coverage": False}, tmp_path / "bare"
    )
    config = project / "pytest.ini"
    text = config.read_text()
    for good, bad in BAD_SETTINGS.items():
        assert text.count(good) == 1, good
        text = text.replace(good, bad)
    config.write_text(text)

    result = run_pytest(project)

    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "Traceback" not in output
    assert [line for line in output.splitlines() if line.strip()] == [
        "ERROR: tuneup_database: 'mysql' is not one of sqlite, postgresql",
        "ERROR: tuneup_db_api: 'threads' is not one of sync, async",
        "ERROR: tuneup_models: 'notes.models' is not an import path; write module:attribute, like shop.models:Base",
        "ERROR: tuneup_db_url_env: 'TEST-DATABASE-URL' is not an environment variable name, like TEST_DATABASE_URL",
        "ERROR: tuneup_leak_memory_mb: 0 is not a whole number above 0",
    ]


@pytest.mark.slow
def test_a_library_the_settings_need_and_the_environment_lacks_is_one_line(renders: Renders, tmp_path: Path) -> None:
    answers = {"database": "sqlite", "db_api": "async", "models": "notes.models:Base", "coverage": False}
    project = renders.copy("bare", answers, tmp_path / "bare")
    # The driver made unimportable, as if not installed: None in sys.modules is how
    # Python itself marks a module that must not import.
    hidden = tmp_path / "hide"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text("import sys\n\nsys.modules['aiosqlite'] = None\n")
    env = {**tool_env(), "PYTHONPATH": str(hidden)}

    result = run_pytest(project, env=env)

    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert [line for line in output.splitlines() if line.strip()] == [
        "ERROR: pytest_tuneup.db (sqlite, async, metadata) needs aiosqlite, which is not installed:"
        " `make tuneup-deps` installs it"
    ]


@pytest.mark.slow
def test_a_setting_that_needs_a_module_the_copy_left_out_is_one_line(renders: Renders, tmp_path: Path) -> None:
    """Settings edited by hand past the answers: the copy lacks the async fixtures."""
    project = renders.copy(
        "bare", {"database": "sqlite", "models": "notes.models:Base", "coverage": False}, tmp_path / "bare"
    )
    config = project / "pytest.ini"
    config.write_text(config.read_text().replace("tuneup_db_api = sync", "tuneup_db_api = async"))

    result = run_pytest(project)

    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert [line for line in output.splitlines() if line.strip()] == [
        "ERROR: tuneup_db_api = async needs pytest_tuneup.db.async_fixtures, which this copy of pytest_tuneup"
        " leaves out: change the answer with `copier update --data ...` to copy it"
    ]


def requirement_of(project: Path) -> str:
    """The pytest-tuneup requirement make tuneup-deps installs, from tuneup.mk."""
    found = re.findall(r"^TUNEUP_SELF := (pytest-tuneup@\S+)$", (project / "tuneup.mk").read_text(), re.MULTILINE)
    assert len(found) == 1, found
    return str(found[0])


def pip_install(requirement: str, target: Path) -> None:
    """The distribution, built by pip from the template's git repository, into ``target``."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), requirement],
        capture_output=True,
        text=True,
        env=tool_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def installed_env(site: Path) -> dict[str, str]:
    return {**tool_env(), "PYTHONPATH": str(site)}


@pytest.mark.slow
def test_switching_between_vendored_and_installed_both_ways(template: Path, tmp_path: Path) -> None:
    project = make_project("bare", tmp_path / "bare")
    copy_template(template, project, {"mock_targets": "smtplib:SMTP", "coverage": False})
    commit_all(project, "adopt pytest-tuneup, vendored")
    assert vendored(project)

    update_template(project, {"plugin_source": "installed"})

    assert not (project / "tests" / "tuneup" / "pytest_tuneup").exists(), "no vendored module is left"
    config = (project / "pytest.ini").read_text()
    assert "tests/tuneup" not in config, "nothing to put on pythonpath"
    assert "pytest_tuneup.mocks" in config and "smtplib:SMTP" in config
    requirement = requirement_of(project)
    commit = git(template, "rev-parse", "v2.0.0").strip()
    assert requirement == f"pytest-tuneup@git+file://{template}@{commit}"
    plain = run_pytest(project)
    assert plain.returncode != 0, "without the distribution the plugins are missing"
    site = tmp_path / "site"
    pip_install(requirement, site)
    assert (site / "pytest_tuneup" / "plugin.py").read_bytes() == (PACKAGE / "plugin.py").read_bytes()
    version = re.search(r'__version__ = "(.+)"', (PACKAGE / "__init__.py").read_text())
    assert version is not None and (site / f"pytest_tuneup-{version.group(1)}.dist-info").is_dir()
    assert not list(site.rglob("test_*.py")), "the unit tests beside the code stay in the repository"
    result = run_pytest(project, env=installed_env(site))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "17 passed" in result.stdout and "tuneup_mocks: mocked for the run: smtplib:SMTP" in result.stdout
    commit_all(project, "installed")

    update_template(project, {"plugin_source": "vendored"})

    assert "pytest-tuneup@" not in (project / "tuneup.mk").read_text()
    assert "tests/tuneup" in (project / "pytest.ini").read_text()
    assert vendored(project)["mocks.py"] == (PACKAGE / "mocks.py").read_bytes()
    again = run_pytest(project)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "17 passed" in again.stdout


def test_turning_answers_off_turns_their_settings_off(template: Path, tmp_path: Path) -> None:
    project = make_project("bare", tmp_path / "bare")
    answers = {
        "framework": "fastapi",
        "database": "sqlite",
        "models": "notes.models:Base",
        "app": "notes.main:app",
        "session_dependency": "notes.db:get_db",
    }
    copy_template(template, project, {**answers, "block_network": True})
    # No environment and no Python floor here: the configuration is written for pytest 8.
    config = project / "pytest.ini"
    assert "tuneup_block_network = true" in config.read_text()
    assert "tuneup_session_dependency = notes.db:get_db" in config.read_text()
    commit_all(project, "adopt pytest-tuneup")

    update_template(project, {"block_network": False, "session_dependency": ""})

    text = config.read_text()
    assert "tuneup_block_network = false" in text and "tuneup_block_network = true" not in text
    assert "\ntuneup_session_dependency =\n" in text


def template_from_0_1_to_now(destination: Path) -> Path:
    """A template repository: v1.0.0 is the 0.1 layout, v2.0.0 the working tree."""
    archive = subprocess.run(["git", "archive", RELEASE_0_1], cwd=REPO, capture_output=True, check=False)
    if archive.returncode != 0:
        pytest.fail(f"the 0.1 release ({RELEASE_0_1[:7]}) is not in this clone's history: fetch it (no --depth)")
    destination.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    git(destination, "init", "-q", "-b", "main")
    commit_all(destination, "0.1")
    git(destination, "tag", "v1.0.0")
    now = snapshot_template(destination.parent / "now")
    for path in destination.iterdir():
        if path.name != ".git":
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    for path in now.iterdir():
        if path.name == ".git":
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.copytree(path, destination / path.name, symlinks=True)
        else:
            shutil.copy2(path, destination / path.name, follow_symlinks=False)
    commit_all(destination, "0.2")
    git(destination, "tag", "v2.0.0")
    return destination


@pytest.mark.slow
def test_an_update_from_the_0_1_layout_keeps_edits_and_leaves_no_old_module(tmp_path: Path) -> None:
    template = template_from_0_1_to_now(tmp_path / "template")
    answers = {"database": "sqlite", "models": "notes.models:Base", "mock_targets": "smtplib:SMTP", "coverage": False}
    project = add_notes_models(make_project("bare", tmp_path / "bare"), answers)
    copy_template(template, project, answers, ref="v1.0.0")
    old = sorted(path.name for path in (project / "tests" / "tuneup").glob("tuneup_*.py"))
    assert {"tuneup_plugin.py", "tuneup_db.py", "tuneup_mocks.py"} <= set(old)
    commit_all(project, "adopt pytest-tuneup 0.1")
    # The user's own edits: a make variable and a pytest setting.
    make_file = project / "tuneup.mk"
    make_file.write_text(make_file.read_text().replace("COPIER ?= copier", "COPIER ?= uvx copier"))
    config = project / "pytest.toml"
    config.write_text(config.read_text().replace('log_level = "INFO"', 'log_level = "WARNING"'))
    commit_all(project, "our own tweaks")

    update_template(project)

    left = sorted(path.name for path in (project / "tests" / "tuneup").glob("*.py"))
    assert not [name for name in left if name in old and not name.startswith("tuneup_bench")], left
    assert "COPIER ?= uvx copier" in make_file.read_text()
    text = config.read_text()
    assert 'log_level = "WARNING"' in text
    assert '"tuneup_plugin"' not in text and '"pytest_tuneup.plugin"' in text, "0.1's -p units were replaced"
    assert 'tuneup_models = ["notes.models:Base"]' in text
    assert not list(project.rglob("*.rej"))
    result = run_pytest(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "17 passed" in result.stdout


def test_the_package_imports_no_optional_library_at_start() -> None:
    """Loading the core plugins pulls in none of the libraries only some answers need."""
    code = (
        "import sys\n"
        "import pytest_tuneup.plugin, pytest_tuneup.guards, pytest_tuneup.leaks, pytest_tuneup.mocks\n"
        "import pytest_tuneup.db, pytest_tuneup.app\n"
        f"print(sorted(name for name in {OPTIONAL!r} if name in sys.modules))\n"
    )
    env = {**tool_env(), "PYTHONPATH": str(PACKAGE.parent)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


PYTHON_FLOOR = Path("/root/.pyenv/versions/3.9.18/bin/python")
# The oldest versions the package supports, pinned.
OLDEST = ["pytest==8.4.2", "pytest-asyncio==0.24.0", "pytest-socket==0.7.0", "sqlalchemy[asyncio]==2.0.36"]
OLDEST += ["aiosqlite", "filelock", "fastapi", "httpx", "psutil"]

SHOP = {
    "shop/__init__.py": "",
    "shop/models.py": """from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    note: Mapped[Optional[str]] = mapped_column(String(40), default=None)
""",
    "shop/db.py": """from typing import AsyncIterator, Iterator

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import Session

engine = create_engine("sqlite:///production.sqlite3")
async_engine = create_async_engine("sqlite+aiosqlite:///production.sqlite3")


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


async def get_async_session() -> AsyncIterator[AsyncSession]:
    async with AsyncSession(async_engine) as session:
        yield session
""",
    "shop/api.py": """import smtplib

from fastapi import Depends, FastAPI
from sqlalchemy import func, select

from shop.db import get_async_session, get_session
from shop.models import Item

app = FastAPI()


@app.get("/count")
def count(session=Depends(get_session)) -> int:
    return session.scalar(select(func.count()).select_from(Item))


@app.get("/acount")
async def acount(session=Depends(get_async_session)) -> int:
    return await session.scalar(select(func.count()).select_from(Item))


@app.post("/mail")
def mail() -> str:
    smtplib.SMTP("mail.example.com").sendmail("a@example.com", ["b@example.com"], "hi")
    return "sent"
""",
}
SYNC_TESTS = """import os
import socket

import pytest
from sqlalchemy import func, select

from shop.models import Item


@pytest.mark.parametrize("name", ["a", "b"])
def test_each_test_sees_only_its_own_rows(db_session, client, name):
    db_session.add(Item(name=name))
    db_session.commit()
    assert client.get("/count").json() == 1


def test_the_mail_goes_to_the_mock(client, tuneup_mocks):
    assert client.post("/mail").json() == "sent"
    assert tuneup_mocks["smtplib:SMTP"].return_value.sendmail.called


def test_a_variable_set_by_a_test(tmp_path):
    os.environ["SHOP_PROBE"] = "1"


def test_is_gone_for_the_next():
    assert "SHOP_PROBE" not in os.environ


def test_the_network_is_blocked():
    with pytest.raises(Exception, match="A test tried to use socket"):
        socket.getaddrinfo("example.com", 443)
"""
ASYNC_TESTS = """import pytest
from sqlalchemy import func, select

from shop.models import Item


@pytest.mark.parametrize("name", ["a", "b"])
async def test_each_test_sees_only_its_own_rows(db_session, client, name):
    db_session.add(Item(name=name))
    await db_session.commit()
    assert (await client.get("/acount")).json() == 1
"""
COMMON_INI = """[pytest]
testpaths = tests
pythonpath = . {package}
addopts = -p pytest_tuneup.plugin -p pytest_tuneup.db -p pytest_tuneup.app -p pytest_tuneup.guards
    -p pytest_tuneup.leaks -p pytest_tuneup.mocks -p no:cacheprovider --tuneup-leaks
strict_config = true
tuneup_database = sqlite
tuneup_models = shop.models:Base
tuneup_app = shop.api:app
tuneup_mock_targets = smtplib:SMTP
"""


@pytest.mark.slow
def test_the_package_runs_on_python_3_9_with_the_oldest_pytest_it_supports(tmp_path: Path) -> None:
    """Python 3.9, pytest 8.4, pytest-asyncio 0.24, SQLAlchemy 2.0: sync and async, every plugin."""
    if not PYTHON_FLOOR.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {PYTHON_FLOOR}")
        pytest.skip(f"no {PYTHON_FLOOR}")
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    # uv (beside this interpreter) rather than venv + pip: the test needs the venv, not pip.
    uv = str(Path(sys.executable).parent / "uv")
    subprocess.run([uv, "venv", "--quiet", "--python", str(PYTHON_FLOOR), str(venv)], check=True)
    install = subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", python, *OLDEST], capture_output=True, text=True
    )
    assert install.returncode == 0, install.stdout + install.stderr
    project = tmp_path / "shop"
    for name, text in SHOP.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    (project / "tests").mkdir()
    env = {key: value for key, value in tool_env().items() if key not in ("TEST_DATABASE_URL", "PYTHONPATH")}
    for api, tests, extra, passed in (
        (
            "sync",
            SYNC_TESTS,
            "tuneup_session_dependency = shop.db:get_session\ntuneup_block_network = true\n",
            "6 passed",
        ),
        (
            "async",
            ASYNC_TESTS,
            "tuneup_db_api = async\ntuneup_client = async\n"
            "tuneup_session_dependency = shop.db:get_async_session\nasyncio_mode = auto\n"
            "asyncio_default_fixture_loop_scope = session\n",
            "2 passed",
        ),
    ):
        (project / "tests" / "test_shop.py").write_text(tests)
        (project / "pytest.ini").write_text(COMMON_INI.format(package=PACKAGE.parent) + extra)
        result = subprocess.run(
            [python, "-m", "pytest", "-p", "no:randomly"], cwd=project, capture_output=True, text=True, env=env
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, (api, output)
        assert re.search(rf"\b{passed}\b", output), (api, output)
        assert "python 3.9" in output.lower() and "pytest-8.4" in output, output


@pytest.mark.slow
def test_a_copy_over_a_0_1_project_removes_its_unedited_plugin_files(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """copier copy (not update) leaves files the new version does not render: the hook removes 0.1's."""
    template = template_from_0_1_to_now(tmp_path / "template")
    answers = {"database": "sqlite", "models": "notes.models:Base", "coverage": False}
    project = add_notes_models(make_project("bare", tmp_path / "bare"), answers)
    copy_template(template, project, answers, ref="v1.0.0")
    commit_all(project, "adopt pytest-tuneup 0.1")
    guards = project / "tests" / "tuneup" / "tuneup_guards.py"
    guards.write_text(guards.read_text() + "\n# our own addition\n")
    commit_all(project, "our edit to the guards")
    capfd.readouterr()

    # A copy over files it rendered before asks about each one that differs: --overwrite.
    copier.run_copy(
        str(template), str(project), data=answers, defaults=True, unsafe=True, vcs_ref="v2.0.0", overwrite=True
    )

    out = capfd.readouterr().out
    left = sorted(path.name for path in (project / "tests" / "tuneup").glob("tuneup_*.py"))
    assert left == ["tuneup_guards.py"], "only the edited one stays"
    assert "tests/tuneup/tuneup_guards.py: 0.1's plugin, edited by you, kept but no longer loaded" in out
    assert (
        "removed 0.1's plugin files (tuneup_plugin.py, tuneup_db.py, tuneup_leaks.py, tuneup_bench.py,"
        " tuneup_bench_probe.py)" in out
    )
    result = run_pytest(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "17 passed" in result.stdout
