"""make tune WRITE=1: the winners into the project's pytest configuration.

Through the doctor's line editor (``doctor.configfix``), the one place that edits a
user's configuration after adoption: the options go at the end of ``addopts`` below a
comment that says what was measured and when; a second write replaces the first's
lines; every other byte stays; the file is replaced atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..doctor.config import Config, read_config
from ..doctor.configfix import (
    ConfigEditError,
    previous_tune,
    tune_comment,
    with_tuned_addopts,
)


def write_winners(root: Path, words: list[str], date: str, figures: str) -> Path:
    """Write ``words`` into the configuration pytest reads in ``root``; its path."""
    config = read_config(root)
    if config.path is None:
        raise ConfigEditError(
            "no pytest configuration file here (pytest.ini, pyproject.toml, tox.ini, "
            "setup.cfg): nothing to write the winners into"
        )
    # The file's own bytes: read_config's text has universal newlines.
    path = config.path
    raw = path.read_bytes().decode("utf-8")
    config = Config(path, config.values, raw)
    # The runs measured today's addopts, an earlier tune's words included: they stay,
    # followed by the new ones (the write replaces the earlier lines).
    words = compact([*previous_tune(raw), *words])
    comment = tune_comment(date, " ".join(words), figures)
    text = with_tuned_addopts(config, words, comment)
    temporary = path.with_name(f".{path.name}.tuneup-tune")
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, path)
    return path


# Options whose last value counts: an earlier one is dropped.
LAST_WINS = frozenset({"-n", "--numprocesses", "--dist"})


def compact(words: list[str]) -> list[str]:
    """``words`` as pairs, without earlier values of LAST_WINS options or repeats."""
    pairs: list[tuple[str, ...]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in LAST_WINS or word == "-p":
            pair: tuple[str, ...] = (
                (word, words[index + 1]) if index + 1 < len(words) else (word,)
            )
            index += len(pair)
        else:
            pair = (word,)
            index += 1
        if pair[0] in LAST_WINS:
            pairs = [kept for kept in pairs if kept[0] != pair[0]]
        if pair not in pairs:
            pairs.append(pair)
    return [word for pair in pairs for word in pair]
