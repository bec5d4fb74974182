"""The copier answers the hook acts on, each checked here, with the message copier.yml gives.

Every answer is checked here, ``--data`` values included: copier.yml turns its own choices
and validators off for answers given with ``--data`` (copier would raise a traceback for
them) and this module says what is wrong in one line. The tables below are the rules;
copier.yml's ``tuneup_rules`` holds the same values and patterns for its interactive
prompts, and tests/test_bad_input.py fails when the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import HookError

#: What the hook resolves from the project's code (lock files, the models, the app, the suite).
AUTO = "auto"

#: The allowed values of each choice question, in the order copier.yml offers them; the first
#: is the default.
CHOICES: dict[str, tuple[str, ...]] = {
    "database": ("none", "sqlite", "postgresql"),
    "db_api": ("sync", "async"),
    "schema": ("metadata", "alembic"),
    "framework": ("none", "fastapi"),
    "async_mode": (AUTO, "off", "strict"),
    "runner": (AUTO, "python", "uv", "poetry", "pdm", "hatch"),
    "plugin_source": ("vendored", "installed"),
    "ci": ("none", "github", "gitlab"),
}
RUNNERS = CHOICES["runner"][1:]
ASYNC_MODES = CHOICES["async_mode"]
DATABASES = CHOICES["database"]
FRAMEWORKS = CHOICES["framework"]


@dataclass(frozen=True)
class Range:
    """A whole-number answer: its bounds and the words of its message."""

    low: int
    high: int
    problem: str  # what a bad value is: "is not a percentage"
    allowed: str  # what to write instead


RANGES: dict[str, Range] = {
    "coverage_fail_under": Range(0, 100, "is not a percentage", "a whole number from 0 to 100"),
    "test_timeout": Range(0, 86400, "is not allowed", "0 (off) or a number of seconds up to 86400"),
    "bench_threshold": Range(1, 1000, "is not allowed", "a whole number of percent from 1 to 1000"),
    "shards": Range(1, 32, "is not allowed", "a whole number of CI runners from 1 to 32"),
}

#: Regular expressions (unanchored), copier.yml's ``tuneup_rules.patterns``.
PATTERNS: dict[str, str] = {
    "name": r"[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*)*",  # a dotted Python name
    "tests_dir": r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*",
    "env_var": r"[A-Z_][A-Z0-9_]*",
}
_NAME = PATTERNS["name"]
_DOTTED = re.compile(rf"^{_NAME}$")
_IMPORT_PATH = re.compile(rf"^{_NAME}:{_NAME}$")  # module:attribute
# module:attribute or module.attribute: a dotted path needs a module and a name in it.
_MOCK_TARGET = re.compile(rf"^{_NAME}([:]{_NAME}|[.][A-Za-z_][A-Za-z0-9_]*)$")
_TESTS_DIR = re.compile(rf"^{PATTERNS['tests_dir']}$")
_ENV_VAR = re.compile(rf"^{PATTERNS['env_var']}$")

# The messages of the free-text questions; {value} is the offending value or item.
MESSAGES: dict[str, str] = {
    "package": (
        "package: '{value}' is not an importable name; use letters, digits, underscores and dots,"
        " several names separated by commas, or leave it empty to detect"
    ),
    "tests_dir": (
        "tests_dir: '{value}' must be a relative folder inside the project such as tests or src/tests"
        " (letters, digits, _ . - and /)"
    ),
    "models": (
        "models: '{value}' is not an import path; write module:attribute, for example shop.models:Base"
        " (several separated by commas), or auto to detect"
    ),
    "app": "app: '{value}' is not an import path; write module:attribute, for example shop.api:app, or auto to detect",
    "session_dependency": (
        "session_dependency: '{value}' is not an import path; write module:attribute, for example"
        " shop.db:get_session, auto to detect, or leave it empty"
    ),
    "flask_app": (
        "flask_app: '{value}' is not an import path; write module:attribute, for example shop:create_app,"
        " auto to detect, or leave it empty"
    ),
    "db_url_env": (
        "db_url_env: '{value}' is not an environment variable name; use capitals, digits and _, like TEST_DATABASE_URL"
    ),
    "mock_targets": (
        "mock_targets: '{value}' is not an import path; write module:attribute or module.attribute"
        " (for example shop.ws:Hub), several separated by commas"
    ),
    "async_off": "async_mode: off does not fit db_api=async, whose fixtures run on pytest-asyncio; use auto or strict",
}


def either(values: tuple[str, ...]) -> str:
    """``("a", "b", "c")`` -> ``"a, b or c"``: the allowed values in a message."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def choice_message(key: str, value: Any) -> str:
    return f"{key}: '{value}' is not allowed; use {either(CHOICES[key])}"


def range_message(key: str, value: Any) -> str:
    rule = RANGES[key]
    shown = value if isinstance(value, int) and not isinstance(value, bool) else f"'{value}'"
    return f"{key}: {shown} {rule.problem}; use {rule.allowed}"


@dataclass(frozen=True)
class Answers:
    package: tuple[str, ...]  # empty: detect from the project
    tests_dir: str
    async_mode: str
    coverage: bool
    coverage_fail_under: int
    parallel: bool
    test_timeout: int
    runner: str
    strict: bool
    database: str = "none"
    db_api: str = "sync"
    framework: str = "none"
    app: str = AUTO
    session_dependency: str = AUTO  # empty: the client overrides no dependency
    flask_app: str = AUTO  # empty: no Flask-SQLAlchemy application
    mock_targets: tuple[str, ...] = ()
    block_network: bool = False
    leak_checks: bool = False
    models: tuple[str, ...] = (AUTO,)
    schema: str = "metadata"
    db_url_env: str = "TEST_DATABASE_URL"
    bench_threshold: int = 10
    plugin_source: str = "vendored"
    ci: str = "none"  # the generated CI workflow; copier renders it, the hook only checks
    shards: int = 1

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Answers:
        """Check every answer; the first bad one is a HookError with copier.yml's message."""
        choices = {key: _choice(data, key) for key in CHOICES}
        tests_dir = str(data.get("tests_dir", "tests")).rstrip("/")
        if not _TESTS_DIR.match(tests_dir) or ".." in tests_dir.split("/"):
            raise HookError(MESSAGES["tests_dir"].format(value=tests_dir))
        if choices["database"] != "none" and choices["db_api"] == "async" and choices["async_mode"] == "off":
            raise HookError(MESSAGES["async_off"])
        db_url_env = str(data.get("db_url_env", "TEST_DATABASE_URL")).strip()
        if not _ENV_VAR.match(db_url_env):
            raise HookError(MESSAGES["db_url_env"].format(value=db_url_env))
        return cls(
            package=_names(data, "package", _DOTTED, empty_ok=True),
            tests_dir=tests_dir,
            async_mode=choices["async_mode"],
            coverage=_flag(data, "coverage", True),
            coverage_fail_under=_number(data, "coverage_fail_under", 80),
            parallel=_flag(data, "parallel", False),
            test_timeout=_number(data, "test_timeout", 0),
            runner=choices["runner"],
            strict=_flag(data, "strict", False),
            database=choices["database"],
            db_api=choices["db_api"],
            framework=choices["framework"],
            app=_import_path(data, "app", empty_ok=False),
            session_dependency=_import_path(data, "session_dependency", empty_ok=True),
            flask_app=_import_path(data, "flask_app", empty_ok=True),
            mock_targets=_names(data, "mock_targets", _MOCK_TARGET, empty_ok=True),
            block_network=_flag(data, "block_network", False),
            leak_checks=_flag(data, "leak_checks", False),
            models=_names(data, "models", _IMPORT_PATH, empty_ok=False),
            schema=choices["schema"],
            db_url_env=db_url_env,
            bench_threshold=_number(data, "bench_threshold", 10),
            plugin_source=choices["plugin_source"],
            ci=choices["ci"],
            shards=_number(data, "shards", 1),
        )


def _choice(data: dict[str, Any], key: str) -> str:
    value = data.get(key, CHOICES[key][0])
    if not isinstance(value, str) or value.strip() not in CHOICES[key]:
        raise HookError(choice_message(key, value))
    return value.strip()


def _import_path(data: dict[str, Any], key: str, *, empty_ok: bool) -> str:
    """One module:attribute, or auto; ``empty_ok``: empty means none."""
    value = data.get(key, AUTO)
    text = str(value if value is not None else "").strip()
    if text == AUTO or (empty_ok and not text):
        return text
    if not isinstance(value, str) or not _IMPORT_PATH.match(text):
        raise HookError(MESSAGES[key].format(value=value))
    return text


def _names(data: dict[str, Any], key: str, pattern: re.Pattern[str], *, empty_ok: bool) -> tuple[str, ...]:
    """Comma-separated names (a list is fine too), each matching ``pattern``; ``auto`` for models."""
    default = "" if empty_ok else AUTO
    value = data.get(key, default)
    if not isinstance(value, str | list | tuple):
        raise HookError(MESSAGES[key].format(value=value))
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    names = tuple(str(part).strip() for part in parts)
    if not any(names):
        if empty_ok:
            return ()
        raise HookError(MESSAGES[key].format(value=value))
    if key == "models" and names == (AUTO,):
        return names
    if key == "package":  # stray commas around package names are harmless
        names = tuple(name for name in names if name)
    for name in names:
        if not pattern.match(name):
            raise HookError(MESSAGES[key].format(value=name))
    return names


def _flag(data: dict[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise HookError(f"{name}: '{value}' is not a yes/no answer; use true or false")


def _number(data: dict[str, Any], name: str, default: int) -> int:
    """A whole number within its range; ``"80"`` is fine, ``80.5``, ``"eighty"`` and ``true`` are not."""
    value = data.get(name, default)
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        number = int(value)
    rule = RANGES[name]
    if number is None or not rule.low <= number <= rule.high:
        raise HookError(range_message(name, value if number is None else number))
    return number
