"""What the project's own files say: its Python floor, its pins, its dev group, and
whether its suite has async tests that pytest-asyncio runs. Read with regular
expressions, standard library only (``make tuneup-deps`` runs before anything is
installed, on Python 3.9+)."""

from __future__ import annotations

import re
from pathlib import Path

from .requirements import normalize, version_tuple


def python_floor(project: Path) -> tuple[int, ...] | None:
    """The oldest Python the project supports (requires-python, python_requires)."""
    texts = []
    for name, pattern in (
        ("pyproject.toml", r"""^\s*requires-python\s*=\s*["']([^"']+)["']"""),
        (
            "pyproject.toml",
            r"""^\s*python\s*=\s*["']([^"']+)["']""",
        ),  # [tool.poetry.dependencies]
        ("setup.cfg", r"^\s*python_requires\s*=\s*(.+)$"),
    ):
        path = project / name
        if path.is_file():
            texts += re.findall(
                pattern,
                path.read_text(encoding="utf-8", errors="replace"),
                re.MULTILINE,
            )
    floors = []
    for text in texts:
        match = re.search(r"(?:>=|~=|\^|==|>)\s*(\d+(?:\.\d+)*)", text)
        if match:
            floors.append(version_tuple(match.group(1)))
    return min(floors) if floors else None


def pins(project: Path) -> dict[str, tuple[str, str]]:
    """Versions the project's lock or requirements files pin: name: (version, file)."""
    found: dict[str, tuple[str, str]] = {}
    for lock in ("uv.lock", "poetry.lock", "pdm.lock"):
        path = project / lock
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for name, version in re.findall(
                r"""^\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)\"""",
                text,
                re.MULTILINE,
            ):
                found.setdefault(normalize(name), (version, lock))
    for path in sorted(project.glob("requirements*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, version in re.findall(
            r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#]+)",
            text,
            re.MULTILINE,
        ):
            found.setdefault(normalize(name), (version, path.name))
    return found


def has_async_tests(tests: Path) -> bool:
    """Whether the suite has async tests or fixtures that pytest-asyncio runs (our own
    vendored copy aside). A suite whose async tests all run on anyio needs none: anyio
    marks or its ``anyio_backend`` fixture, and no asyncio mark."""
    own = tests / "tuneup"
    found_async = uses_anyio = False
    for path in tests.rglob("*.py"):
        name = path.name
        is_test = (
            name == "conftest.py"
            or name.startswith("test_")
            or name.endswith("_test.py")
        )
        if own in path.parents or not is_test:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "pytest.mark.asyncio" in text or "pytest_asyncio" in text:
            return True
        found_async = found_async or bool(
            re.search(r"^\s*async\s+def\s", text, re.MULTILINE)
        )
        uses_anyio = uses_anyio or "mark.anyio" in text or "anyio_backend" in text
    return found_async and not uses_anyio


def _table(text: str, header: str) -> str:
    """The body of a TOML table, up to the next table header."""
    pattern = rf"^\[{re.escape(header)}\][ \t]*$(?P<body>.*?)(?=^\[|\Z)"
    match = re.search(pattern, text, re.MULTILINE | re.DOTALL)
    return match.group("body") if match else ""


def dev_group(project: Path) -> str | None:
    """A dependency group named test, if the project has one; else the dev group."""
    path = project / "pyproject.toml"
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    has_test = (
        re.search(r"^\[tool\.poetry\.group\.test[.\]]", text, re.MULTILINE)
        or re.search(r"^test\s*=", _table(text, "dependency-groups"), re.MULTILINE)
        or re.search(
            r"^test\s*=", _table(text, "tool.pdm.dev-dependencies"), re.MULTILINE
        )
    )
    return "test" if has_test else None
