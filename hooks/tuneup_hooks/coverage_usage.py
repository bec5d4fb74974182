"""How the project measures coverage itself: `coverage run` in its scripts, coverage.py's config.

A project that runs ``coverage run -m pytest`` gets no ``--cov`` from us (pytest-cov
inside ``coverage run`` records nothing); a ``fail_under`` in its config is applied by
pytest-cov to every run, a one-file run included.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator
from pathlib import Path

from .dependencies import read_toml, value_at

# Where a project runs its tools: `coverage run` there means it measures coverage itself.
_SCRIPT_FILES = (
    *("Makefile", "makefile", "GNUmakefile", "tox.ini", "noxfile.py", "justfile", "Justfile", ".justfile"),
    *(".gitlab-ci.yml", "pyproject.toml", "setup.cfg", "package.json"),
)
_COVERAGE_RUN = re.compile(r"\bcoverage\s+run\b")


def coverage_run_usage(project: Path) -> Iterator[str]:
    """``Makefile:12``-style places where the project runs ``coverage run`` itself."""
    paths = [project / name for name in _SCRIPT_FILES]
    for folder, patterns in ((".github/workflows", ("*.yml", "*.yaml")), ("scripts", ("*",)), ("bin", ("*",))):
        for pattern in patterns:
            paths += sorted((project / folder).glob(pattern))
    for path in paths:
        if not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if _COVERAGE_RUN.search(line) and not line.lstrip().startswith("#"):
                yield f"{path.relative_to(project)}:{number}"
                break


def coverage_settings(project: Path) -> tuple[str, float | None]:
    """The file that configures coverage.py, in coverage's own order, and its fail_under."""
    sections = (
        (".coveragerc", "report"),
        ("setup.cfg", "coverage:report"),
        ("tox.ini", "coverage:report"),
    )
    for name, section in sections:
        path = project / name
        if not path.is_file():
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if name == ".coveragerc" or any(found.startswith("coverage:") for found in parser.sections()):
            return name, _number(parser.get(section, "fail_under", fallback=None))
    settings = value_at(read_toml(project / "pyproject.toml"), "tool", "coverage")
    if isinstance(settings, dict):
        return "pyproject.toml", _number(value_at(settings, "report", "fail_under"))
    return "", None


def _number(value: object) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None
