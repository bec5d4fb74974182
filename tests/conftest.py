"""Fixtures for pytest-tuneup's own tests."""

from __future__ import annotations

import os
import re
from pathlib import Path

import git_file_mode_once
import jinja_compile_cache
import pytest
import slowest_first
from tuneup_testing import Renders, add_version_two, once_per_run, run_folder, snapshot_template

# copier compiles each path part of the template anew; our few hundred copies keep the
# compiled strings instead (see the module: the same output, about half the CPU per copy).
jinja_compile_cache.install()
# copier asks git for core.fileMode before each file it writes; we ask once per copy (see
# the module: the same output and git index, about 0.45 s less per copy).
git_file_mode_once.install()


def _database_per_worker() -> None:
    """Under xdist, each worker of this suite gets a database name of its own.

    The generated suites derive their template and worker databases from the name
    (tuneup_test_template, tuneup_test_main): two of our workers on one name would drop
    each other's databases. Runs at import, before the test modules read the variable.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url:
        os.environ["TEST_DATABASE_URL"] = re.sub(r"/([^/?]+)(\?|$)", rf"/\1_{worker}\2", url, count=1)


_database_per_worker()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template under test as a git repo with tags v1.0.0 and v2.0.0, one for the run.

    Shared by the xdist workers, so that a project rendered by one of them (``renders``)
    names the same template as the others' (the answers file, the installed pin). Tests
    clone it to make releases of their own; none changes it.
    """

    def build(folder: Path) -> None:
        add_version_two(snapshot_template(folder))

    return once_per_run(run_folder(tmp_path_factory) / "template", build)


@pytest.fixture(scope="session")
def renders(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Renders:
    """Projects with the template applied, each answer set rendered once per run (see Renders)."""
    return Renders(run_folder(tmp_path_factory) / "renders", template)


# ---- xdist: tests that share costly work run on one worker --------------------------------
# pyproject's addopts pick `--dist loadgroup`. A module- or session-scoped fixture of a test
# module (a venv, a run of a suite) is made once per worker that needs it; keeping the
# module's tests that use such fixtures on one worker makes it once per run. Rendered
# projects need no group: `renders` shares them between the workers. The real-shape
# projects each have their own venvs and adoption, so their tests go together by project.


def _shared_work(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    shape = params.get("shape")
    if "shapes" in item.fixturenames and hasattr(shape, "name"):
        return f"real-shape-{shape.name}"
    for name in item.fixturenames:
        # pytest has no public way to ask where and at which scope a fixture is defined.
        definitions = item._fixtureinfo.name2fixturedefs.get(name)
        if not definitions:
            continue
        fixture = definitions[-1]
        # Only fixtures of a test module: conftest's (template, renders) are for everyone.
        # An autouse one is cheap set-up for the whole module (a folder of stand-ins), not
        # costly work: it would tie every test of its module to one worker.
        shared = fixture.scope in ("module", "session") and fixture.baseid.endswith(".py")
        if shared and not getattr(fixture, "_autouse", False):
            return fixture.baseid + (f"[{params[name]}]" if name in params else "")
    return None


def _work_unit(item: pytest.Item) -> str:
    """What `--dist loadgroup` sends to one worker whole: the test's group, or the test."""
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return item.nodeid
    return "@" + str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            group = _shared_work(item)
            if group is not None:
                item.add_marker(pytest.mark.xdist_group(group))
    # The longest work first (tests/support/slowest_first.py; pyproject's addopts keep
    # xdist from reordering by group size). Runs after pytest-randomly's shuffle.
    items[:] = slowest_first.ordered(items, slowest_first.load(), _work_unit)
