"""The suite's Python files, parsed with libcst, and the fixtures they define.

Only what the finding families need: each file's imports (so ``ce(...)`` after
``from sqlalchemy import create_engine as ce`` is known as ``create_engine``), its
module-level functions (a fixture that calls a helper does what the helper does), the
fixtures with their scope, autouse, parameters and line, and line numbers of any node.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from .config import Config

# Folders that hold no suite: environments, caches, builds, and the vendored plugin.
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        "build",
        "dist",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "pytest_tuneup",
    }
)
FIXTURE_DECORATORS = frozenset(
    {"pytest.fixture", "pytest_asyncio.fixture", "fixture", "yield_fixture"}
)


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for a Name or an Attribute chain; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


@dataclass
class Fixture:
    name: str
    scope: str  # function, class, module, package, session (or a callable: "dynamic")
    autouse: bool
    is_async: bool
    params: list[str]
    node: cst.FunctionDef
    source: SourceFile
    line: int
    loop_scope: str | None = None

    @property
    def per_test(self) -> bool:
        return self.scope == "function"


@dataclass
class SourceFile:
    path: Path
    rel: str
    module: cst.Module
    positions: dict[cst.CSTNode, CodeRange] = field(repr=False)
    imports: dict[str, str] = field(default_factory=dict)  # local name -> dotted origin
    functions: dict[str, cst.FunctionDef] = field(default_factory=dict)
    fixtures: list[Fixture] = field(default_factory=list)

    @property
    def is_conftest(self) -> bool:
        return self.path.name == "conftest.py"

    def line(self, node: cst.CSTNode) -> int:
        position = self.positions.get(node)
        return position.start.line if position else 1

    def qualified(self, node: cst.BaseExpression) -> str | None:
        """The dotted name of ``node`` with its first part resolved through imports."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        origin = self.imports.get(head)
        if origin is None:
            return name
        return f"{origin}.{rest}" if rest else origin


def parse(path: Path, root: Path) -> SourceFile | None:
    """The file parsed; None when it is not valid Python (pytest will say so)."""
    try:
        module = cst.parse_module(path.read_bytes())
    except (cst.ParserSyntaxError, UnicodeDecodeError):
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = dict(wrapper.resolve(PositionProvider))
    source = SourceFile(path, relative(path, root), module, positions)
    for statement in module.body:
        read_statement(source, statement)
    return source


def read_statement(source: SourceFile, statement: cst.CSTNode) -> None:
    if isinstance(statement, cst.SimpleStatementLine):
        for small in statement.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                record_import(source, small)
    elif isinstance(statement, cst.FunctionDef):
        source.functions[statement.name.value] = statement
        fixture = as_fixture(source, statement)
        if fixture is not None:
            source.fixtures.append(fixture)
    elif isinstance(statement, cst.ClassDef):
        # Fixtures defined as methods of a test class.
        for inner in statement.body.body:
            if isinstance(inner, cst.FunctionDef):
                fixture = as_fixture(source, inner)
                if fixture is not None:
                    source.fixtures.append(fixture)
    elif isinstance(statement, (cst.If, cst.Try)):
        # try: import x / except ImportError and if TYPE_CHECKING: imports.
        for inner in statement.body.body:
            read_statement(source, inner)


def record_import(source: SourceFile, node: cst.Import | cst.ImportFrom) -> None:
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted(alias.name) or ""
            if alias.asname is not None:
                local = dotted(alias.asname.name)
                if local:
                    source.imports[local] = full
            else:
                head = full.split(".")[0]
                source.imports[head] = head
        return
    module = dotted(node.module) if node.module is not None else None
    base = "." * len(node.relative) + (module or "")
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        name = dotted(alias.name) or ""
        local = name
        if alias.asname is not None:
            local = dotted(alias.asname.name) or name
        source.imports[local] = f"{base}.{name}" if base else name


def decorator_call(source: SourceFile, node: cst.FunctionDef) -> cst.Decorator | None:
    for decorator in node.decorators:
        target = decorator.decorator
        callee = target.func if isinstance(target, cst.Call) else target
        name = source.qualified(callee)
        if name in FIXTURE_DECORATORS or (
            name is not None and name.endswith((".fixture", ".yield_fixture"))
        ):
            return decorator
    return None


def as_fixture(source: SourceFile, node: cst.FunctionDef) -> Fixture | None:
    decorator = decorator_call(source, node)
    if decorator is None:
        return None
    keywords: dict[str, cst.BaseExpression] = {}
    if isinstance(decorator.decorator, cst.Call):
        for arg in decorator.decorator.args:
            if arg.keyword is not None:
                keywords[arg.keyword.value] = arg.value
    scope = "function"
    if "scope" in keywords:
        scope = string_value(keywords["scope"]) or "dynamic"
    autouse = "autouse" in keywords and dotted(keywords["autouse"]) == "True"
    loop_scope = (
        string_value(keywords["loop_scope"]) if "loop_scope" in keywords else None
    )
    name = node.name.value
    if "name" in keywords:
        name = string_value(keywords["name"]) or name
    params = [param.name.value for param in node.params.params]
    params += [param.name.value for param in node.params.kwonly_params]
    return Fixture(
        name=name,
        scope=scope,
        autouse=autouse,
        is_async=node.asynchronous is not None,
        params=params,
        node=node,
        source=source,
        line=source.line(node.name),
        loop_scope=loop_scope,
    )


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Suite:
    root: Path
    config: Config
    files: list[SourceFile]

    @property
    def fixtures(self) -> Iterator[Fixture]:
        for source in self.files:
            yield from source.fixtures

    def file(self, rel: str) -> SourceFile | None:
        return next((source for source in self.files if source.rel == rel), None)


def test_patterns(config: Config) -> list[str]:
    return config.words("python_files") or ["test_*.py", "*_test.py"]


def suite_folders(root: Path, config: Config, tests: Sequence[str]) -> list[Path]:
    """Where the tests are: the folders given, else testpaths, else the root."""
    names = list(tests) or config.words("testpaths")
    folders = [root / name for name in names if (root / name).is_dir()]
    return folders or [root]


def walk_python(folder: Path) -> Iterator[Path]:
    """Every .py file under ``folder``, outside environments, caches and builds."""
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            name for name in dirs if name not in SKIP_DIRS and not name.startswith(".")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(current) / name


def python_files(folder: Path, patterns: Sequence[str]) -> Iterator[Path]:
    for path in walk_python(folder):
        if path.name == "conftest.py" or any(
            fnmatch.fnmatch(path.name, pattern) for pattern in patterns
        ):
            yield path


def read_suite(root: Path, config: Config, tests: Sequence[str] = ()) -> Suite:
    """Every conftest and test module of the suite, and the conftests above it."""
    patterns = test_patterns(config)
    seen: dict[Path, None] = {}
    for folder in suite_folders(root, config, tests):
        # Conftests between the root and the folder apply to the suite too.
        for parent in [folder, *folder.parents]:
            candidate = parent / "conftest.py"
            if candidate.is_file():
                seen.setdefault(candidate.resolve(), None)
            if parent == root:
                break
        for path in python_files(folder, patterns):
            seen.setdefault(path.resolve(), None)
    files = [parse(path, root) for path in sorted(seen)]
    return Suite(root, config, [source for source in files if source is not None])
