"""The preflight: read the project's test environment, then plan or refuse, before anything is written.

``inspect_environment`` only reads: files, and one run of probe_script.py in the
project's own interpreter. ``plan`` turns that and the (resolved) answers into the lines
the hook prints first and the refusals that stop it with nothing changed. Version
knowledge comes from versions.py only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .coverage_usage import coverage_run_usage, coverage_settings
from .dependencies import declared_constraints, python_floor, read_pins
from .detect import DETECT_TOKENS, detect_runner
from .environment import ProjectEnvironment
from .interpreter import find_interpreter
from .suite import scan_suite
from .versions import (
    FLOORS,
    PYTHON_FLOOR,
    Bounds,
    Version,
    contains,
    padded,
    parse_specifier,
    plugin_bounds,
    pytest_bounds,
    pytest_range_of,
    requirement,
    show,
    span_of,
    specifier,
    tabled,
    truthy,
    wanted,
)


def inspect_environment(project: Path, runner_answer: str) -> ProjectEnvironment:
    """What the project runs its tests with. Reads files and asks its interpreter; writes nothing.

    ``runner_answer``: the ``runner`` answer; ``auto`` (or empty) takes it from the lock files.
    """
    runner, runner_evidence = _runner(project, runner_answer)
    probe, interpreter_evidence = find_interpreter(project, runner)
    floor, _ = python_floor(project)
    pins = read_pins(project)
    suite = scan_suite(project, project, test_files_only=True)
    coverage = coverage_settings(project)
    return ProjectEnvironment(
        runner=runner,
        runner_evidence=runner_evidence,
        interpreter=probe.interpreter if probe else None,
        python_version=probe.version if probe else None,
        python_floor=floor,
        installed=dict(probe.distributions) if probe else {},
        pins=pins.versions,
        coverage_run=tuple(coverage_run_usage(project)),
        anyio_tests=bool(suite.anyio),
        interpreter_evidence=interpreter_evidence,
        pins_evidence=", ".join(pins.sources),
        # What is installed says more than the lock: it is what runs.
        requires_pytest={**pins.requires_pytest, **(probe.requires_pytest if probe else {})},
        declared=declared_constraints(project),
        plugins=probe.plugins if probe else (),
        anyio_evidence=suite.anyio,
        coverage_config=coverage[0],
        coverage_fail_under=coverage[1],
    )


def _runner(project: Path, answer: str) -> tuple[str, str]:
    answer = answer.strip().lower()
    if answer and answer not in DETECT_TOKENS:
        return answer, "answered"
    found = detect_runner(project)
    return found.value, found.evidence


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What the hook will do in this environment, or why it must not."""

    lines: tuple[str, ...]  # printed before anything is written
    refusals: tuple[str, ...]  # one line each; any refusal: change nothing, exit 1
    requirements: tuple[str, ...]  # what is missing, as requirements that fit (make tuneup-deps)
    pytest: Version  # the pytest the configuration must fit
    # Everything the answers need, in the ranges that fit: TUNEUP_REQUIREMENTS for
    # `make tuneup-deps`, which installs those the environment lacks at that time.
    wanted: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.refusals


def plan(env: ProjectEnvironment, answers: Mapping[str, object]) -> Plan:
    """Check the answers against the environment. ``answers`` are already resolved (no ``auto``
    left for detected values): as given to ``Answers.from_mapping`` or its ``asdict``."""
    lines: list[str] = []
    refusals: list[str] = []
    floor = env.python_floor or env.python_version
    lines.append(f"runner: {env.runner} ({env.runner_evidence})" if env.runner_evidence else f"runner: {env.runner}")
    lines.append(_interpreter_line(env))

    python = env.python_version
    if python is not None and padded(python) < padded(PYTHON_FLOOR):
        refusals.append(
            f"the project's Python is {show(python)} ({env.interpreter}); pytest-tuneup's plugins need"
            f" Python {show(PYTHON_FLOOR)}+: make the environment with a newer Python"
        )
    if env.python_floor is not None and padded(env.python_floor) < padded(PYTHON_FLOOR):
        lines.append(
            f"python: the project allows Python {show(env.python_floor)}, pytest-tuneup's plugins need"
            f" {show(PYTHON_FLOOR)}+: tests on older Pythons cannot load them"
        )

    # Installing pytest beside plugins we also install: pytest stays in their range too.
    extra_caps = [
        cap
        for name, _ in wanted(answers)
        if name != "pytest" and env.version_of(name) is None and (cap := pytest_range_of(name, floor)) is not None
    ]
    install = pytest_bounds(floor, (*env.pytest_caps, *extra_caps)) if env.pytest_version is None else None
    pytest_target = _check_pytest(env, floor, install, lines, refusals)
    async_answer = _async_answer(answers)
    if async_answer and not refusals:  # no pytest to build on: that refusal says it all
        _check_asyncio(env, floor, pytest_target, async_answer, refusals)
    if async_answer == "auto" and env.anyio_tests:
        refusals.append(
            f"async_mode=auto would let pytest-asyncio take the suite's anyio tests ({env.anyio_evidence}) onto"
            " its own event loop: answer async_mode=strict"
        )
    elif async_answer == "strict" and env.anyio_tests:
        lines.append(f"async: anyio in use ({env.anyio_evidence}): asyncio_mode strict leaves those tests to anyio")
    lines += _incompatible(env, pytest_target)

    everything, requirements = _requirements(env, answers, floor, pytest_target, install)
    if requirements:
        lines.append(f"needs {' '.join(requirements)}: `make tuneup-deps` installs them")
    if truthy(answers.get("coverage", True)) and env.coverage_run:
        lines.append(
            f"coverage: the project runs `coverage run` itself ({', '.join(env.coverage_run)}):"
            " make test adds no --cov to it"
        )
    return Plan(tuple(lines), tuple(refusals), tuple(requirements), pytest_target, tuple(everything))


def _interpreter_line(env: ProjectEnvironment) -> str:
    if env.interpreter is None:
        return (
            f"environment: none found ({env.interpreter_evidence}); `make tuneup-deps` will refuse until the"
            f" project has one (`{_make_env_hint(env.runner)}`)"
        )
    version = show(env.python_version) if env.python_version else "?"
    return f"environment: {env.interpreter} (Python {version}, {env.interpreter_evidence})"


def _make_env_hint(runner: str) -> str:
    return {
        "uv": "uv sync",
        "poetry": "poetry install",
        "pdm": "pdm install",
        "hatch": "hatch env create",
    }.get(runner, "python -m venv .venv")


def _source(env: ProjectEnvironment, distribution: str) -> str:
    """Where a version came from, for the messages: the interpreter or the pin file."""
    if distribution in env.installed:
        return f"{env.installed[distribution]} is installed"
    if distribution in env.pins:
        return f"{env.pins[distribution]} is pinned ({env.pins_evidence})"
    return "is not installed"


def _check_pytest(
    env: ProjectEnvironment, floor: Version | None, install: Bounds | None, lines: list[str], refusals: list[str]
) -> Version:
    """The pytest the configuration must fit; refusals when there is none pytest-tuneup supports."""
    current = env.pytest_version
    if current is not None:
        if padded(current) < padded(FLOORS["pytest"]):
            fits = plugin_range_text("pytest", env, floor)
            refusals.append(
                f"pytest {_source(env, 'pytest')}; pytest-tuneup needs pytest {show(FLOORS['pytest'])}+:"
                f" upgrade to {fits} and run copier again"
            )
        else:
            lines.append(f"pytest: {_source(env, 'pytest')}: the configuration fits pytest {show(current[:2])}")
        return current
    bounds = install
    declared = env.declared.get("pytest")
    if bounds is None:
        blockers = ", ".join(f"{name} requires pytest{spec}" for name, spec in sorted(env.requires_pytest.items()))
        if declared:
            blockers = ", ".join(filter(None, [f"the project declares pytest{declared}", blockers]))
        refusals.append(
            f"no pytest {show(FLOORS['pytest'])}+ fits this project ({blockers or 'its Python floor'}):"
            " upgrade what holds pytest back and run copier again"
        )
        return FLOORS["pytest"]
    reason = []
    if floor is not None:
        reason.append(f"Python {show(floor)}+")
    held = [name for name, spec in env.requires_pytest.items() if (caps := parse_specifier(spec)) and caps[1]]
    if bounds[1] is not None and padded(bounds[1]) <= (9, 0, 0) and held:
        reason.append(f"{', '.join(sorted(held))} allow{'s' if len(held) == 1 else ''} no newer")
    lines.append(
        f"pytest: not installed; installs {specifier('pytest', bounds)}" + (f" ({'; '.join(reason)})" if reason else "")
    )
    return bounds[0]


def plugin_range_text(distribution: str, env: ProjectEnvironment, floor: Version | None) -> str:
    """``pytest>=8.0,<9`` (fits Python 3.9): what to install for the project's Python floor."""
    if distribution == "pytest":
        bounds = env.pytest_to_install or (FLOORS["pytest"], None)
        suffix = f" (fits Python {show(floor)})" if floor is not None else ""
        return specifier("pytest", bounds) + suffix
    return requirement(distribution)


def _check_asyncio(
    env: ProjectEnvironment, floor: Version | None, pytest: Version, answer: str, refusals: list[str]
) -> None:
    """Refusals for an async answer the project's pytest-asyncio (or pytest) cannot carry."""
    installed = env.version_of("pytest-asyncio")
    fitting = plugin_bounds("pytest-asyncio", floor, pytest)
    if installed is None:
        if fitting is None and padded(pytest) >= padded(FLOORS["pytest"]):
            refusals.append(
                f"async_mode={answer} needs pytest-asyncio {show(FLOORS['pytest-asyncio'])}+, which needs"
                f" pytest 8.2+; pytest {_source(env, 'pytest')}: upgrade to pytest>=8.2 and run copier again"
            )
        return
    fix = specifier("pytest-asyncio", fitting) if fitting else None
    if padded(installed) < padded(FLOORS["pytest-asyncio"]):
        refusals.append(
            f"pytest-asyncio {_source(env, 'pytest-asyncio')}; async_mode={answer} needs pytest-asyncio"
            f" {show(FLOORS['pytest-asyncio'])}+: upgrade to {fix or 'a release that fits your pytest'}"
            f" (fits pytest {show(pytest[:2])}) and run copier again"
        )
        return
    span = span_of("pytest-asyncio", installed)
    if span is not None and span.pytest is not None and not contains(span.pytest, pytest):
        refusals.append(
            f"pytest-asyncio {_source(env, 'pytest-asyncio')} and does not work with pytest {show(pytest[:2])};"
            f" async_mode={answer} needs {fix or 'a release that supports it'}: upgrade it and run copier again"
        )


def _incompatible(env: ProjectEnvironment, pytest: Version) -> list[str]:
    """Installed or locked plugins whose declared pytest range leaves out the pytest we fit."""
    out = []
    for name, spec in sorted(env.requires_pytest.items()):
        bounds = parse_specifier(spec)
        if name == "pytest" or bounds is None or contains(bounds, pytest):
            continue
        version = env.installed.get(name) or env.pins.get(name, "?")
        fix = ""
        if tabled(name):
            fitting = plugin_bounds(name, env.python_floor or env.python_version, pytest)
            fix = f": {specifier(name, fitting)} fixes it" if fitting else ""
        out.append(f"incompatible: {name} {version} requires pytest{spec}, not pytest {show(pytest[:2])}{fix}")
    return out


def _requirements(
    env: ProjectEnvironment,
    answers: Mapping[str, object],
    floor: Version | None,
    pytest: Version,
    install: Bounds | None,
) -> tuple[list[str], list[str]]:
    """What the answers need, in ranges that fit the project: all of it, and what is missing."""
    everything: list[str] = []
    missing: list[str] = []
    for distribution, extra in wanted(answers):
        if distribution == "pytest":
            # The pytest the project has stays on its major; none: the range chosen above.
            bounds = install or (FLOORS["pytest"], (pytest[0] + 1, 0))
            text: str | None = specifier("pytest", bounds)
        elif tabled(distribution):
            fitting = plugin_bounds(distribution, floor, pytest)
            text = specifier(distribution, fitting) if fitting is not None else None
        else:
            text = requirement(distribution, extra)
        if text is None:
            continue  # a refusal already says why
        everything.append(text)
        if env.version_of(distribution) is None:
            missing.append(text)
    return everything, missing


def _async_answer(answers: Mapping[str, object]) -> str:
    """The async mode the answers ask for ("" for none): async_mode, or an async database."""
    mode = str(answers.get("async_mode") or "off")
    if mode != "off":
        return mode
    if str(answers.get("database") or "none") != "none" and str(answers.get("db_api") or "sync") == "async":
        return "strict"
    return ""
