"""Line edits of the pytest configuration: doctor-fix's event loop settings, and the
options make tune WRITE=1 keeps.

Line edits of the one file pytest reads, so every other byte stays: the fixture loop
scope becomes the session's where the plugin's async ``db_session`` lives on the
session's loop (what the hook suggested at adoption and left to the user), and
``asyncio_debug = true`` is switched off with a comment saying how to switch it on
for a debugging run. The suite's proof decides whether they stay.
"""

from __future__ import annotations

import json
import re

from .config import Config

DEBUG_OFF = (
    "# asyncio_debug: off in normal runs; a debugging run: pytest -o asyncio_debug=true"
)


def loop_scope_applies(config: Config) -> bool:
    """The plugin's async database fixtures, and async fixtures on per-test loops."""
    return (
        str(config.get("tuneup_db_api") or "") == "async"
        and str(config.get("asyncio_default_fixture_loop_scope") or "") == "function"
    )


def debug_on(config: Config) -> bool:
    return str(config.get("asyncio_debug")).strip().lower() in ("true", "1", "yes")


def edited(config: Config) -> str | None:
    """The configuration file's new text; None when there is nothing to change."""
    if config.path is None:
        return None
    lines = config.text.splitlines(keepends=True)
    changed = False
    if loop_scope_applies(config):
        index = config.line_of("asyncio_default_fixture_loop_scope") - 1
        new = re.sub(r"\bfunction\b", "session", lines[index], count=1)
        changed = changed or new != lines[index]
        lines[index] = new
    if debug_on(config):
        index = config.line_of("asyncio_debug") - 1
        if re.match(r"^\s*asyncio_debug\s*[=:]", lines[index]):
            ending = "\n" if lines[index].endswith("\n") else ""
            lines[index] = DEBUG_OFF + ending
            changed = True
    return "".join(lines) if changed else None


# make tune WRITE=1: options appended to addopts, below a comment that says what was
# measured. The comment also records the words, so that the next write takes exactly
# those back out before it adds its own: a second write replaces the first.
TUNE_MARK = "# pytest-tuneup tune "
TUNE_WORDS = re.compile(r"^# pytest-tuneup tune \S+: (?P<words>.*?) \[")
ADDOPTS = re.compile(r"^(?P<key>addopts\s*=\s*)(?P<value>.*?)(?P<end>\r?\n?)$")
SECTION = re.compile(r"^\s*\[(pytest|tool:pytest|tool\.pytest[.\w]*)\]")
HEADER = re.compile(r"^\[")


class ConfigEditError(Exception):
    """The configuration is written in a way these line edits do not take apart."""


def tune_comment(date: str, words: str, figures: str) -> str:
    """``# pytest-tuneup tune <date>: <words> [<figures>]``: what, then how much."""
    return f"{TUNE_MARK}{date}: {words} [{figures}]"


def with_tuned_addopts(config: Config, words: list[str], comment: str) -> str:
    """The configuration file's text with ``words`` at the end of ``addopts``.

    ``comment`` (from tune_comment) goes on the line above ``addopts``. A previous
    tune's comment and words are taken out first. ini files (pytest.ini, tox.ini,
    setup.cfg) get a continuation line; TOML a string or array item; a file without
    ``addopts`` gets the key after its section header. Every other byte stays.
    """
    if config.path is None:
        raise ConfigEditError("no pytest configuration file to write into")
    toml = config.path.suffix == ".toml"
    newline = "\r\n" if "\r\n" in config.text else "\n"
    lines = without_previous_tune(config.text.splitlines(keepends=True), toml)
    section = section_index(lines)
    if section is None:
        raise ConfigEditError(f"no pytest section in {config.path.name}")
    key = addopts_index(lines, section)
    if key is None:
        if not lines[section].endswith("\n"):
            lines[section] += newline
        native = toml and "ini_options" not in lines[section]
        if native:
            value = toml_array(words)
        else:
            value = json.dumps(" ".join(words)) if toml else " ".join(words)
        added = [comment + newline, f"addopts = {value}{newline}"]
        lines[section + 1 : section + 1] = added
        return "".join(lines)
    if toml:
        toml_append(lines, key, words, newline)
    else:
        end = continuation_end(lines, key)
        indent = indent_of(lines[end - 1]) if end > key + 1 else "    "
        if not lines[end - 1].endswith("\n"):
            lines[end - 1] += newline
        lines.insert(end, f"{indent}{' '.join(words)}{newline}")
    lines.insert(key, comment + newline)
    return "".join(lines)


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def section_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if SECTION.match(line)), None)


def addopts_index(lines: list[str], section: int) -> int | None:
    """The ``addopts`` line of the pytest section (the first line of the section on)."""
    for index in range(section + 1, len(lines)):
        if HEADER.match(lines[index]):
            return None
        if ADDOPTS.match(lines[index]):
            return index
    return None


def continuation_end(lines: list[str], key: int) -> int:
    """The index after the last line of the ini value that starts at ``key``."""
    end = key + 1
    while end < len(lines) and lines[end].strip() and lines[end][:1] in " \t":
        end += 1
    return end


def toml_array(words: list[str]) -> str:
    return "[" + toml_items(words) + "]"


def toml_items(words: list[str]) -> str:
    return ", ".join(json.dumps(word) for word in words)


def array_close(lines: list[str], key: int) -> int | None:
    """The line that closes a TOML array opened on the ``addopts`` line."""
    return next(
        (i for i in range(key + 1, len(lines)) if lines[i].lstrip().startswith("]")),
        None,
    )


def toml_append(lines: list[str], key: int, words: list[str], newline: str) -> None:
    match = ADDOPTS.match(lines[key])
    assert match is not None
    head, value, end = match.group("key", "value", "end")
    single = re.match(r'^"(?P<inner>(?:[^"\\]|\\.)*)"(?P<rest>\s*(#.*)?)$', value)
    if single and not value.startswith('"""'):
        inner = single.group("inner")
        added = json.dumps(" ".join(words))[1:-1]
        joined = f"{inner} {added}" if inner else added
        lines[key] = f'{head}"{joined}"{single.group("rest")}{end}'
        return
    array = re.match(r"^\[(?P<inner>.*)\](?P<rest>\s*(#.*)?)$", value)
    if array:
        inner = array.group("inner").rstrip().rstrip(",")
        joined = f"{inner}, {toml_items(words)}" if inner.strip() else toml_items(words)
        lines[key] = f"{head}[{joined}]{array.group('rest')}{end}"
        return
    close = array_close(lines, key) if value.split("#")[0].strip() == "[" else None
    if close is None:
        raise ConfigEditError(
            "addopts is written in a form this edit does not take apart (a multi-line "
            f"string?): add {' '.join(words)!r} to it by hand"
        )
    last = lines[close - 1]
    indent = "    "
    if close - 1 > key:
        indent = indent_of(last)
        code = last.split("#")[0].rstrip()
        if code and not code.endswith(","):
            lines[close - 1] = code + "," + last[len(code) :]
    lines.insert(close, f"{indent}{toml_items(words)},{newline}")


def previous_tune(text: str) -> list[str]:
    """The words an earlier make tune WRITE=1 added (its comment records them)."""
    for line in text.splitlines():
        found = TUNE_WORDS.match(line)
        if found:
            return found.group("words").split()
    return []


def without_previous_tune(lines: list[str], toml: bool) -> list[str]:
    """``lines`` without an earlier tune's comment and the words it added."""
    for index, line in enumerate(lines):
        found = TUNE_WORDS.match(line)
        if not found:
            continue
        words = found.group("words").split()
        rest = lines[:index] + lines[index + 1 :]
        section = section_index(rest)
        key = addopts_index(rest, section) if section is not None else None
        if key is not None:
            remove_words(rest, key, words, toml)
        return rest
    return lines


def remove_words(lines: list[str], key: int, words: list[str], toml: bool) -> None:
    """Undo with_tuned_addopts: the exact text it added for ``words``, if there."""
    text = " ".join(words)
    match = ADDOPTS.match(lines[key])
    assert match is not None
    value = match.group("value").split("#")[0].strip()
    if value in (text, json.dumps(text), toml_array(words)):
        del lines[key]  # the key was added by the tune
        return
    if not toml:
        end = continuation_end(lines, key)
        if end > key + 1 and lines[end - 1].strip() == text:
            del lines[end - 1]
        return
    line = lines[key]
    for added, closing in (
        (" " + json.dumps(text)[1:-1], '"'),
        (", " + toml_items(words), "]"),
    ):
        at = line.rfind(added + closing)
        if at >= 0:
            lines[key] = line[:at] + line[at + len(added) :]
            return
    close = array_close(lines, key)
    if close is not None and lines[close - 1].strip() == toml_items(words) + ",":
        del lines[close - 1]
