"""What the hook says about the CI workflow (answer ``ci``): one line each, never a write.

Copier renders the workflow before the hook runs (copier.yml's answers decide which
file); the hook never writes a CI file and never edits the project's own
(``.gitlab-ci.yml``, ``.github/workflows/*``). It only tells the user the one step left
to them, or that the answer exists.
"""

from __future__ import annotations

from pathlib import Path

from .answers import Answers
from .rollback import ANSWERS_FILE

#: The file copier renders for each ``ci`` answer, relative to the project.
WORKFLOWS = {"github": ".github/workflows/tuneup-tests.yml", "gitlab": ".gitlab/tuneup-tests.yml"}
GITLAB_CONFIG = ".gitlab-ci.yml"


def ci_notes(project: Path, answers: Answers, operation: str) -> list[str]:
    """The lines to print after the hook's summary."""
    if answers.ci == "gitlab":
        # GitLab reads one file; ours runs only once theirs includes it.
        config = project / GITLAB_CONFIG
        included = config.is_file() and WORKFLOWS["gitlab"] in config.read_text(errors="replace")
        if not included:
            return [
                f"pytest-tuneup: ci: add `include: {WORKFLOWS['gitlab']}` to your {GITLAB_CONFIG}"
                " to run the generated jobs"
            ]
    elif answers.ci == "none" and operation == "copy":
        kind = _ci_in_use(project)
        if kind is not None:
            return [
                f"pytest-tuneup: ci: this project uses {kind}; `copier update --trust --data ci={kind}"
                f" --answers-file {ANSWERS_FILE}` adds {WORKFLOWS[kind]} (sharded tests,"
                " benchmark gate) beside your own"
            ]
    return []


def _ci_in_use(project: Path) -> str | None:
    if (project / ".github" / "workflows").is_dir():
        return "github"
    if (project / GITLAB_CONFIG).is_file():
        return "gitlab"
    return None
