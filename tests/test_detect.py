"""Answers detected from a project's code (hooks/tuneup_hooks/detect.py).

Each test writes a small project into tmp_path and asserts the value and its evidence.
Nothing here imports the projects' code: one module raises at import to prove it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tuneup_hooks.detect import Found, detect_answers, resolve
from tuneup_testing import write_files as write

PYPROJECT = "[project]\nname = 'shop'\nversion = '1'\nrequires-python = '>=3.9'\n"


# -- runner ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "runner", "evidence"),
    [
        ({"uv.lock": "version = 1\n"}, "uv", "uv.lock"),
        ({"poetry.lock": "# poetry\n"}, "poetry", "poetry.lock"),
        ({"pdm.lock": "# pdm\n"}, "pdm", "pdm.lock"),
        ({"hatch.toml": "[envs.default]\n"}, "hatch", "hatch.toml"),
        ({"pyproject.toml": PYPROJECT + "[tool.hatch.envs.test]\n"}, "hatch", "[tool.hatch.envs] in pyproject.toml"),
        ({"pyproject.toml": PYPROJECT}, "python", "no uv.lock, poetry.lock, pdm.lock or hatch configuration"),
    ],
)
def test_runner_from_lock_files(tmp_path: Path, files: dict[str, str], runner: str, evidence: str) -> None:
    write(tmp_path, files)
    assert detect_answers(tmp_path, "tests").runner == Found(runner, evidence)


# -- package ---------------------------------------------------------------------------------


def test_package_from_the_distribution_name(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT, "src/shop/__init__.py": "", "src/other/__init__.py": ""})
    assert detect_answers(tmp_path, "tests").package == Found("shop", "[project].name in pyproject.toml")


def test_package_the_only_one_in_src(tmp_path: Path) -> None:
    write(tmp_path, {"src/billing/__init__.py": ""})
    assert detect_answers(tmp_path, "tests").package == Found("billing", "the only package in src/")


def test_package_answered_wins(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": PYPROJECT, "src/shop/__init__.py": ""})
    assert detect_answers(tmp_path, "tests", "shop,shop_admin").package == Found("shop,shop_admin", "answered")


# -- models ----------------------------------------------------------------------------------

DECLARATIVE = """\
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
"""


def test_models_declarative_base_subclass(tmp_path: Path) -> None:
    write(tmp_path, {"src/shop/__init__.py": "", "src/shop/models.py": DECLARATIVE})
    assert detect_answers(tmp_path, "tests").models == Found("shop.models:Base", "src/shop/models.py:4")


def test_models_base_defined_in_one_module_and_used_in_another(tmp_path: Path) -> None:
    """Importing the module with the models registers their tables; the base's own module
    alone would give an empty MetaData."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
            "app/models.py": "from sqlalchemy import Column, Integer\n\nfrom .db import Base\n\n\n"
            "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n",
        },
    )
    assert detect_answers(tmp_path, "tests").models == Found("app.models:Base", "app/db.py:3")


def test_models_metadata_objects_and_adopted_metadata(tmp_path: Path) -> None:
    """A MetaData that a declarative base adopts is that base's schema, not a second one;
    a MetaData that only Table() uses is a schema of its own."""
    write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/naming.py": "from sqlalchemy import MetaData\n\nshared = MetaData(naming_convention={})\n",
            "src/shop/models.py": "from sqlalchemy.orm import DeclarativeBase\n\nfrom .naming import shared\n\n\n"
            "class Base(DeclarativeBase):\n    metadata = shared\n",
            "src/shop/reports.py": "import sqlalchemy as sa\n\nreport_metadata = sa.MetaData()\n"
            "totals = sa.Table('totals', report_metadata, sa.Column('id', sa.Integer))\n",
        },
    )
    found = detect_answers(tmp_path, "tests").models
    assert found == Found(
        "shop.models:Base,shop.reports:report_metadata", "src/shop/models.py:6, src/shop/reports.py:3"
    )


def test_models_sqlmodel_beside_a_declarative_base(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/models.py": DECLARATIVE,
            "src/shop/heroes.py": "from sqlmodel import Field, SQLModel\n\n\n"
            "class HeroBase(SQLModel):\n    name: str\n\n\n"
            "class Hero(HeroBase, SQLModel, table=True):\n    id: int = Field(primary_key=True)\n",
        },
    )
    found = detect_answers(tmp_path, "tests").models
    assert found == Found(
        "shop.models:Base,shop.heroes:SQLModel.metadata", "src/shop/models.py:4, src/shop/heroes.py:8"
    )


def test_models_sqlmodel_by_module_attribute(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/tables.py": "import sqlmodel\n\n\nclass T(sqlmodel.SQLModel, table=True):\n    pass\n",
        },
    )
    assert detect_answers(tmp_path, "tests").models == Found("sqlmodel:SQLModel.metadata", "pkg/tables.py:4")


def test_models_skip_tests_venvs_and_migrations(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "tests/conftest.py": DECLARATIVE,
            "spec/models.py": DECLARATIVE,
            ".venv/pyvenv.cfg": "home = /usr/bin\n",
            ".venv/lib/site.py": DECLARATIVE,
            "env39/pyvenv.cfg": "home = /usr/bin\n",
            "env39/lib/mod.py": DECLARATIVE,
            "migrations/env.py": "from sqlalchemy import MetaData\nmeta = MetaData()\n",
        },
    )
    assert detect_answers(tmp_path, "spec").models is None


def test_detection_never_imports_the_code(tmp_path: Path) -> None:
    write(tmp_path, {"src/shop/__init__.py": "", "src/shop/models.py": "raise SystemExit('imported!')\n" + DECLARATIVE})
    assert detect_answers(tmp_path, "tests").models == Found("shop.models:Base", "src/shop/models.py:5")


def test_files_that_do_not_parse_are_skipped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"src/shop/__init__.py": "", "src/shop/broken.py": "def (:\n", "src/shop/models.py": DECLARATIVE},
    )
    assert detect_answers(tmp_path, "tests").models == Found("shop.models:Base", "src/shop/models.py:4")


# -- app -------------------------------------------------------------------------------------


def test_app_instance_at_module_level(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/admin.py": "from fastapi import FastAPI\n\nadmin = FastAPI()\n",
            "src/shop/main.py": "import fastapi\n\n\napp: fastapi.FastAPI = fastapi.FastAPI(title='shop')\n",
        },
    )
    # Both are instances: the one in main.py is the one a server runs.
    assert detect_answers(tmp_path, "tests").app == Found("shop.main:app", "src/shop/main.py:4")


def test_app_factory(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/factory.py": "from fastapi import FastAPI\n\n\ndef create_app():\n"
            "    application = FastAPI()\n\n    def nested():\n        return 1\n\n    return application\n",
        },
    )
    assert detect_answers(tmp_path, "tests").app == Found(
        "shop.factory:create_app", "shop/factory.py:4, a function that returns the FastAPI app"
    )


def test_app_built_by_a_factory_at_module_level(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/factory.py": "from fastapi import FastAPI\n\n\ndef build() -> FastAPI:\n    return FastAPI()\n",
            "shop/main.py": "from .factory import build\n\napp = build()\n",
        },
    )
    assert detect_answers(tmp_path, "tests").app == Found("shop.main:app", "shop/main.py:3")


def test_no_app(tmp_path: Path) -> None:
    write(tmp_path, {"shop/__init__.py": "", "shop/main.py": "from flask import Flask\n\napp = Flask(__name__)\n"})
    assert detect_answers(tmp_path, "tests").app is None


# -- session dependency ----------------------------------------------------------------------


def test_session_dependency_sync_generator(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/database.py": "from sqlalchemy.orm import sessionmaker\n\nSessionLocal = sessionmaker()\n\n\n"
            "def get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n",
        },
    )
    assert detect_answers(tmp_path, "tests").session_dependency == Found(
        "app.database:get_db", "app/database.py:6, yields a session"
    )


def test_session_dependency_async_and_used_with_depends(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/db.py": "from contextlib import asynccontextmanager\n\n\n"
            "@asynccontextmanager\nasync def get_session_scope():\n"
            "    async with make_session() as s:\n        yield s\n\n\n"
            "async def get_session():\n    async with make_session() as session:\n        yield session\n\n\n"
            "async def session_dep():\n    async with async_session_maker() as session:\n        yield session\n",
            "src/shop/api.py": "from fastapi import Depends\n\nfrom .db import session_dep\n\n\n"
            "async def orders(session=Depends(session_dep)):\n    return []\n",
        },
    )
    # get_session_scope is a context manager, not a dependency; session_dep is the one
    # the routes depend on, so it wins over the better-named get_session.
    assert detect_answers(tmp_path, "tests").session_dependency == Found(
        "shop.db:session_dep", "src/shop/db.py:15, used with Depends"
    )


def test_session_dependency_from_the_annotation(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "backend/__init__.py": "",
            "backend/deps.py": "from collections.abc import Generator\n\nfrom sqlmodel import Session\n\n\n"
            "def get_db() -> Generator[Session, None, None]:\n    with make() as s:\n        yield s\n\n\n"
            "def numbers():\n    yield 1\n",
        },
    )
    assert detect_answers(tmp_path, "tests").session_dependency == Found(
        "backend.deps:get_db", "backend/deps.py:6, yields a session"
    )


# -- async mode ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tests", "mode", "evidence"),
    [
        ({"tests/test_a.py": "def test_a():\n    pass\n"}, "off", "no async tests in tests"),
        (
            {"tests/test_a.py": "import pytest\n\n\nasync def test_a():\n    pass\n"},
            "auto",
            "async tests (tests/test_a.py:4), no anyio marks",
        ),
        (
            {
                "tests/test_a.py": "import pytest\n\npytestmark = pytest.mark.anyio\n\n\n"
                "async def test_a():\n    pass\n",
            },
            "off",
            "async tests (tests/test_a.py:6) run on anyio (tests/test_a.py:3), no pytest-asyncio marks",
        ),
        (
            {
                "tests/test_a.py": "import pytest\n\npytestmark = pytest.mark.anyio\n\n\n"
                "async def test_a():\n    pass\n",
                "tests/test_b.py": "import pytest\n\n\n@pytest.mark.asyncio\nasync def test_b():\n    pass\n",
            },
            "strict",
            "async tests (tests/test_a.py:6), anyio in use (tests/test_a.py:3) beside pytest-asyncio"
            " (tests/test_b.py:4)",
        ),
        (
            {
                "tests/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n",
                "tests/api/test_b.py": "class TestB:\n    async def test_b(self):\n        pass\n",
            },
            "off",
            "async tests (tests/api/test_b.py:2) run on anyio (tests/conftest.py:5), no pytest-asyncio marks",
        ),
    ],
)
def test_async_mode_from_the_suite(tmp_path: Path, tests: dict[str, str], mode: str, evidence: str) -> None:
    write(tmp_path, tests)
    assert detect_answers(tmp_path, "tests").async_mode == Found(mode, evidence)


def test_async_mode_ignores_our_own_generated_plugins(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"tests/test_a.py": "def test_a():\n    pass\n", "tests/tuneup/x.py": "async def test_x():\n    pass\n"},
    )
    assert detect_answers(tmp_path, "tests").async_mode.value == "off"


def test_lines_for_the_hook_message(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"pyproject.toml": PYPROJECT, "uv.lock": "", "src/shop/__init__.py": "", "src/shop/models.py": DECLARATIVE},
    )
    detected = detect_answers(tmp_path, "tests")
    assert detected.values() == {"runner": "uv", "package": "shop", "models": "shop.models:Base", "async_mode": "off"}
    assert detected.lines() == [
        "runner: uv (uv.lock)",
        "package: shop ([project].name in pyproject.toml)",
        "models: shop.models:Base (src/shop/models.py:4)",
        "async_mode: off (no tests folder)",
    ]


# -- resolving `auto` answers ----------------------------------------------------------------


def test_resolve_replaces_only_what_asks_for_detection(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": PYPROJECT,
            "poetry.lock": "",
            "src/shop/__init__.py": "",
            "src/shop/models.py": DECLARATIVE,
            "tests/test_a.py": "async def test_a():\n    pass\n",
        },
    )
    answers = {
        "runner": "auto",
        "package": "",
        "models": "auto",
        "app": "auto",
        "session_dependency": "shop.deps:get_db",
        "async_mode": "auto",
        "database": "sqlite",
    }
    resolved, lines = resolve(answers, detect_answers(tmp_path, "tests"))
    assert resolved == {
        "runner": "poetry",
        "package": "shop",
        "models": "shop.models:Base",
        "app": "",  # nothing found: empty, the hook says what to answer
        "session_dependency": "shop.deps:get_db",  # answered: kept
        "async_mode": "auto",
        "database": "sqlite",
        "flask_app": "",  # unanswered, so auto; no Flask-SQLAlchemy: empty, no Flask mode
    }
    assert lines == [
        "runner: poetry (poetry.lock)",
        "package: shop ([project].name in pyproject.toml)",
        "models: shop.models:Base (src/shop/models.py:4)",
        "async_mode: auto (async tests (tests/test_a.py:1), no anyio marks)",
    ]


def test_resolve_keeps_async_on_for_an_async_database(tmp_path: Path) -> None:
    write(tmp_path, {"tests/test_a.py": "def test_a():\n    pass\n"})
    answers = {"async_mode": "auto", "database": "postgresql", "db_api": "async"}
    resolved, lines = resolve(answers, detect_answers(tmp_path, "tests"))
    assert resolved["async_mode"] == "auto"
    assert lines[-1] == "async_mode: auto (no async tests in tests; db_api=async runs its fixtures on pytest-asyncio)"


def test_models_sqlmodel_tables_deriving_from_their_own_base(tmp_path: Path) -> None:
    """The full-stack FastAPI shape: `class User(UserBase, table=True)`, UserBase a SQLModel."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": "from sqlmodel import Field, SQLModel\n\n\nclass UserBase(SQLModel):\n    email: str\n\n\n"
            "class User(UserBase, table=True):\n    id: int = Field(primary_key=True)\n\n\n"
            "class Item(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n",
            "app/forms.py": "class Form:\n    pass\n\n\nclass Login(Form, table=True):\n    pass\n",
        },
    )
    assert detect_answers(tmp_path, "tests").models == Found("app.models:SQLModel.metadata", "app/models.py:8")


def test_models_flask_sqlalchemy(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "forum/__init__.py": "",
            "forum/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n",
            "forum/models.py": "from .extensions import db\n\n\nclass Post(db.Model):\n    id = 1\n",
        },
    )
    assert detect_answers(tmp_path, "tests").models == Found("forum.extensions:db.metadata", "forum/extensions.py:3")


FLASK_FACTORY = """\
from flask import Flask

from forum.extensions import db


def create_app() -> Flask:
    app = Flask(__name__)
    db.init_app(app)
    return app
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"forum/__init__.py": FLASK_FACTORY},
            Found("forum:create_app", "forum/__init__.py:6, a function that returns the Flask app"),
        ),
        (
            {"forum/__init__.py": "", "forum/wsgi.py": "from flask import Flask\n\napp = Flask(__name__)\n"},
            Found("forum.wsgi:app", "forum/wsgi.py:3"),
        ),
    ],
)
def test_flask_app_of_a_flask_sqlalchemy_project(tmp_path: Path, files: dict[str, str], expected: Found) -> None:
    write(tmp_path, {"forum/extensions.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n", **files})
    assert detect_answers(tmp_path, "tests").flask_app == expected


def test_no_flask_app_without_flask_sqlalchemy(tmp_path: Path) -> None:
    """A Flask app on plain SQLAlchemy sessions needs no Flask mode."""
    write(tmp_path, {"forum/__init__.py": FLASK_FACTORY.replace("from forum.extensions import db\n", "db = None\n")})
    assert detect_answers(tmp_path, "tests").flask_app is None
