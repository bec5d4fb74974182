"""An in-memory index from tags to notes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from notes.parser import Note, normalize_tag, parse_note, split_notes


class TagIndex:
    def __init__(self, notes: Iterable[Note] = ()) -> None:
        self._by_tag: defaultdict[str, list[Note]] = defaultdict(list)
        self._notes: list[Note] = []
        for note in notes:
            self.add(note)

    @classmethod
    def from_text(cls, text: str) -> TagIndex:
        return cls(parse_note(chunk) for chunk in split_notes(text))

    def __len__(self) -> int:
        return len(self._notes)

    def add(self, note: Note) -> None:
        self._notes.append(note)
        for tag in note.tags:
            self._by_tag[tag].append(note)

    def tags(self) -> dict[str, int]:
        """Tag -> number of notes, most used first, ties alphabetical."""
        counts = {tag: len(notes) for tag, notes in self._by_tag.items()}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def with_tag(self, tag: str) -> list[Note]:
        return list(self._by_tag.get(normalize_tag(tag), []))

    def with_all(self, *tags: str) -> list[Note]:
        wanted = {normalize_tag(t) for t in tags}
        return [note for note in self._notes if wanted <= note.tags]

    def with_any(self, *tags: str) -> list[Note]:
        wanted = {normalize_tag(t) for t in tags}
        return [note for note in self._notes if wanted & note.tags]

    def untagged(self) -> list[Note]:
        return [note for note in self._notes if not note.tags]
