"""Three-way merge of pytest settings: the user's current value, ours, and what we applied last.

The rule everywhere: the user's choice wins. A value still equal to what we applied
last time was not the user's choice, so a newer template may replace it; a value the
user changed or removed is left alone and reported in one line.

Settings come in three kinds:

* ``scalar``: one value (``minversion``, ``xfail_strict``, ``asyncio_mode``).
* ``lines``: a list of lines (``markers``, ``filterwarnings``, ``required_plugins``).
* ``args``: command-line tokens (``addopts``), grouped into units such as ``-p name``.

List kinds merge unit by unit. Each unit has a key: units with the same key are the
same setting (``--import-mode=importlib`` and ``--import-mode=prepend`` share the key
``--import-mode``; marker lines share the marker's name), so a conflict is a key that
both sides set to different values.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["scalar", "lines", "args"]
Unit = tuple[str, ...]
Scalar = bool | str


@dataclass(frozen=True)
class Setting:
    """One pytest configuration key as pytest-tuneup wants it."""

    key: str
    kind: Kind
    value: Scalar | tuple[str, ...]
    #: A comment written above the key when the hook adds it.
    comment: str | None = None


@dataclass
class Merged:
    """The outcome for one key: the value to write (None: leave the key as it is)."""

    key: str
    value: Scalar | list[Unit] | None
    notes: list[str] = field(default_factory=list)


# Options whose value may come as the next token (``-p name``, ``--tb short``).
_TAKES_VALUE = frozenset(
    {
        "-p", "-n", "-m", "-k", "-W", "-o", "-c", "--tb", "--durations", "--durations-min",
        "--ignore", "--ignore-glob", "--deselect", "--dist", "--maxfail", "--timeout",
        "--rootdir", "--basetemp", "--cov", "--cov-report", "--cov-config",
        "--cov-fail-under", "--import-mode", "--numprocesses", "--asyncio-mode",
        "--log-level", "--junitxml", "--confcutdir", "--override-ini", "--pythonwarnings",
        "--maxprocesses", "--timeout-method",
    }
)  # fmt: skip

# Options that hold one value: a second occurrence replaces the first.
_SINGLE_VALUED = frozenset(
    {
        "--import-mode", "--cov-fail-under", "--tb", "-n", "--numprocesses", "--dist",
        "--timeout", "--durations", "--durations-min", "--maxfail", "--asyncio-mode",
        "--log-level", "--basetemp", "--rootdir",
    }
)  # fmt: skip


def split_args(value: str | Sequence[str]) -> list[str]:
    """Tokens of an ``addopts`` value, whether written as one string or a list."""
    if isinstance(value, str):
        return shlex.split(value)
    # A TOML list holds one argument per item: "not slow" in ["-k", "not slow"] is one.
    return [str(item) for item in value]


def join_args(tokens: Iterable[str]) -> str:
    """Tokens as one command line, quoting only where the shell would need it.

    ``shlex.join`` quotes ``pytest-cov>=5``, which pytest does not need and people do not write.
    """
    return " ".join(token if re.fullmatch(r"[^\s'\"\\#;]+", token) else shlex.quote(token) for token in tokens)


def group_args(tokens: Sequence[str]) -> list[Unit]:
    """Group command-line tokens into units: ``["-p", "x", "-ra"]`` -> ``[("-p", "x"), ("-ra",)]``."""
    units: list[Unit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _TAKES_VALUE and index + 1 < len(tokens):
            units.append((token, tokens[index + 1]))
            index += 2
        else:
            units.append((token,))
            index += 1
    return units


def same_unit(left: Unit, right: Unit) -> bool:
    """``--import-mode importlib`` and ``--import-mode=importlib`` are the same option."""
    return _spelled_one_way(left) == _spelled_one_way(right)


def _spelled_one_way(unit: Unit) -> Unit:
    if len(unit) == 2 and unit[0].startswith("--"):
        return (f"{unit[0]}={unit[1]}",)
    return unit


# Option families: every spelling of one option, and options that set the same thing,
# share a key. A family the user already has in addopts is theirs: the merge adds nothing
# to it (a second ``--cov-report`` would replace their report, ``-n`` their worker count).
_FAMILY_PREFIXES = (
    ("--cov", "--cov"),  # --cov, --cov-report, --cov-branch, --cov-fail-under, --no-cov...
    ("--no-cov", "--cov"),
    ("--strict", "--strict"),  # --strict, --strict-markers, --strict-config
    ("--numprocesses", "-n"),
    ("--maxprocesses", "-n"),
    ("--dist", "--dist"),
    ("--pythonwarnings", "-W"),
    ("--timeout", "--timeout"),  # --timeout, --timeout-method
    ("--import-mode", "--import-mode"),
)
_SHORT_FAMILIES = {"-n": "-n", "-W": "-W", "-r": "-r"}

#: ini keys that say the same as an option family: when the family is the user's, a value
#: we wrote there would contradict their flag (``strict_markers = false`` beside their
#: ``--strict-markers``), so the hook leaves those keys alone.
FAMILY_INI_KEYS: dict[str, tuple[str, ...]] = {
    "--strict": ("strict_config", "strict_markers", "xfail_strict"),
    "-W": ("filterwarnings",),
    "--timeout": ("timeout",),
    "--asyncio-mode": ("asyncio_mode",),
    "--log-level": ("log_level",),
}


def args_unit_key(unit: Unit) -> str:
    """Units with the same key configure the same thing (``-ra`` and ``-rA`` both pick the summary).

    ``-p`` is a family per plugin: ``-p no:cacheprovider`` and ``-p cacheprovider`` share a
    key, ``-p no:cacheprovider`` and ``-p pytest_tuneup.plugin`` do not.
    """
    head = unit[0]
    name = head.split("=", 1)[0]
    if head.startswith("-p"):
        plugin = unit[1] if len(unit) == 2 else head[2:]
        return f"-p {plugin.strip().removeprefix('no:')}"
    for prefix, family in _FAMILY_PREFIXES:
        if name.startswith(prefix):
            return family
    if not head.startswith("--") and head[:2] in _SHORT_FAMILIES:
        return _SHORT_FAMILIES[head[:2]]
    if name in _SINGLE_VALUED:
        return name
    return " ".join(unit)


def user_families(current: Sequence[Unit] | None, previous: Sequence[Unit] | None) -> set[str]:
    """The option families the user has in addopts: the units there that we did not apply."""
    ours = list(previous or [])
    return {args_unit_key(unit) for unit in current or [] if not any(same_unit(unit, mine) for mine in ours)}


def unit_key_for(key: str) -> Callable[[Unit], str]:
    """The unit key of a list setting: which units set the same thing."""

    def by_marker_name(unit: Unit) -> str:
        return re.split(r"[:(]", unit[0], maxsplit=1)[0].strip()

    def by_distribution(unit: Unit) -> str:
        return re.split(r"[<>=!~;\[ ]", unit[0], maxsplit=1)[0].strip().lower().replace("_", "-")

    def by_warning_filter(unit: Unit) -> str:
        # A filter without a category ("error", "default") is the base action for
        # every warning: only one of them can be the first line.
        return "<base action>" if ":" not in unit[0] else unit[0].strip()

    return {
        "addopts": args_unit_key,
        "markers": by_marker_name,
        "required_plugins": by_distribution,
        "filterwarnings": by_warning_filter,
    }.get(key, lambda unit: unit[0].strip())


def as_units(setting_kind: Kind, value: str | Sequence[str]) -> list[Unit]:
    """A list setting's value as units."""
    if setting_kind == "args":
        return group_args(split_args(value))
    if isinstance(value, str):
        return [(line.strip(),) for line in value.splitlines() if line.strip()]
    return [(str(line).strip(),) for line in value if str(line).strip()]


def same_scalar(left: Scalar | None, right: Scalar | None) -> bool:
    """Compare scalars as pytest reads them: ``True``, ``"true"`` and ``"True"`` agree."""
    if left is None or right is None:
        return left is right
    return str(left).strip().lower() == str(right).strip().lower()


def show(unit_or_value: object) -> str:
    """A value as the user would write it, for messages."""
    if isinstance(unit_or_value, tuple):
        return " ".join(unit_or_value)
    if isinstance(unit_or_value, bool):
        return "true" if unit_or_value else "false"
    return str(unit_or_value)


def merge_scalar(setting: Setting, current: Scalar | None, previous: Scalar | None) -> Merged:
    """Merge one scalar key."""
    assert not isinstance(setting.value, tuple)
    ours = setting.value
    if current is None:
        if previous is not None:
            return Merged(setting.key, None, [f"{setting.key}: left out, you removed it"])
        return Merged(setting.key, ours)
    if same_scalar(current, ours):
        return Merged(setting.key, None)
    if setting.key == "minversion":
        if previous is not None and same_scalar(current, previous):
            return Merged(setting.key, ours)  # ours from an earlier release, maybe higher
        # A minimum version is a floor, not a preference: the higher floor meets both.
        if _version_tuple(str(current)) >= _version_tuple(str(ours)):
            return Merged(setting.key, None)
        return Merged(setting.key, ours, [f"minversion: raised {current} -> {ours}, the settings below need it"])
    if previous is not None and same_scalar(current, previous):
        return Merged(setting.key, ours)
    return Merged(
        setting.key, None, [f"{setting.key}: kept yours ({show(current)}); pytest-tuneup suggests {show(ours)}"]
    )


def merge_units(
    setting: Setting,
    current: list[Unit] | None,
    previous: list[Unit] | None,
    unit_key: Callable[[Unit], str],
    first: frozenset[str] = frozenset(),
) -> Merged:
    """Merge one list key unit by unit.

    ``first`` holds unit keys that must lead the list (a warning filter's base action).
    """
    assert isinstance(setting.value, tuple)
    ours = as_units(setting.kind, setting.value)
    if current is None and previous is not None:
        return Merged(setting.key, None, [f"{setting.key}: left out, you removed it"])
    result = list(current or [])
    applied = list(previous or [])
    applied_keys = {unit_key(unit) for unit in applied}
    ours_keys = {unit_key(unit) for unit in ours}
    notes: list[str] = []

    def was_ours(unit: Unit) -> bool:
        return any(same_unit(unit, mine) for mine in applied)

    # Units we applied before and no longer want go, unless the user changed them.
    result = [unit for unit in result if unit_key(unit) in ours_keys or not was_ours(unit)]
    for unit in ours:
        key = unit_key(unit)
        position = next((i for i, have in enumerate(result) if unit_key(have) == key), None)
        if position is None:
            if key in applied_keys:
                notes.append(f"{setting.key}: left out {show(unit)}, you removed it")
            elif key in first:
                result.insert(0, unit)
            else:
                result.append(unit)
            continue
        have = result[position]
        if same_unit(have, unit):
            continue
        if was_ours(have):
            result[position] = unit
        else:
            notes.append(f"{setting.key}: kept yours ({show(have)}); pytest-tuneup suggests {show(unit)}")
    if current is not None and result == current:
        return Merged(setting.key, None, notes)
    if current is None and not result:
        return Merged(setting.key, None, notes)  # nothing to add: no empty key either
    return Merged(setting.key, result, notes)


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])
