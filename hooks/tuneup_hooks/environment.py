"""What the preflight learned about the project's test environment, for the rest of the hook.

``preflight.inspect_environment`` fills it (the project's interpreter, its Python floor,
the installed and pinned versions, how the project runs coverage); ``desired`` and
``apply`` only read it, so every setting the hook writes fits the pytest the project
actually runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .versions import FEATURES, FLOORS, Bounds, parse_specifier, pytest_bounds, span_of, supports

#: The oldest pytest the generated configuration and plugins support.
PYTEST_FLOOR = FLOORS["pytest"]
#: pytest 9 is the first to read the native ``[tool.pytest]`` / ``pytest.toml`` tables.
PYTEST_NATIVE_TOML = FEATURES["native_toml"][1]


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """``"8.3.5"`` -> ``(8, 3, 5)``; ``None`` or no digits -> ``None``."""
    if not text:
        return None
    parts = re.findall(r"\d+", text.split("+", 1)[0])[:3]
    return tuple(int(part) for part in parts) if parts else None


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them: ``Pytest_Asyncio`` -> ``pytest-asyncio``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class ProjectEnvironment:
    """The project's test environment as the preflight found it.

    ``installed`` and ``pins`` map normalized distribution names to versions: what the
    project's interpreter has, and what its lock file or requirements pin.
    """

    runner: str = "python"  # python, uv, poetry, pdm or hatch
    runner_evidence: str = ""  # why: "uv.lock", "poetry.lock", "an activated virtualenv", ...
    interpreter: str | None = None  # the project's Python; None when none was found
    python_version: tuple[int, ...] | None = None  # of that interpreter
    python_floor: tuple[int, ...] | None = None  # from requires-python / python_requires
    installed: Mapping[str, str] = field(default_factory=dict)
    pins: Mapping[str, str] = field(default_factory=dict)
    coverage_run: tuple[str, ...] = ()  # files where the project runs `coverage run` itself
    anyio_tests: bool = False  # the suite marks tests with anyio
    # Added by the preflight (issue 9); every one has a default, so older callers still work.
    interpreter_evidence: str = ""  # how it was found, or why none was ("no .venv, no venv, ...")
    pins_evidence: str = ""  # which files the pins came from: "uv.lock", "requirements.txt", ...
    # The pytest range each installed (or locked) distribution declares, like
    # {"pytest-asyncio": "<9,>=8.2"}: a plugin that caps pytest keeps us on the pytest it allows.
    requires_pytest: Mapping[str, str] = field(default_factory=dict)
    # Constraints the project declares for its own dependencies (pyproject, not a lock):
    # {"pytest": "<8"}.
    declared: Mapping[str, str] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()  # installed distributions that register a pytest plugin (pytest11)
    anyio_evidence: str = ""  # "tests/test_api.py:4" where anyio marks or its fixture are used
    coverage_config: str = ""  # the file that configures coverage.py: ".coveragerc", "pyproject.toml", ...
    coverage_fail_under: float | None = None  # its [report] fail_under, which pytest-cov applies to every run

    def version_of(self, distribution: str) -> tuple[int, ...] | None:
        """Installed version, else the pinned one, else None."""
        name = normalize(distribution)
        return version_tuple(self.installed.get(name)) or version_tuple(self.pins.get(name))

    @property
    def pytest_version(self) -> tuple[int, ...] | None:
        """The pytest the project runs: installed, pinned, or None (then we install the newest that fits)."""
        return self.version_of("pytest")

    @property
    def pytest_caps(self) -> tuple[Bounds, ...]:
        """The pytest ranges the project's plugins and its own declarations allow."""
        texts = [*self.requires_pytest.values()]
        if "pytest" in self.declared:
            texts.append(self.declared["pytest"])
        caps = [bounds for bounds in map(parse_specifier, texts) if bounds is not None]
        # A lock file records no ranges for some packages (uv.lock): the table knows them.
        for name in {*self.installed, *self.pins} - set(self.requires_pytest):
            version = self.version_of(name)
            span = span_of(name, version) if version is not None else None
            if span is not None and span.pytest is not None:
                caps.append(span.pytest)
        return tuple(caps)

    @property
    def pytest_to_install(self) -> Bounds | None:
        """The pytest range ``make tuneup-deps`` installs when the project has none:
        the newest major its Python floor and its plugins allow (versions.pytest_bounds)."""
        return pytest_bounds(self.python_floor or self.python_version, self.pytest_caps)

    @property
    def effective_pytest(self) -> tuple[int, ...]:
        """The pytest major.minor the configuration must fit.

        With no pytest installed or pinned, ``make tuneup-deps`` installs the newest one
        the project's Python floor and plugins allow (pytest 9 needs Python 3.10), so the
        configuration fits the lowest release of that range.
        """
        version = self.pytest_version
        if version is not None:
            return version
        bounds = self.pytest_to_install
        return bounds[0] if bounds is not None else PYTEST_FLOOR

    @property
    def native_toml(self) -> bool:
        """Whether the project's pytest reads ``[tool.pytest]`` and ``pytest.toml``."""
        return supports("native_toml", self.effective_pytest)
