"""Requirements as ``make tuneup-deps`` reads them: ``name[extras]`` and clauses such
as ``>=8.0,<9``, or a direct reference; and the versions they compare. Standard library
only (it runs before anything is installed, on Python 3.9+)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Releases that dropped a Python: (distribution, first release, the Python it needs).
# A project whose floor is older gets an upper bound, so the lock still fits the floor.
NEEDS_NEWER_PYTHON = (
    ("pytest", (9, 0), (3, 10)),
    ("pytest-asyncio", (1, 3), (3, 10)),
    ("pytest-split", (0, 11), (3, 10)),
)
_OPERATORS = ("~=", "==", "!=", "<=", ">=", "<", ">")
_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[(?P<extras>[^\]]*)\])?\s*(?P<spec>.*)$"
)


class Refusal(Exception):
    """Something the user must fix first; printed as one line, nothing installed."""


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them (Pytest_Asyncio: pytest-asyncio)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def version_tuple(text: str) -> tuple[int, ...]:
    """The release numbers of a version: 8.3.5 is (8, 3, 5), 1.0rc1 is (1, 0)."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def _compare(left: tuple[int, ...], right: tuple[int, ...]) -> int:
    width = max(len(left), len(right))
    padded_left = left + (0,) * (width - len(left))
    padded_right = right + (0,) * (width - len(right))
    return (padded_left > padded_right) - (padded_left < padded_right)


@dataclass(frozen=True)
class Requirement:
    """``name[extras]`` with comma-separated clauses such as ``>=8.0,<9``."""

    name: str
    extras: tuple[str, ...]
    clauses: tuple[tuple[str, str], ...]
    #: A direct reference (``pytest-tuneup@git+https://...@commit``): any installed
    #: version is the one it names, and pip gets it as written.
    url: str = ""

    @classmethod
    def parse(cls, text: str) -> Requirement:
        match = _REQUIREMENT.match(text)
        if not match:
            raise Refusal(f"{text!r} is not a requirement like 'pytest>=8.0'")
        if match.group("spec").startswith("@"):
            url = match.group("spec")[1:].strip()
            return cls(normalize(match.group("name")), (), (), url)
        clauses = []
        for clause in filter(
            None, (part.strip() for part in match.group("spec").split(","))
        ):
            operator = next((op for op in _OPERATORS if clause.startswith(op)), None)
            if operator is None:
                raise Refusal(f"{text!r} is not a requirement like 'pytest>=8.0'")
            clauses.append((operator, clause[len(operator) :].strip()))
        extras = tuple(
            normalize(extra)
            for extra in (match.group("extras") or "").split(",")
            if extra.strip()
        )
        return cls(normalize(match.group("name")), extras, tuple(clauses))

    def __str__(self) -> str:
        if self.url:
            return f"{self.name}@{self.url}"
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        spec = ",".join(operator + version for operator, version in self.clauses)
        return f"{self.name}{extras}{spec}"

    def allows(self, version: str) -> bool:
        have = version_tuple(version)
        for operator, wanted_text in self.clauses:
            if wanted_text.endswith(".*"):
                prefix = version_tuple(wanted_text[:-2])
                same = have[: len(prefix)] == prefix
                if (operator == "==") != same:
                    return False
                continue
            order = _compare(have, version_tuple(wanted_text))
            if operator == "~=":
                wanted = version_tuple(wanted_text)
                if order < 0 or have[: len(wanted) - 1] != wanted[:-1]:
                    return False
            elif not {
                "==": order == 0,
                "!=": order != 0,
                "<=": order <= 0,
                ">=": order >= 0,
                "<": order < 0,
                ">": order > 0,
            }[operator]:
                return False
        return True

    def within_floor(self, floor: tuple[int, ...] | None) -> Requirement:
        """This requirement, bounded where newer releases need a newer Python."""
        for name, release, python in NEEDS_NEWER_PYTHON:
            if name == self.name and floor is not None and _compare(floor, python) < 0:
                bound = ".".join(str(part) for part in release)
                if ("<", bound) not in self.clauses:
                    return Requirement(
                        self.name, self.extras, (*self.clauses, ("<", bound))
                    )
        return self
