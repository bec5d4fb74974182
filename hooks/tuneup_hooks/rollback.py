"""Undo what a failed ``copier copy`` rendered, so a bad input file leaves the project as it was.

Copier writes the template's files before it runs tasks. When the hook then refuses (a
malformed pyproject.toml, tomlkit missing), those files would stay behind, half an
install. They are removed again when git does not track them: then this copy made them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "template"
ANSWERS_FILE = ".copier-answers.pytest-tuneup.yml"


def rendered_paths(tests_dir: str) -> list[Path]:
    """The project paths the template renders (its file names use only these two variables)."""
    paths = []
    for source in sorted(_template_files()):
        if source.is_file():
            name = str(source.relative_to(TEMPLATE_DIR)).removesuffix(".jinja")
            name = name.replace("{{ _copier_conf.answers_file }}", ANSWERS_FILE)
            paths.append(Path(name.replace("{{ tests_dir }}", tests_dir)))
    return paths


def _template_files() -> list[Path]:
    """Files under template/, through the link to the plugin package as copier follows it."""
    found = []
    for folder, folders, files in os.walk(TEMPLATE_DIR, followlinks=True):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(folder) / name for name in files if not name.endswith((".pyc", ".pyo"))]
    return found


def undo_copy(project: Path, tests_dir: str) -> list[Path]:
    """Delete the rendered files git does not track, and folders left empty; return what went."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=project, capture_output=True, text=True, check=False
    ).stdout.split("\0")
    removed = []
    for relative in rendered_paths(tests_dir):
        path = project / relative
        if path.is_file() and relative.as_posix() not in tracked:
            path.unlink()
            removed.append(relative)
            for parent in path.parents:
                if parent == project or any(parent.iterdir()):
                    break
                parent.rmdir()
    return removed
