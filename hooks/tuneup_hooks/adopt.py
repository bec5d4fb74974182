"""Before anything is written: the answers as the user gave them, then as the code and the
project's environment settle them.

The order matters. The user's own values are checked first (a bad ``--data`` value is
their line, not a detection's); then every ``auto`` is read from the code
(``detect``), the project's test environment is inspected (``preflight``), and the plan
either refuses in one line or says what will be set and installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers import Answers
from .detect import detect_answers, resolve
from .environment import ProjectEnvironment
from .errors import HookError
from .preflight import Plan, inspect_environment, plan


@dataclass(frozen=True)
class Prepared:
    answers: Answers  # every detected answer resolved
    env: ProjectEnvironment
    plan: Plan
    found: tuple[str, ...]  # one line per answer read from the code, with its evidence

    def lines(self) -> list[str]:
        return [f"pytest-tuneup: {line}" for line in (*self.found, *self.plan.lines)]


def _asked(raw: Mapping[str, Any]) -> set[str]:
    """The detected answers these answers use: the others keep their value, whatever it is."""
    database = str(raw.get("database") or "none") != "none"
    fastapi = str(raw.get("framework") or "none") == "fastapi"
    asked = {"runner", "package", "async_mode"}
    if database:
        asked |= {"models", "flask_app"}
    if fastapi:
        asked.add("app")
    if fastapi and database:
        asked.add("session_dependency")
    return asked


def prepare(project: Path, raw: Mapping[str, Any], given: Answers) -> Prepared:
    """Resolve the answers against the project, or raise a one-line HookError.

    ``given``: ``raw`` as the user answered it, already checked.
    """
    package = ",".join(given.package)
    detected = detect_answers(project, given.tests_dir, package)
    resolved, found = resolve(raw, detected)
    asked = _asked(raw)
    for name in set(resolved) - asked:
        if name in raw:
            resolved[name] = raw[name]
        else:
            resolved.pop(name)
    # The plan says which runner and why (the preflight reads the same lock files).
    found = [line for line in found if line.split(":", 1)[0] in asked - {"runner"}]
    # An empty session_dependency is a valid answer (no override); these two are not.
    for name in ("models", "app"):
        if name in asked and not str(resolved.get(name) or "").strip():
            raise HookError(
                f"{name}: nothing in the code looks like one; answer it (copier copy --data {name}=module:attribute)"
            )
    answers = Answers.from_mapping(resolved)
    env = inspect_environment(project, str(raw.get("runner") or "auto"))
    checked = plan(env, resolved)
    if checked.refusals:
        raise HookError("; ".join(checked.refusals))
    return Prepared(answers, env, checked, tuple(found))
