"""0.1's plugin files, ``<tests_dir>/tuneup/tuneup_*.py``, which 0.2 replaced by the package.

``copier update`` deletes them itself: the new version no longer renders them. A
``copier copy`` of the new version over a 0.1 project does not, and they would stay
behind, unused. The hook removes those that are as 0.1 wrote them: tracked by git,
unchanged in the working tree, and touched by no commit but the one that added them.
One the team edited stays, and the summary names it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

LEGACY_NAMES = (
    "tuneup_plugin.py",
    "tuneup_db.py",
    "tuneup_app.py",
    "tuneup_guards.py",
    "tuneup_leaks.py",
    "tuneup_mocks.py",
    # The benchmark, now the package pytest_tuneup.bench.
    "tuneup_bench.py",
    "tuneup_bench_probe.py",
)
#: The line every 0.1 plugin carried in its docstring.
MARKER = "Rendered by copier from pytest-tuneup"


def _git(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=False)


def as_0_1_wrote_it(project: Path, relative: str) -> bool:
    if _git(project, "ls-files", "--error-unmatch", "--", relative).returncode != 0:
        return False
    if _git(project, "diff", "--quiet", "HEAD", "--", relative).returncode != 0:
        return False
    commits = _git(project, "log", "--format=%H", "--", relative).stdout.split()
    return len(commits) == 1


def plan_legacy_removal(project: Path, tests_dir: str) -> tuple[list[Path], list[str]]:
    """The 0.1 plugin files to delete, and a note for each one kept."""
    remove: list[Path] = []
    notes: list[str] = []
    for name in LEGACY_NAMES:
        path = project / tests_dir / "tuneup" / name
        relative = path.relative_to(project).as_posix()
        if not path.is_file() or MARKER not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        if as_0_1_wrote_it(project, relative):
            remove.append(path)
        else:
            notes.append(f"{relative}: 0.1's plugin, edited by you, kept but no longer loaded; delete it when done")
    if remove:
        names = ", ".join(path.name for path in remove)
        notes.append(f"removed 0.1's plugin files ({names}): the plugins are now the pytest_tuneup package")
    return remove, notes
