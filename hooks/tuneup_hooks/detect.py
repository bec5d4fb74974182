"""Answers read from the project's code: runner, package, models, app, session dependency, async mode,
and the Flask application of a Flask-SQLAlchemy project.

Each value comes with its evidence (``src/shop/models.py:8``) for the line the hook
prints, so a user sees why a default was chosen. The code is parsed with ``ast`` and
never imported: detection runs before anything is installed, and importing a user's
module can connect to databases or start servers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dependencies import runner_from_files
from .project import _packages_in, _pyproject_name, _setup_cfg_name, detect_packages
from .sources import code_files, module_name, parse
from .suite import scan_suite

#: Answers that ask the hook to read the value from the code instead (``package``: empty).
DETECT_TOKENS = ("auto", "detect")
DETECTED_ANSWERS = ("runner", "package", "models", "app", "session_dependency", "async_mode", "flask_app")
#: Module names an application is usually served from, best first.
_APP_MODULES = ("main", "app", "asgi", "api", "server", "application")
_DECLARATIVE = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})


@dataclass(frozen=True)
class Found:
    value: str
    evidence: str  # "src/shop/models.py:8" or a short reason


@dataclass(frozen=True)
class Detected:
    """What the code says; None where it says nothing (the question keeps its default)."""

    runner: Found
    async_mode: Found
    package: Found | None = None
    models: Found | None = None
    app: Found | None = None
    session_dependency: Found | None = None
    flask_app: Found | None = None

    def found(self) -> dict[str, Found]:
        return {name: value for name in DETECTED_ANSWERS if (value := getattr(self, name)) is not None}

    def values(self) -> dict[str, str]:
        return {name: found.value for name, found in self.found().items()}

    def lines(self) -> list[str]:
        """``models: shop.models:Base (src/shop/models.py:8)``, one per detected answer."""
        return [f"{name}: {found.value} ({found.evidence})" for name, found in self.found().items()]


def detect_answers(project: Path, tests_dir: str, package: str = "") -> Detected:
    """Read the answers the code can tell. ``package``: the answered package(s), "" to detect."""
    tests = project / tests_dir
    skip = frozenset({tests, project / "tests", project / "test"})
    modules = [scan for path in code_files(project, skip) if (scan := _scan(path, project)) is not None]
    return Detected(
        runner=detect_runner(project),
        async_mode=_async_mode(project, tests),
        package=_package(project, tests_dir, package),
        models=_models(modules),
        app=_app(modules),
        session_dependency=_session_dependency(modules),
        flask_app=_flask_app(modules),
    )


# -- one pass over each module -----------------------------------------------------------------


@dataclass
class _Module:
    name: str  # dotted import name
    where: str  # path relative to the project
    bases: list[tuple[str, int]] = field(default_factory=list)  # declarative bases defined here
    metadata: list[tuple[str, int]] = field(default_factory=list)  # module-level MetaData()
    metadata_used_by_bases: set[str] = field(default_factory=set)  # MetaData names a base adopts
    subclasses: dict[str, int] = field(default_factory=dict)  # base name -> mapped classes here
    imported: dict[str, str] = field(default_factory=dict)  # name -> absolute module it came from
    sqlmodel_tables: list[int] = field(default_factory=list)  # lines of `class X(SQLModel, table=True)`
    sqlalchemy_extensions: list[tuple[str, int]] = field(default_factory=list)  # Flask-SQLAlchemy `db = SQLAlchemy()`
    apps: list[tuple[str, int]] = field(default_factory=list)  # module-level FastAPI() instances
    factories: list[tuple[str, int]] = field(default_factory=list)  # functions that return one
    factory_calls: list[tuple[str, str, int]] = field(default_factory=list)  # (target, called name, line)
    flask_apps: list[tuple[str, int]] = field(default_factory=list)  # module-level Flask() instances
    flask_factories: list[tuple[str, int]] = field(default_factory=list)  # functions that return one
    sessions: list[tuple[str, int, bool]] = field(default_factory=list)  # (function, line, get_ name)
    depends: set[str] = field(default_factory=set)  # names passed to Depends(...)


def _scan(path: Path, project: Path) -> _Module | None:
    name = module_name(path, project)
    tree = parse(path)
    if name is None or tree is None:
        return None
    module = _Module(name=name, where=str(path.relative_to(project)))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                module.imported[alias.asname or alias.name.partition(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(package, node.level, node.module)
            for alias in node.names:
                module.imported[alias.asname or alias.name] = source
        elif isinstance(node, ast.ClassDef):
            _scan_class(node, module)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            _scan_assignment(node, node.value, module)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _scan_function(node, module)
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and _last(call.func) == "Depends" and call.args:
            module.depends.add(_last(call.args[0]))
    return module


def _scan_class(node: ast.ClassDef, module: _Module) -> None:
    base_names = [_last(base) for base in node.bases]
    if _DECLARATIVE.intersection(base_names):
        module.bases.append((node.name, node.lineno))
        for statement in node.body:  # `metadata = shared_metadata` adopts a MetaData
            if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                if any(_last(target) == "metadata" for target in targets):
                    module.metadata_used_by_bases.add(_last(statement.value))
        return
    # `class Hero(HeroBase, table=True)`: SQLModel's tables usually derive from a model of
    # their own; in a module that uses sqlmodel, `table=True` is the sign.
    uses_sqlmodel = "SQLModel" in base_names or "sqlmodel" in module.imported.values() or "sqlmodel" in module.imported
    if uses_sqlmodel and any(
        keyword.arg == "table" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True
        for keyword in node.keywords
    ):
        module.sqlmodel_tables.append(node.lineno)
    for base in base_names:
        module.subclasses[base] = module.subclasses.get(base, 0) + 1


def _scan_assignment(node: ast.Assign | ast.AnnAssign, value: ast.expr, module: _Module) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [target.id for target in targets if isinstance(target, ast.Name)]
    if not names or not isinstance(value, ast.Call):
        return
    called = _last(value.func)
    if called in ("declarative_base", "generate_base"):
        module.bases += [(name, node.lineno) for name in names]
        module.metadata_used_by_bases.update(
            _last(keyword.value) for keyword in value.keywords if keyword.arg == "metadata"
        )
    elif called == "MetaData":
        module.metadata += [(name, node.lineno) for name in names]
    elif called == "SQLAlchemy":
        module.sqlalchemy_extensions += [(name, node.lineno) for name in names]
    elif called == "FastAPI":
        module.apps += [(name, node.lineno) for name in names]
    elif called == "Flask":
        module.flask_apps += [(name, node.lineno) for name in names]
    else:
        module.factory_calls += [(name, called, node.lineno) for name in names]


def _scan_function(node: ast.FunctionDef | ast.AsyncFunctionDef, module: _Module) -> None:
    decorators = {_last(decorator) for decorator in node.decorator_list}
    body = list(_own_nodes(node))
    if _returns(node, body, "FastAPI"):
        module.factories.append((node.name, node.lineno))
    if _returns(node, body, "Flask"):
        module.flask_factories.append((node.name, node.lineno))
    # A session dependency yields the session; context managers and fixtures that yield
    # one are not dependencies FastAPI calls.
    if decorators & {"fixture", "contextmanager", "asynccontextmanager"}:
        return
    yields = [item for item in body if isinstance(item, ast.Yield)]
    if yields and _yields_session(node, body, yields):
        module.sessions.append((node.name, node.lineno, node.name.startswith("get_")))


def _returns(node: ast.FunctionDef | ast.AsyncFunctionDef, body: list[ast.AST], kind: str) -> bool:
    """The function returns a ``kind`` (FastAPI, Flask) it builds, or says so in its annotation."""
    if node.returns is not None and _last(node.returns) == kind:
        return True
    built = {
        target.id
        for item in body
        if isinstance(item, ast.Assign) and isinstance(item.value, ast.Call) and _last(item.value.func) == kind
        for target in item.targets
        if isinstance(target, ast.Name)
    }
    for item in body:
        if isinstance(item, ast.Return) and item.value is not None:
            value = item.value
            if (isinstance(value, ast.Call) and _last(value.func) == kind) or (
                isinstance(value, ast.Name) and value.id in built
            ):
                return True
    return False


def _yields_session(node: ast.FunctionDef | ast.AsyncFunctionDef, body: list[ast.AST], yields: list[ast.Yield]) -> bool:
    """The function's return annotation names a Session, or what it yields was made by a
    call whose name says session (``Session(engine)``, ``SessionLocal()``, ``async_session()``)."""
    if node.returns is not None and "Session" in ast.unparse(node.returns):
        return True
    from_session: set[str] = set()
    for item in body:
        if isinstance(item, ast.With | ast.AsyncWith):
            for with_item in item.items:
                if _is_session_call(with_item.context_expr) and isinstance(with_item.optional_vars, ast.Name):
                    from_session.add(with_item.optional_vars.id)
        elif isinstance(item, ast.Assign) and _is_session_call(item.value):
            from_session.update(target.id for target in item.targets if isinstance(target, ast.Name))
    for item in yields:
        value = item.value
        if (isinstance(value, ast.Name) and value.id in from_session) or (
            value is not None and _is_session_call(value)
        ):
            return True
    return False


def _is_session_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and "session" in _last(node.func).lower()


def _own_nodes(function: ast.AST) -> Iterable[ast.AST]:
    """The nodes of a function's body, not those of functions or classes nested in it."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _last(node: ast.expr) -> str:
    """The name at the end: ``sqlalchemy.orm.DeclarativeBase`` -> ``DeclarativeBase``;
    ``FastAPI(...)`` -> ``FastAPI``; subscripts and calls look at what they apply to."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call | ast.Subscript):
        return _last(node.func if isinstance(node, ast.Call) else node.value)
    return ""


def _absolute(package: str, level: int, module: str | None) -> str:
    """``from ..db import Base`` inside ``shop.api`` -> ``shop.db``."""
    if level == 0:
        return module or ""
    parts = package.split(".") if package else []
    parts = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*parts, module] if module else parts)


# -- the answers ------------------------------------------------------------------------------


def detect_runner(project: Path) -> Found:
    """The runner the lock files name; python when none does."""
    found = runner_from_files(project)
    if found is None:
        return Found("python", "no uv.lock, poetry.lock, pdm.lock or hatch configuration")
    return Found(*found)


def _package(project: Path, tests_dir: str, answered: str) -> Found | None:
    if answered.strip():
        return Found(answered.strip(), "answered")
    src = _packages_in(project / "src", exclude=set())
    flat = _packages_in(project, exclude={tests_dir.split("/")[0]})
    packages = detect_packages(project, src, flat)
    if not packages:
        return None
    name = packages[0]
    for evidence, declared in (
        ("[project].name in pyproject.toml", _pyproject_name(project / "pyproject.toml")),
        ("name in setup.cfg", _setup_cfg_name(project / "setup.cfg")),
    ):
        if declared and re.sub(r"[-.]+", "_", declared).lower() == name:
            return Found(name, evidence)
    return Found(name, "the only package in src/" if src else "the only package in the project root")


def _async_mode(project: Path, tests: Path) -> Found:
    if not tests.is_dir():
        return Found("off", f"no {tests.relative_to(project)} folder")
    suite = scan_suite(project, tests)
    if not suite.async_test:
        return Found("off", f"no async tests in {tests.relative_to(project)}")
    if suite.anyio and not suite.asyncio:
        # anyio runs these tests itself: pytest-asyncio is neither needed nor asked for (and
        # where it is installed anyway, its own default, strict, leaves anyio's tests alone).
        return Found("off", f"async tests ({suite.async_test}) run on anyio ({suite.anyio}), no pytest-asyncio marks")
    if suite.anyio:
        # pytest-asyncio's auto mode would take anyio's tests onto its own loop.
        return Found(
            "strict",
            f"async tests ({suite.async_test}), anyio in use ({suite.anyio}) beside pytest-asyncio ({suite.asyncio})",
        )
    return Found("auto", f"async tests ({suite.async_test}), no anyio marks")


def _models(modules: list[_Module]) -> Found | None:
    values: list[str] = []
    evidence: list[str] = []
    adopted = set().union(*(module.metadata_used_by_bases for module in modules)) if modules else set()
    for module in modules:
        for name, line in module.bases:
            # Where the models are: a base defined in db.py and subclassed in models.py is
            # imported from models.py, so importing it registers the tables.
            home = _home_of(name, module, modules)
            values.append(f"{home}:{name}")
            evidence.append(f"{module.where}:{line}")
    for module in modules:
        for name, line in module.metadata:
            if name not in adopted:
                values.append(f"{module.name}:{name}")
                evidence.append(f"{module.where}:{line}")
    for module in modules:
        for name, line in module.sqlalchemy_extensions:  # Flask-SQLAlchemy: db.metadata
            values.append(f"{module.name}:{name}.metadata")
            evidence.append(f"{module.where}:{line}")
    tables = [module for module in modules if module.sqlmodel_tables]
    if tables:
        # SQLModel.metadata from the module with the most table models: importing it
        # registers them.
        top = max(tables, key=lambda module: len(module.sqlmodel_tables))
        values.append(f"{top.name}:SQLModel.metadata" if "SQLModel" in top.imported else "sqlmodel:SQLModel.metadata")
        evidence.append(f"{top.where}:{top.sqlmodel_tables[0]}")
    if not values:
        return None
    return Found(",".join(dict.fromkeys(values)), ", ".join(dict.fromkeys(evidence)))


def _home_of(base: str, defined_in: _Module, modules: list[_Module]) -> str:
    if defined_in.subclasses.get(base):
        return defined_in.name
    users = [
        module for module in modules if module.subclasses.get(base) and module.imported.get(base) == defined_in.name
    ]
    if not users:
        return defined_in.name
    return max(users, key=lambda module: module.subclasses[base]).name


def _app(modules: list[_Module]) -> Found | None:
    factories = {(module.name, name) for module in modules for name, _ in module.factories}
    instances: list[tuple[_Module, str, int]] = []
    for module in modules:
        instances += [(module, name, line) for name, line in module.apps]
        for target, called, line in module.factory_calls:
            source = module.imported.get(called, module.name)
            if (source, called) in factories:
                instances.append((module, target, line))
    if instances:
        module, name, line = min(instances, key=lambda item: _app_rank(item[0]))
        return Found(f"{module.name}:{name}", f"{module.where}:{line}")
    candidates = [(module, name, line) for module in modules for name, line in module.factories]
    if candidates:
        module, name, line = min(candidates, key=lambda item: _app_rank(item[0]))
        return Found(f"{module.name}:{name}", f"{module.where}:{line}, a function that returns the FastAPI app")
    return None


def _app_rank(module: _Module) -> tuple[int, int]:
    last = module.name.rpartition(".")[2]
    return (_APP_MODULES.index(last) if last in _APP_MODULES else len(_APP_MODULES), module.name.count("."))


def _flask_app(modules: list[_Module]) -> Found | None:
    """The Flask application (or its factory) of a project on Flask-SQLAlchemy: the
    database fixtures then hand out its ``db.session``. None without Flask-SQLAlchemy."""
    if not any(module.sqlalchemy_extensions for module in modules):
        return None
    for kind, why in (("flask_apps", ""), ("flask_factories", ", a function that returns the Flask app")):
        candidates = [(module, name, line) for module in modules for name, line in getattr(module, kind)]
        if candidates:
            module, name, line = min(candidates, key=lambda item: _app_rank(item[0]))
            return Found(f"{module.name}:{name}", f"{module.where}:{line}{why}")
    return None


def _session_dependency(modules: list[_Module]) -> Found | None:
    depended = set().union(*(module.depends for module in modules)) if modules else set()
    candidates = [
        (name not in depended, not getter, index, module, name, line)
        for index, module in enumerate(modules)
        for name, line, getter in module.sessions
    ]
    if not candidates:
        return None
    *_, module, name, line = min(candidates, key=lambda item: item[:3])
    why = "used with Depends" if name in depended else "yields a session"
    return Found(f"{module.name}:{name}", f"{module.where}:{line}, {why}")


def resolve(answers: Mapping[str, Any], detected: Detected) -> tuple[dict[str, Any], list[str]]:
    """The answers with every ``auto`` (``package``: empty) replaced by what the code says,
    and one line per replaced answer for the hook to print.

    An answer the code says nothing about keeps its value, except ``auto`` for an import
    path, which becomes empty (the hook then says what to answer). ``async_mode`` stays on
    when the answers use an async database, whose fixtures run on pytest-asyncio.
    """
    out = dict(answers)
    lines: list[str] = []
    found = detected.found()
    for name in DETECTED_ANSWERS:
        value = str(answers.get(name, "auto" if name != "package" else "")).strip()
        asks = value == "" if name == "package" else value.lower() in DETECT_TOKENS
        if not asks:
            continue
        hit = found.get(name)
        if hit is None:
            out[name] = ""
            continue
        chosen = hit
        async_database = str(answers.get("database") or "none") != "none" and answers.get("db_api") == "async"
        if name == "async_mode" and hit.value == "off" and async_database:
            chosen = Found("auto", f"{hit.evidence}; db_api=async runs its fixtures on pytest-asyncio")
        out[name] = chosen.value
        lines.append(f"{name}: {chosen.value} ({chosen.evidence})")
    return out, lines
