"""Fit pytest-tuneup into a project: merge the pytest settings, hook up the make targets.

Everything is computed first and written last, each file atomically, so a malformed
input file stops the run before any file changes.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .answers import Answers
from .atomic import read_text, write_all
from .desired import (
    ROOT_CONFTEST_HEAD,
    coverage_packages,
    desired_settings,
    plugins_from_root_conftest,
    render_root_conftest,
)
from .environment import ProjectEnvironment
from .errors import HookError
from .ini_store import IniStore
from .legacy import plan_legacy_removal
from .locate import ConfigLocation, has_native_config, locate
from .makefile import plan_makefile, tuneup_variable
from .merge import (
    FAMILY_INI_KEYS,
    Merged,
    Setting,
    Unit,
    as_units,
    merge_scalar,
    merge_units,
    show,
    unit_key_for,
    user_families,
)
from .plugins import plugin_path
from .project import ProjectFacts, read_facts
from .state import STATE_FILE, load_state, render_state
from .toml_store import TomlStore, tomlkit_missing

TOMLKIT_HINT = (
    "pytest-tuneup needs tomlkit in copier's environment to edit TOML without losing comments:"
    " run `pipx inject copier tomlkit` or `uv tool install copier --with tomlkit` (or `pip install tomlkit`"
    " where copier is installed), then run copier again"
)


@dataclass
class Report:
    """What a run did, for the one-screen summary copier shows."""

    config: str = ""
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The packages the make targets measure (make variable TUNEUP_COV_PACKAGES): empty
    #: without coverage, or when the user's addopts have --cov* options or the project
    #: runs `coverage run` itself (a note then says so).
    cov_packages: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        if not self.config:
            return self.notes
        head = f"pytest-tuneup: pytest settings in {self.config}: "
        head += f"set {', '.join(self.changed)}" if self.changed else "already up to date"
        # What `make tuneup-deps` would install is the preflight's line: only what is missing.
        return [head, *(f"  {note}" for note in self.notes)]


def is_temporary_copy(project: Path, operation: str) -> bool:
    """True in the scratch copies ``copier update`` renders: they have no git repository.

    Copier runs tasks there too, without the user's files; touching nothing there keeps
    the update's diff limited to the template's own files.
    """
    if operation != "update":
        return False
    result = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=project, capture_output=True, text=True, check=False
    )
    return result.stdout.strip() != "true"


def run(project: Path, answers: Answers, operation: str, env: ProjectEnvironment | None = None) -> Report:
    """Merge our settings into the project's pytest configuration and hook up the make targets.

    ``env`` is what the preflight found; without one (tests, a bare run) the defaults
    stand for a project with no pytest yet, which gets the newest its Python allows.
    """
    if is_temporary_copy(project, operation):
        return Report()
    env = env or ProjectEnvironment()
    # No pytest found to ask: a configuration only pytest 9 reads says which pytest it is.
    native = env.native_toml or (env.pytest_version is None and has_native_config(project))
    location = locate(project, native)
    if location.fmt == "toml" and tomlkit_missing():
        raise HookError(TOMLKIT_HINT)
    store = _open_store(location)
    facts = read_facts(project, answers.tests_dir, answers.package)
    state = load_state(project)
    previous: dict[str, Any] = state.get("applied", {}) if state.get("config") == location.path.name else {}
    keep_addopts = _addopts_is_one_string(store, previous, project, answers)
    conftest = _root_conftest(project, answers, env, keep_addopts)

    plugins = tuple(tuneup_variable(project, "TUNEUP_PLUGINS"))
    report = Report(config=store.label)
    # Option families the user has in addopts are theirs: ini keys saying the same are left alone.
    current_addopts = store.get("addopts", "args")
    previous_addopts = previous.get("addopts")
    families = user_families(
        current_addopts if isinstance(current_addopts, list) else None,
        as_units("args", previous_addopts) if isinstance(previous_addopts, list) else None,
    )
    theirs = {key: family for family in sorted(families) for key in FAMILY_INI_KEYS.get(family, ())}
    report.cov_packages, cov_notes = coverage_packages(answers, facts, env, "--cov" in families)
    report.notes += cov_notes
    applied: dict[str, Any] = {}
    native_table = isinstance(store, TomlStore) and store.native
    if keep_addopts:
        report.notes.append(
            "addopts: yours is one string, kept as it is (pytest-tuneup suggests -ra --import-mode=importlib);"
            " the plugins load from conftest.py"
        )
    for setting in desired_settings(answers, facts, plugins, env, native_table=native_table, keep_addopts=keep_addopts):
        if setting.key in theirs:
            report.notes.append(f"{setting.key}: left to your {theirs[setting.key]}* options in addopts")
            continue
        merged = _merge(store, setting, previous.get(setting.key))
        applied[setting.key] = _jsonable(setting)
        report.notes += merged.notes
        if merged.value is not None:
            store.set(setting.key, setting.kind, merged.value, setting.comment)
            report.changed.append(setting.key)
    report.notes += _warnings(answers, facts, location)

    writes: list[tuple[Path, str]] = []
    rendered = store.render()
    if rendered != store.original:
        writes.append((location.path, rendered))
    if conftest is not None:
        writes.append(conftest)
        if not keep_addopts:
            report.notes.append(
                "conftest.py: loads the plugins, as this pytest imports `-p` plugins before `pythonpath`"
            )
    makefile = plan_makefile(project, {"TUNEUP_COV_PACKAGES": report.cov_packages})
    if makefile is not None:
        report.notes += makefile.notes
        if makefile.text is not None:
            writes.append((makefile.path, makefile.text))
    state_text = render_state(location.path.name, applied)
    state_path = project / STATE_FILE
    if not state_path.is_file() or read_text(state_path) != state_text:
        writes.append((state_path, state_text))
    legacy, legacy_notes = plan_legacy_removal(project, answers.tests_dir)
    report.notes += legacy_notes
    write_all(writes)
    for path in legacy:  # last: everything else is written
        path.unlink()
    return report


def _addopts_is_one_string(
    store: TomlStore | IniStore, previous: dict[str, Any], project: Path, answers: Answers
) -> bool:
    """Whether the user's ``addopts`` is one TOML string line that we leave as it is.

    A TOML string cannot continue on a next line: adding to it rewrites the user's line.
    So the plugins load from a root conftest.py instead, when the project has none of its
    own (with one, the string becomes an array as before) and the plugins are vendored.
    """
    if not isinstance(store, TomlStore) or plugin_path(answers) is None or "addopts" in previous:
        return False
    if answers.strict or answers.leak_checks:
        return False  # their flags live in addopts: the user asked for them there
    if not isinstance(store.table.get("addopts"), str):
        return False
    path = project / "conftest.py"
    return not path.is_file() or read_text(path).startswith(ROOT_CONFTEST_HEAD)


def _root_conftest(
    project: Path, answers: Answers, env: ProjectEnvironment, keep_addopts: bool = False
) -> tuple[Path, str] | None:
    """The root conftest.py to write, for a pytest that cannot load our plugins with ``-p``
    (or where the user's one-string ``addopts`` stays as it is)."""
    if not plugins_from_root_conftest(answers, env, keep_addopts):
        return None
    path = project / "conftest.py"
    text = render_root_conftest(answers)
    if path.is_file():
        current = read_text(path)
        if not current.startswith(ROOT_CONFTEST_HEAD):
            version = ".".join(map(str, env.pytest_version or ()))
            raise HookError(
                f"pytest {version} imports `-p` plugins before it applies `pythonpath`, so pytest-tuneup"
                " loads its plugins from a conftest.py at the project root, and you have your own there;"
                " upgrade to pytest>=8.4 (it runs on Python 3.9) and run again"
            )
        if current == text:
            return None
    return path, text


def _open_store(location: ConfigLocation) -> TomlStore | IniStore:
    if location.fmt == "toml":
        # create: also when the file exists without the table (an empty pytest.toml is
        # still pytest's configuration file).
        return TomlStore(location.path, location.table, create=True)
    return IniStore(location.path, location.table[0])


def _merge(store: TomlStore | IniStore, setting: Setting, previous: Any) -> Merged:
    current = store.get(setting.key, setting.kind)
    if setting.kind == "scalar":
        assert not isinstance(current, list)
        return merge_scalar(setting, current, previous)
    assert current is None or isinstance(current, list)
    previous_units: list[Unit] | None = as_units(setting.kind, previous) if isinstance(previous, list) else None
    if setting.key == "testpaths" and current:
        # The user's testpaths say where their tests are: keep them whole.
        assert isinstance(setting.value, tuple)
        mine = set(setting.value)
        have = {unit[0] for unit in current}
        notes = [] if mine <= have else [f"testpaths: kept yours ({show(tuple(sorted(have)))})"]
        return Merged(setting.key, None, notes)
    first = frozenset({"<base action>"}) if setting.key == "filterwarnings" else frozenset()
    return merge_units(setting, current, previous_units, unit_key_for(setting.key), first)


def _jsonable(setting: Setting) -> Any:
    return list(setting.value) if isinstance(setting.value, tuple) else setting.value


def _warnings(answers: Answers, facts: ProjectFacts, location: ConfigLocation) -> list[str]:
    notes = []
    if location.ignored:
        notes.append(
            f"pytest reads {location.path.name} and ignores the pytest settings in {', '.join(location.ignored)}"
        )
    if answers.async_mode == "off" and facts.async_tests:
        notes.append(
            "async tests found but async_mode is off; answer async_mode=auto or strict to configure pytest-asyncio"
        )
    if facts.tests_elsewhere:
        notes.append(f"testpaths={answers.tests_dir} leaves out {', '.join(facts.tests_elsewhere)}")
    return notes
