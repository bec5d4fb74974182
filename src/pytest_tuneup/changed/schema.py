"""Did the test database's schema change? The db plugin's fingerprint at both ends.

Asked only when a change touches a file the fingerprint is made of (``select``): the
fingerprint of the working tree, and the base's, from the base's files exported by
``git archive`` into a temporary folder. Each is one pytest start that stops at session
start (``schema_probe``). The base's is kept in pytest's cache folder under the base
commit's id. When either cannot be computed (the base does not run, no db plugin), the
answer is "changed": the whole suite runs.
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .changes import GitError

#: The file the probe writes the fingerprint to (``schema_probe``).
VARIABLE = "TUNEUP_SCHEMA_PROBE"

#: The base commits' fingerprints, by commit id.
CACHE = Path(".pytest_cache") / "tuneup-changed"


def probe(folder: Path, pytest_command: str) -> str | None:
    """The fingerprint of the project in ``folder`` (None: it could not be computed)."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "fingerprint"
        command = [
            *shlex.split(pytest_command),
            "-p",
            "pytest_tuneup.changed.schema_probe",
            "-p",
            "no:cacheprovider",
            "-q",
        ]
        environment = {**os.environ, VARIABLE: str(target)}
        subprocess.run(
            command, cwd=folder, env=environment, capture_output=True, check=False
        )
        return target.read_text().strip() if target.is_file() else None


def at_base(root: Path, base: str, pytest_command: str) -> str | None:
    """The fingerprint of the project as it is at commit ``base`` (cached by commit)."""
    cached = root / CACHE / f"schema-{base}"
    if cached.is_file():
        return cached.read_text().strip() or None
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", base],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise GitError(f"git archive {base}: {error}") from error
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            # Our own repository's commit; "data" where this Python has the filter.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
            else:
                tar.extractall(folder)
        found = probe(Path(folder), pytest_command)
    if found is not None:
        if not cached.parent.parent.is_dir():
            # Made before pytest made it: ignored the way pytest's own is.
            cached.parent.parent.mkdir()
            (cached.parent.parent / ".gitignore").write_text("*\n")
        cached.parent.mkdir(exist_ok=True)
        cached.write_text(found)
    return found


def changed(root: Path, base: str, pytest_command: str) -> bool:
    """Whether the fingerprint differs between ``base`` and the working tree."""
    try:
        before = at_base(root, base, pytest_command)
    except GitError:
        return True
    after = probe(root, pytest_command)
    return before is None or after is None or before != after
