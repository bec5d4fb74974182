"""The probe: files imported twice, and never an alias such as pylib's ``py.test``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_tuneup.bench.probe import duplicated_modules

PACKAGE_PARENT = Path(__file__).resolve().parents[2]

# apipkg's AliasModule (pylib 1.11 registers sys.modules["py.test"] as one for pytest):
# a module object of its own whose every attribute, __name__ and __file__ included, is
# the real module's.
ALIAS = """
import sys
from types import ModuleType


def alias_module(modname, modpath):
    def getmod():
        return __import__(modpath)

    class AliasModule(ModuleType):
        def __getattribute__(self, name):
            return getattr(getmod(), name)

    return AliasModule(modname)


sys.modules["py.test"] = alias_module("py.test", "pytest")
"""


def alias_of(module: ModuleType, name: str) -> ModuleType:
    namespace: dict[str, Any] = {}
    exec(ALIAS.replace('sys.modules["py.test"] = ', "made = "), namespace)
    made: ModuleType = namespace["alias_module"](name, module.__name__)
    return made


def loaded(name: str, filename: str) -> ModuleType:
    module = ModuleType(name)
    module.__file__ = filename
    return module


def test_two_module_objects_of_one_file_are_a_duplicate(tmp_path: Path) -> None:
    helper = str(tmp_path / "tests" / "helpers.py")
    modules = {
        "helpers": loaded("helpers", helper),
        "tests.helpers": loaded("tests.helpers", helper),
        "other": loaded("other", str(tmp_path / "other.py")),
    }
    found = duplicated_modules(modules, tmp_path)
    assert found == [["tests/helpers.py", "helpers", "tests.helpers"]]


def test_an_alias_of_a_module_is_not_a_second_import(tmp_path: Path) -> None:
    import pytest

    modules = {"pytest": pytest, "py.test": alias_of(pytest, "py.test")}
    # The alias reports pytest's own name and file, as apipkg's does.
    assert modules["py.test"].__file__ == pytest.__file__
    assert modules["py.test"] is not pytest
    assert duplicated_modules(modules, tmp_path) == []
    # The same module object under a second name is no duplicate either.
    assert (
        duplicated_modules({"os.path": os.path, "posixpath": os.path}, tmp_path) == []
    )


class Broken(ModuleType):
    """A lazy proxy whose target fails to load, with an error of its own kind."""

    def __getattribute__(self, name: str) -> Any:
        raise RuntimeError(f"{name}: the proxied package is not installed")


def test_a_proxy_that_fails_to_load_is_left_out_not_a_crash(tmp_path: Path) -> None:
    import pytest

    modules = {"pytest": pytest, "lazy.pytest": Broken("lazy.pytest")}
    assert duplicated_modules(modules, tmp_path) == []


def test_a_real_run_reports_the_real_duplicate_and_not_py_test(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests" / "helpers.py").write_text("SHELVES = 3\n")
    (tmp_path / "tests" / "conftest.py").write_text(ALIAS)
    (tmp_path / "tests" / "test_twice.py").write_text(
        "import os\nimport sys\n\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "import helpers  # noqa: E402\nimport tests.helpers  # noqa: E402\n\n\n"
        "def test_two_copies():\n    assert helpers is not tests.helpers\n"
    )
    out = tmp_path / "probe.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(PACKAGE_PARENT),
        "TUNEUP_BENCH_PROBE": str(out),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-p", "pytest_tuneup.bench.probe"]
    options = ["-p", "no:cacheprovider", "-p", "no:randomly", "-q", "--rootdir", "."]
    done = subprocess.run(
        [*command, *options, "tests"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(out.read_text())
    assert data["duplicates"] == [["tests/helpers.py", "helpers", "tests.helpers"]]
    assert data["outcomes"]["passed"] == 1
    assert data["phases"][0][:2] == ["tests/test_twice.py::test_two_copies", "setup"]
