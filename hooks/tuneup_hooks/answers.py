"""The copier answers the hook acts on, checked again here because scripts can pass anything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import HookError

RUNNERS = ("python", "uv", "poetry", "pdm", "hatch")
ASYNC_MODES = ("off", "auto", "strict")
DATABASES = ("none", "sqlite", "postgresql")
FRAMEWORKS = ("none", "fastapi")
SCHEMAS = ("metadata", "alembic")
PLUGIN_SOURCES = ("vendored", "installed")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*"  # a dotted Python name
_DOTTED = re.compile(rf"^{_NAME}$")
_IMPORT_PATH = re.compile(rf"^{_NAME}:{_NAME}$")  # module:attribute
# module:attribute or module.attribute: a dotted path needs a module and a name in it.
_MOCK_TARGET = re.compile(rf"^{_NAME}(:{_NAME}|\.[A-Za-z_][A-Za-z0-9_]*)$")
_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_TESTS_DIR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


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
    app: str = "app.main:app"
    session_dependency: str = ""  # empty: the client overrides no dependency
    mock_targets: tuple[str, ...] = ()
    block_network: bool = False
    leak_checks: bool = False
    models: tuple[str, ...] = ()  # empty without a database
    schema: str = "metadata"
    db_url_env: str = "TEST_DATABASE_URL"
    plugin_source: str = "vendored"

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Answers:
        packages = tuple(part.strip() for part in str(data.get("package") or "").split(",") if part.strip())
        for name in packages:
            if not _DOTTED.match(name):
                raise HookError(f"package: {name!r} is not an importable name (letters, digits, _ and dots)")
        tests_dir = str(data.get("tests_dir", "tests")).strip().rstrip("/")
        if not _TESTS_DIR.match(tests_dir) or ".." in tests_dir.split("/"):
            raise HookError(f"tests_dir: {tests_dir!r} must be a relative folder inside the project, like 'tests'")
        answers = cls(
            package=packages,
            tests_dir=tests_dir,
            async_mode=str(data.get("async_mode", "off")),
            coverage=_flag(data, "coverage", True),
            coverage_fail_under=_number(data, "coverage_fail_under", 80),
            parallel=_flag(data, "parallel", False),
            test_timeout=_number(data, "test_timeout", 0),
            runner=str(data.get("runner", "python")),
            strict=_flag(data, "strict", False),
            database=str(data.get("database", "none")),
            db_api=str(data.get("db_api", "sync")),
            framework=str(data.get("framework", "none")),
            app=str(data.get("app") or "app.main:app").strip(),
            session_dependency=str(data.get("session_dependency") or "").strip(),
            mock_targets=_mock_targets(data.get("mock_targets")),
            block_network=_flag(data, "block_network", False),
            leak_checks=_flag(data, "leak_checks", False),
            # Read only with a database: without one, the answer is not asked.
            models=_import_paths("models", data.get("models") or "app.models:Base")
            if str(data.get("database", "none")) != "none"
            else (),
            schema=str(data.get("schema") or "metadata"),
            db_url_env=str(data.get("db_url_env") or "TEST_DATABASE_URL").strip(),
            plugin_source=str(data.get("plugin_source") or "vendored"),
        )
        if answers.database not in DATABASES:
            raise HookError(f"database: {answers.database!r} is not one of {', '.join(DATABASES)}")
        if answers.db_api not in ("sync", "async"):
            raise HookError(f"db_api: {answers.db_api!r} is not one of sync, async")
        if answers.database != "none" and answers.db_api == "async" and answers.async_mode == "off":
            raise HookError("async_mode: off does not fit db_api=async; use auto or strict")
        if answers.schema not in SCHEMAS:
            raise HookError(f"schema: {answers.schema!r} is not one of {', '.join(SCHEMAS)}")
        if answers.database != "none" and not _ENV_NAME.match(answers.db_url_env):
            raise HookError(
                f"db_url_env: {answers.db_url_env!r} is not an environment variable name;"
                " use capitals, digits and _, like TEST_DATABASE_URL"
            )
        if answers.plugin_source not in PLUGIN_SOURCES:
            raise HookError(f"plugin_source: {answers.plugin_source!r} is not one of {', '.join(PLUGIN_SOURCES)}")
        if answers.framework not in FRAMEWORKS:
            raise HookError(f"framework: {answers.framework!r} is not one of {', '.join(FRAMEWORKS)}")
        if answers.framework == "fastapi" and not _IMPORT_PATH.match(answers.app):
            raise HookError(f"app: {answers.app!r} is not an import path; write module:attribute, like shop.api:app")
        if (
            answers.framework == "fastapi"
            and answers.session_dependency
            and not _IMPORT_PATH.match(answers.session_dependency)
        ):
            raise HookError(
                f"session_dependency: {answers.session_dependency!r} is not an import path;"
                " write module:attribute, like shop.db:get_session, or leave it empty"
            )
        if answers.async_mode not in ASYNC_MODES:
            raise HookError(f"async_mode: {answers.async_mode!r} is not one of {', '.join(ASYNC_MODES)}")
        if not 0 <= answers.coverage_fail_under <= 100:
            raise HookError(f"coverage_fail_under: {answers.coverage_fail_under} is not a percentage from 0 to 100")
        if answers.test_timeout < 0:
            raise HookError(f"test_timeout: {answers.test_timeout} must be 0 (off) or a number of seconds")
        if answers.runner not in RUNNERS:
            raise HookError(f"runner: {answers.runner!r} is not one of {', '.join(RUNNERS)}")
        return answers


def _import_paths(name: str, value: Any) -> tuple[str, ...]:
    """module:attribute paths separated by commas (a list is fine too)."""
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    paths = tuple(str(part).strip() for part in parts if str(part).strip())
    for path in paths:
        if not _IMPORT_PATH.match(path):
            raise HookError(f"{name}: {path!r} is not an import path; write module:attribute, like shop.models:Base")
    return paths


def _mock_targets(value: Any) -> tuple[str, ...]:
    """Import paths separated by commas (a list is fine too); empty: none."""
    parts = value if isinstance(value, list | tuple) else str(value or "").split(",")
    targets = tuple(str(part).strip() for part in parts)
    if not any(targets):
        return ()
    for target in targets:
        if not _MOCK_TARGET.match(target):
            raise HookError(
                f"mock_targets: {target!r} is not an import path; write module:attribute or"
                " module.attribute (like shop.ws:Hub), several separated by commas"
            )
    return targets


def _flag(data: dict[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise HookError(f"{name}: {value!r} is not a yes/no answer; use true or false")


def _number(data: dict[str, Any], name: str, default: int) -> int:
    value = data.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise HookError(f"{name}: {value!r} is not a whole number") from None
