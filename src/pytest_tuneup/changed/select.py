"""The tests a set of changed files affects, or the whole suite and why.

A test module is affected when a changed file is the module itself, or a project file
it imports (transitively), or one imported by a conftest.py above it, or by a module
pytest-tuneup's plugins import for every test (``tuneup_app``, ...). The whole suite
runs when a rule says a change reaches everything (``rules``), or when the test
database's schema changed: a change to a file its fingerprint
(``pytest_tuneup.db.schema.fingerprint``: the models' DDL, the migrations' head, the
seed's source) is built from, and the fingerprint itself differs (``schema``).
"""

from __future__ import annotations

import configparser
import fnmatch
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..doctor.config import Config, read_config
from . import changes as git_changes
from . import rules
from .graph import Graph

#: pytest-tuneup keys naming code its plugins import for every test.
ENTRY_KEYS = (
    "tuneup_app",
    "tuneup_flask_app",
    "tuneup_session_dependency",
    "tuneup_session_class",
)

#: pytest's default ``norecursedirs``.
NORECURSEDIRS = [
    "*.egg",
    ".*",
    "_darcs",
    "build",
    "CVS",
    "dist",
    "node_modules",
    "venv",
    "{arch}",
]


@dataclass
class Selection:
    changes: git_changes.Changes
    #: Why the whole suite runs (empty: it does not).
    whole: list[str] = field(default_factory=list)
    #: The affected test modules (when not the whole suite).
    tests: list[str] = field(default_factory=list)
    #: Each changed file and the test modules it brings in.
    because: dict[str, list[str]] = field(default_factory=dict)
    #: Changed Python files that no test imports, and documentation: nothing to run.
    unreached: list[str] = field(default_factory=list)
    #: Changed files the schema is built from, with the same fingerprint as before.
    schema_unchanged: list[str] = field(default_factory=list)


def select(
    root: Path,
    changed: git_changes.Changes,
    tests_dir: str,
    schema_changed: Callable[[], bool] | None = None,
) -> Selection:
    """``schema_changed``: asked when a change touches what the schema's fingerprint
    is made of (None: assume it changed)."""
    selection = Selection(changed)
    schema_changes: list[str] = []
    if not changed.files:
        return selection
    config = read_config(root)
    tuneup_dir = f"{tests_dir.rstrip('/')}/tuneup"
    # The vendored plugins are not read: a change there runs everything anyway.
    files = [
        path
        for path in git_changes.tracked_and_untracked(root)
        if not path.startswith(tuneup_dir + "/")
    ]
    graph = Graph(root, set(files) | set(changed.files))
    schema = schema_sources(root, config, graph)
    for path in changed.files:
        reason = rules.whole_suite_reason(path, tuneup_dir)
        if reason is None and path == "pyproject.toml":
            reason = rules.pyproject_reason(
                git_changes.text_at(root, changed.base, path), _read(root / path)
            )
            if reason is None:
                selection.unreached.append(path)
                continue
        if reason is None and path in schema:
            schema_changes.append(path)
            continue
        if reason is None and not path.endswith(".py"):
            if rules.is_doc(path):
                selection.unreached.append(path)
                continue
            reason = f"{path} is not Python: no import says which tests read it"
        if reason is not None:
            selection.whole.append(reason)
    if schema_changes and not selection.whole:
        if schema_changed is None or schema_changed():
            selection.whole += [
                f"{path} feeds the test database's schema, whose fingerprint changed"
                for path in schema_changes
            ]
        else:
            selection.schema_unchanged = schema_changes
    if selection.whole:
        return selection
    every_test = _entries(config, graph)
    changed_python = {path for path in changed.files if path.endswith(".py")}
    for test in test_modules(root, config, files, tuneup_dir):
        reached = graph.closure([test, *conftests_of(test, graph), *every_test])
        for path in sorted(reached & changed_python):
            selection.because.setdefault(path, []).append(test)
    selection.tests = sorted({t for tests in selection.because.values() for t in tests})
    selection.unreached += sorted(changed_python - set(selection.because))
    return selection


def test_modules(
    root: Path, config: Config, files: Iterable[str], tuneup_dir: str
) -> list[str]:
    """The files pytest collects as test modules: ``python_files`` under ``testpaths``
    (anywhere without it), in no ``norecursedirs`` folder, outside pytest-tuneup's own
    folder, still on disk."""
    patterns = config.words("python_files") or ["test_*.py", "*_test.py"]
    paths = [path.strip("/") for path in config.words("testpaths")]
    skipped = config.words("norecursedirs") or NORECURSEDIRS
    found = []
    for path in files:
        pure = PurePosixPath(path)
        if not any(fnmatch.fnmatch(pure.name, pattern) for pattern in patterns):
            continue
        # Named on the command line, a file in a skipped folder would be collected.
        folders = pure.parent.parts
        if any(fnmatch.fnmatch(part, skip) for part in folders for skip in skipped):
            continue
        if path.startswith(tuneup_dir + "/") or not (root / path).is_file():
            continue
        if paths and not any(_under(path, folder) for folder in paths):
            continue
        found.append(path)
    return sorted(found)


def conftests_of(test: str, graph: Graph) -> list[str]:
    """The conftest.py files in the test's folder and every folder above it."""
    found = []
    for folder in PurePosixPath(test).parents:
        name = "conftest.py" if str(folder) == "." else f"{folder}/conftest.py"
        if name in graph.files:
            found.append(name)
    return found


def schema_sources(root: Path, config: Config, graph: Graph) -> set[str]:
    """The files the schema's fingerprint is made of: the models' modules and what they
    import, the seed's, and with ``tuneup_schema = alembic`` its ini and migrations."""
    entries = config.words("tuneup_models") + config.words("tuneup_seed")
    sources = graph.closure(_modules(entries, graph))
    if str(config.get("tuneup_schema") or "").strip() == "alembic":
        ini = str(config.get("tuneup_alembic_ini") or "alembic.ini").strip()
        sources.add(ini)
        migrations = _script_location(root, ini)
        if migrations:
            sources.update(p for p in graph.files if _under(p, migrations))
    return sources


def _entries(config: Config, graph: Graph) -> set[str]:
    return _modules([w for key in ENTRY_KEYS for w in config.words(key)], graph)


def _modules(entries: Sequence[str], graph: Graph) -> set[str]:
    found: set[str] = set()
    for entry in entries:
        found.update(graph.modules(entry.split(":", 1)[0].strip()))
    return found


def _script_location(root: Path, ini: str) -> str | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(root / ini, encoding="utf-8")
        location = parser.get("alembic", "script_location", fallback="")
    except configparser.Error:
        return None
    location = location.replace("%(here)s", str(PurePosixPath(ini).parent))
    return str(PurePosixPath(location)).strip("/") or None


def _under(path: str, folder: str) -> bool:
    folder = folder.strip("/")
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
