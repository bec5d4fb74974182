"""The session class the back office uses: a sqlmodel Session that counts its commits."""

from __future__ import annotations

from sqlmodel import Session


class AuditedSession(Session):
    commits = 0

    def commit(self) -> None:
        self.commits += 1
        super().commit()
