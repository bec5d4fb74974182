"""Hook pytest-tuneup's make targets into the user's Makefile with one small block.

The targets live in ``tuneup.mk`` (rendered by copier). The user's Makefile gets:

    # pytest-tuneup: test targets live in tuneup.mk; `make help` lists them.
    TUNEUP_OWN_TARGETS := test
    TUNEUP_COV_PACKAGES := shop
    include tuneup.mk

``TUNEUP_OWN_TARGETS`` names the targets the user already has: ``tuneup.mk`` defines no
plain alias for those, so the user's recipe stays, and ours is ``make tuneup-<name>``.
The other lines are what the hook found in the project and hands to the targets (the
packages coverage measures); the hook owns every line of the block and rewrites it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import read_text

MAKE_FILE = "tuneup.mk"
_INCLUDE = re.compile(rf"^-?include\s+{re.escape(MAKE_FILE)}\s*$")
_COMMENT = "# pytest-tuneup: test targets live in tuneup.mk; `make help` lists them."
#: The variables the hook writes into the block (tuneup.mk gives each a default with ?=).
HOOK_VARIABLES = ("TUNEUP_OWN_TARGETS", "TUNEUP_COV_PACKAGES")
_RULE = re.compile(r"^(?P<targets>[^\s:=#][^:=#]*?)\s*::?(?![:=])")


@dataclass
class MakefilePlan:
    path: Path
    text: str | None  # None: nothing to write
    notes: list[str] = field(default_factory=list)


def tuneup_variable(project: Path, name: str, _expanding: frozenset[str] = frozenset()) -> list[str]:
    """The words of a variable set in tuneup.mk (``TUNEUP_TARGETS``, ``TUNEUP_REQUIREMENTS``).

    tuneup.mk is the one place that lists them; the hook reads them back from there.
    ``$(NAME)`` references are expanded. Only blanks may surround ``:=``, so an empty
    value stays empty instead of running on into the next line.
    """
    path = project / MAKE_FILE
    if not path.is_file() or name in _expanding:
        return []
    text = read_text(path)
    match = re.search(rf"^{name}[ \t]*:?=[ \t]*(?P<words>.*)$", text, re.MULTILINE)
    words: list[str] = []
    for word in match.group("words").split() if match else []:
        reference = re.fullmatch(r"\$\((\w+)\)", word)
        words += tuneup_variable(project, reference.group(1), _expanding | {name}) if reference else [word]
    return words


def user_targets(lines: list[str]) -> set[str]:
    """Targets defined by rules in a Makefile (not recipes, variables or special targets)."""
    targets: set[str] = set()
    for line in lines:
        if line.startswith("\t") or _INCLUDE.match(line):
            continue
        match = _RULE.match(line)
        if match:
            targets.update(name for name in match.group("targets").split() if not name.startswith("."))
    return targets


def plan_makefile(project: Path, variables: Mapping[str, Sequence[str]] | None = None) -> MakefilePlan | None:
    """What the user's Makefile should become; None when tuneup.mk is absent.

    ``variables``: the hook's findings for the targets, name -> words, written into the
    block after ``TUNEUP_OWN_TARGETS`` (each name must be one of ``HOOK_VARIABLES``).
    """
    given = dict(variables or {})
    unknown = sorted(set(given) - set(HOOK_VARIABLES[1:]))
    if unknown:
        raise ValueError(f"not a variable of pytest-tuneup's Makefile block: {', '.join(unknown)}")
    if not (project / MAKE_FILE).is_file():
        return None
    path = next(
        (project / name for name in ("GNUmakefile", "makefile", "Makefile") if (project / name).is_file()),
        project / "Makefile",
    )
    original = read_text(path) if path.is_file() else ""
    newline = "\r\n" if "\r\n" in original else "\n"
    lines = original.splitlines()
    start, end = _our_block(lines)
    outside = lines[:start] + lines[end:] if start is not None else lines
    own = sorted(user_targets(outside) & set(tuneup_variable(project, "TUNEUP_TARGETS")))
    values: dict[str, Sequence[str]] = {"TUNEUP_OWN_TARGETS": own, **given}
    block = [_COMMENT, *(_assignment(name, values[name]) for name in HOOK_VARIABLES if name in values)]
    block.append(f"include {MAKE_FILE}")
    if start is not None:
        new_lines = lines[:start] + block + lines[end:]
    else:
        new_lines = lines + ([""] if lines and lines[-1].strip() else []) + block
    text = newline.join(new_lines) + newline
    notes = [f"{path.name}: you have your own `{name}`; pytest-tuneup's is `make tuneup-{name}`" for name in own]
    return MakefilePlan(path, None if text == original else text, notes)


def _assignment(name: str, words: Sequence[str]) -> str:
    return f"{name} :={''.join(' ' + word for word in words)}"


_HOOK_LINE = re.compile(rf"^(?:{'|'.join(HOOK_VARIABLES)})\s*:?=")


def _our_block(lines: list[str]) -> tuple[int | None, int]:
    """Where the block is: the include line and the hook's lines right above it.

    Only the hook's own variables count as the block: a ``TUNEUP_RUNNER := uv`` the user
    put there stays theirs.
    """
    for index, line in enumerate(lines):
        if _INCLUDE.match(line):
            start = index
            while start > 0 and (lines[start - 1] == _COMMENT or _HOOK_LINE.match(lines[start - 1])):
                start -= 1
            return start, index + 1
    return None, 0
