"""Mocked initializers from pytest-tuneup, loaded by ``-p pytest_tuneup.mocks``.

Each path in the ``tuneup_mock_targets`` setting (one a line) is replaced for the
whole run by an autospec'd mock, before conftest.py files and test modules are
imported: nothing in the suite starts the real thing, and a call that does not fit the
real signature still fails.
Module-level names that already hold the real object in the target's own package (a
re-export in ``__init__.py``, say) are pointed at the mock as well; modules imported
later get the mock from ``from ... import ...`` by themselves.

- ``@pytest.mark.tuneup_real("shop.ws:Hub")`` gives one test the real object back,
  wherever the mock was imported (no arguments: every target).
- The ``tuneup_mocks`` fixture maps each path to its mock, to configure or inspect it.
  Calls, return values and side effects are reset after every test.
- A path that does not import stops the run with one line.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest

from . import settings

PATCHED = pytest.StashKey[dict[str, "Patched"]]()
#: Module namespaces and names in them.
Names = list[tuple[dict[str, Any], str]]


@dataclass
class Patched:
    """One target while it is mocked."""

    target: str
    patcher: Any
    #: Where the target lives: the module or class, the name there, and what it held.
    owner: Any
    name: str
    held: Any
    #: The real object, as ``from ... import`` gets it.
    real: Any
    fake: Any
    #: What calling the mock returns at first (for a class: the autospec'd instance).
    returned: Any
    #: Module namespaces whose names were pointed at the mock, and those names.
    rebound: Names = field(default_factory=list)


def pytest_addoption(parser: pytest.Parser) -> None:
    settings.add_ini_keys(parser)


def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Patch before conftest.py files import the code, so it binds the mocks."""
    options = early_config.known_args_namespace
    if options.help or options.version:
        return
    patched: dict[str, Patched] = {}
    early_config.stash[PATCHED] = patched
    for target in settings.read(early_config).mock_targets:
        patched[target] = start(target)


def start(target: str) -> Patched:
    try:
        owner, name = resolve(target)
        real = getattr(owner, name)
        held = inspect.getattr_static(owner, name)
    # Whatever the import raised: one line, not a traceback.
    except Exception as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise pytest.UsageError(
            f"tuneup_mocks: tuneup_mock_targets entry {target!r} does not import:"
            f" {type(error).__name__}: {reason}"
        ) from error
    patcher = mock.patch.object(owner, name, autospec=True)
    fake = patcher.start()
    patched = Patched(target, patcher, owner, name, held, real, fake, fake.return_value)
    package = target.partition(":")[0].split(".")[0]
    patched.rebound = rebind(real, fake, package)
    return patched


def resolve(target: str) -> tuple[Any, str]:
    """The module or class that holds the target's last name, and that name."""
    module, colon, attributes = target.partition(":")
    if not colon:
        holder, _, name = target.rpartition(".")
        return pkgutil.resolve_name(holder), name
    owner = importlib.import_module(module)
    *path, name = attributes.split(".")
    for attribute in path:
        owner = getattr(owner, attribute)
    return owner, name


def rebind(old: Any, new: Any, package: str | None) -> Names:
    """Point module-level names that hold ``old`` at ``new`` (in ``package`` if set)."""
    changed: Names = []
    for module_name, module in list(sys.modules.items()):
        if (
            package
            and module_name != package
            and not module_name.startswith(f"{package}.")
        ):
            continue
        if not isinstance(module, types.ModuleType):
            continue
        namespace = vars(module)
        for name, value in list(namespace.items()):
            if value is old:
                namespace[name] = new
                changed.append((namespace, name))
    return changed


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tuneup_real(*targets): give this test the real objects behind these"
        " tuneup_mock_targets"
        " (every target without arguments)",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    for patched in config.stash.get(PATCHED, {}).values():
        for namespace, name in patched.rebound:
            if namespace.get(name) is patched.fake:
                namespace[name] = patched.real
        patched.patcher.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    patched = config.stash.get(PATCHED, {})
    return (
        f"tuneup_mocks: mocked for the run: {', '.join(patched)}" if patched else None
    )


@pytest.fixture
def tuneup_mocks(pytestconfig: pytest.Config) -> dict[str, Any]:
    """Each mock_targets path and its mock: configure it, or check how it was called."""
    return {
        target: patched.fake for target, patched in pytestconfig.stash[PATCHED].items()
    }


@pytest.fixture(autouse=True)
def _tuneup_mocks_per_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """The real objects for a test marked tuneup_real; fresh mocks for the next test."""
    patched = request.config.stash.get(PATCHED, {})
    swapped: list[tuple[Patched, Names]] = []
    for item in wanted_real(request, patched):
        setattr(item.owner, item.name, item.held)
        swapped.append((item, rebind(item.fake, item.real, None)))
    yield
    for item, names in swapped:
        setattr(item.owner, item.name, item.fake)
        for namespace, name in names:
            namespace[name] = item.fake
    for item in patched.values():
        reset(item)


def wanted_real(
    request: pytest.FixtureRequest, patched: dict[str, Patched]
) -> list[Patched]:
    marker = request.node.get_closest_marker("tuneup_real")
    if marker is None:
        return []
    if not marker.args:
        return list(patched.values())
    spelled = {target.replace(":", "."): item for target, item in patched.items()}
    unknown = [
        str(arg) for arg in marker.args if str(arg).replace(":", ".") not in spelled
    ]
    if unknown:
        pytest.fail(
            f"tuneup_real: {', '.join(unknown)} is not in tuneup_mock_targets"
            f" ({', '.join(patched)})",
            pytrace=False,
        )
    return [spelled[str(arg).replace(":", ".")] for arg in marker.args]


def reset(patched: Patched) -> None:
    """Forget calls, return values and side effects (a class keeps its instance)."""
    fake = patched.fake
    try:
        fake.reset_mock(return_value=True, side_effect=True)
    except (
        TypeError
    ):  # an autospec'd function's reset_mock() takes no arguments (Python < 3.13)
        fake.reset_mock()
        fake.side_effect = None
    fake.return_value = patched.returned
    patched.returned.reset_mock(return_value=True, side_effect=True)
