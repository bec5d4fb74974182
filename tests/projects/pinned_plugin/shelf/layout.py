"""Which shelf a book goes on: shelves hold ranges of call numbers, in order."""

from __future__ import annotations

import bisect

from shelf.callnumber import CallNumber


class Layout:
    def __init__(self, starts: list[str]) -> None:
        """``starts``: the first call number of each shelf, in shelf order."""
        self.starts = [CallNumber.parse(text) for text in starts]
        if self.starts != sorted(self.starts):
            raise ValueError("shelf starts must be in order")

    def shelf_for(self, text: str) -> int:
        number = CallNumber.parse(text)
        index = bisect.bisect_right(self.starts, number) - 1
        if index < 0:
            raise LookupError(f"{text} comes before the first shelf")
        return index + 1
