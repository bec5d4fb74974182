"""Parser for our markdown-ish note format.

A note looks like this::

    # Sprint planning
    tags: work, planning

    Move the #release to Thursday and ask #ops about the freeze.

The ``# Title`` heading is required. The optional ``tags:`` line must come
directly after the title. Inline ``#hashtags`` in the body are tags too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-z][\w-]*)")


class NoteSyntaxError(ValueError):
    """Raised for text that is not a valid note."""


@dataclass(frozen=True)
class Note:
    title: str
    body: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def normalize_tag(tag: str) -> str:
    """Lower-case a tag and strip a leading ``#`` and surrounding spaces."""
    cleaned = tag.strip().lstrip("#").strip().lower()
    if not cleaned:
        raise NoteSyntaxError(f"empty tag in {tag!r}")
    return cleaned


def extract_hashtags(text: str) -> set[str]:
    """Return the normalized ``#hashtags`` used in ``text``."""
    return {normalize_tag(m.group(1)) for m in _HASHTAG.finditer(text)}


def parse_note(text: str) -> Note:
    lines = text.strip("\n").splitlines()
    if not lines or not lines[0].startswith("# "):
        raise NoteSyntaxError("a note must start with a '# Title' line")
    title = lines[0][2:].strip()
    if not title:
        raise NoteSyntaxError("the title is empty")

    rest = lines[1:]
    tags: set[str] = set()
    if rest and rest[0].lower().startswith("tags:"):
        header = rest.pop(0)[len("tags:") :]
        tags.update(normalize_tag(t) for t in header.split(",") if t.strip())

    body = "\n".join(rest).strip()
    tags |= extract_hashtags(body)
    return Note(title=title, body=body, tags=frozenset(tags))


def split_notes(text: str) -> list[str]:
    """Split a file holding several notes separated by ``---`` lines."""
    chunks = re.split(r"^---\s*$", text, flags=re.MULTILINE)
    return [chunk.strip() for chunk in chunks if chunk.strip()]
