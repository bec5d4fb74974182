"""Undo what a failed ``copier copy`` rendered, so a failed hook leaves the project as it was.

Copier writes the template's files before it runs tasks. When the hook then stops (a
malformed pyproject.toml, tomlkit missing, a bug), those files would stay behind, half an
install. They are removed again when git does not track them: then this copy made them.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "template"
ANSWERS_FILE = ".copier-answers.pytest-tuneup.yml"
#: copier.yml's ``_exclude``: what copier leaves out of the vendored package.
EXCLUDED = ("__pycache__", "*.py[co]", "test_*.py")
_JINJA_TAG = re.compile(r"\{%.*?%\}")
#: The CI workflow's folders are named ``{% if ci == 'github' %}.github{% endif %}``.
_CI_CONDITION = re.compile(r"ci == '(\w+)'")


def rendered_paths(tests_dir: str, ci: str = "none") -> list[Path]:
    """The project paths the template may render, relative to the project.

    Follows links as copier does: ``<tests_dir>/tuneup/pytest_tuneup`` links to the package
    in src/, and copier copies what it points at. A name made conditional with Jinja
    (``{% if database != 'none' %}tuneup_db.py{% endif %}``) counts under the name it
    renders to when its condition holds. The CI workflow's files count only for the
    ``ci`` answered: they sit in the project's own folders (.github, .gitlab), beside
    files that may have those names and were not ours.
    """
    paths = []
    for folder, dirs, files in os.walk(TEMPLATE_DIR, followlinks=True):
        dirs[:] = sorted(name for name in dirs if not _excluded(name))
        for file in sorted(files):
            if _excluded(file):
                continue
            name = str((Path(folder) / file).relative_to(TEMPLATE_DIR)).removesuffix(".jinja")
            if (kind := _CI_CONDITION.search(name)) is not None and kind.group(1) != ci:
                continue
            name = name.replace("{{ _copier_conf.answers_file }}", ANSWERS_FILE)
            name = _JINJA_TAG.sub("", name.replace("{{ tests_dir }}", tests_dir))
            if name and not name.endswith("/"):
                paths.append(Path(name))
    return paths


def undo_copy(project: Path, tests_dir: str, ci: str = "none") -> list[Path]:
    """Delete the rendered files git does not track, and folders left empty; return what went."""
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "-z"], cwd=project, capture_output=True, text=True, check=False
        ).stdout.split("\0")
    )
    removed = []
    for relative in rendered_paths(tests_dir, ci):
        path = project / relative
        if path.is_file() and not path.is_symlink() and relative.as_posix() not in tracked:
            path.unlink()
            removed.append(relative)
            for parent in path.parents:
                if parent == project or any(parent.iterdir()):
                    break
                parent.rmdir()
    return removed


def _excluded(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDED)
