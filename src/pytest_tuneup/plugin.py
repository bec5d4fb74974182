"""pytest-tuneup's core plugin, loaded by ``-p pytest_tuneup.plugin``.

Registers and checks the ``tuneup_*`` settings (a bad value stops the run with one
line), and adds ``--tuneup-warnings-as-errors`` for ``make test-strict``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import settings

#: Where the template vendors this package: ``<tests_dir>/tuneup/pytest_tuneup``. It
#: holds no tests of the project, but it is inside its test paths, and pytest would
#: walk its ~90 modules on every run: about 10 ms, a tenth of a small suite's start-up.
VENDORED_FOLDER = Path(__file__).resolve().parent.parent
VENDORED_FOLDER_NAME = "tuneup"


def pytest_addoption(parser: pytest.Parser) -> None:
    settings.add_ini_keys(parser)
    group = parser.getgroup("tuneup", "pytest-tuneup")
    group.addoption(
        "--tuneup-warnings-as-errors",
        action="store_true",
        help="Turn every warning into an error, keeping the filterwarnings exemptions.",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    settings.read(config)
    if config.getoption("tuneup_warnings_as_errors"):
        warnings_as_errors(config)


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Skip the vendored copy of pytest-tuneup when collecting the project's tests."""
    if (
        collection_path.name == VENDORED_FOLDER_NAME
        and collection_path.resolve() == VENDORED_FOLDER
    ):
        return True
    return None


def warnings_as_errors(config: pytest.Config) -> None:
    """Put "error" in front of the configured warning filters.

    ``-W error`` would not do: command-line filters override the configuration's, so
    its exemptions (``ignore::...`` lines) would stop working. Filters listed later win,
    so the exemptions go in again after "error"; a bare action ("default", "error")
    is the base that "error" replaces.
    """
    exemptions = [line for line in config.getini("filterwarnings") if ":" in line]
    config.addinivalue_line("filterwarnings", "error")
    for line in exemptions:
        config.addinivalue_line("filterwarnings", line)
