"""Undo what a failed ``copier copy`` rendered, so a bad input file leaves the project as it was.

Copier writes the template's files before it runs tasks. When the hook then refuses (a
malformed pyproject.toml, tomlkit missing), those files would stay behind, half an
install. They are removed again when git does not track them: then this copy made them.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "template"
ANSWERS_FILE = ".copier-answers.pytest-tuneup.yml"


# A name copier renders only when its condition holds: ``{% if ... %}tuneup_db.py{% endif %}``.
_CONDITIONAL = re.compile(r"\{%-?\s*if\b.*?%\}(?P<name>.*?)\{%-?\s*endif\s*-?%\}")


def rendered_paths(tests_dir: str) -> list[Path]:
    """Every project path the template may render, conditional names included.

    Linked folders (the plugin package) are followed: copier copies what a link points at.
    """
    paths = []
    for folder, _dirs, files in os.walk(TEMPLATE_DIR, followlinks=True):
        for file_name in files:
            source = Path(folder, file_name)
            name = str(source.relative_to(TEMPLATE_DIR)).removesuffix(".jinja")
            name = name.replace("{{ _copier_conf.answers_file }}", ANSWERS_FILE)
            name = _CONDITIONAL.sub(lambda match: match.group("name"), name)
            paths.append(Path(name.replace("{{ tests_dir }}", tests_dir)))
    return sorted(paths)


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
