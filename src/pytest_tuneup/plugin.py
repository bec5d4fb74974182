"""pytest-tuneup's core plugin, loaded by ``-p pytest_tuneup.plugin``.

Registers and checks the ``tuneup_*`` settings (a bad value stops the run with one
line), and adds ``--tuneup-warnings-as-errors`` for ``make test-strict``.
"""

from __future__ import annotations

import pytest

from . import settings


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
