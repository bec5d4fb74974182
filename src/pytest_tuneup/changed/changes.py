"""The files the working tree changes: ``git diff`` against a base, and untracked ones.

Paths are relative to the current folder (the project's root, which may be a subfolder
of the git repository); changes outside it are not the suite's.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, this is not a repository, or the base is not a commit."""


@dataclass(frozen=True)
class Changes:
    #: The commit the working tree is compared with (HEAD, or the merge base with BASE).
    base: str
    #: What the user asked for: HEAD or the BASE ref.
    against: str
    #: Changed, added, deleted and untracked files, sorted.
    files: tuple[str, ...]


def git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise GitError(f"git could not run: {error}") from error
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {' '.join(args)}: {message}")
    return result.stdout


def changed_files(root: Path, against: str = "HEAD") -> Changes:
    """Every file that differs from ``against`` (for a branch: from its merge base with
    HEAD, so the branch's own commits count too), and every untracked file."""
    base = git(root, "merge-base", against, "HEAD").strip()
    # --no-renames: a rename is its old path (deleted) and its new one (added).
    diff = git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", base)
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z")
    files = {name for name in (diff + untracked).split("\0") if name}
    return Changes(base, against, tuple(sorted(files)))


def tracked_and_untracked(root: Path) -> list[str]:
    """The project's files as git sees them (not the ignored ones; deleted ones too)."""
    listed = git(root, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return sorted({name for name in listed.split("\0") if name})


def text_at(root: Path, commit: str, path: str) -> str | None:
    """``path`` as it was at ``commit`` (None when it did not exist there)."""
    try:
        return git(root, "show", f"{commit}:./{path}")
    except GitError:
        return None
