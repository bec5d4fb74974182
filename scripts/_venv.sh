# Sourced by scripts/test and scripts/demo: a virtualenv in .venv with the test group installed.
# Needs only python3 (3.11+), pip, git and make: what a fresh machine has.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TUNEUP_VENV:-$ROOT/.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# pip >= 25.1 reads [dependency-groups] from pyproject.toml.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --group "$ROOT/pyproject.toml:test"
export PATH="$VENV/bin:$PATH"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-pytest-tuneup}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-tuneup@localhost}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-pytest-tuneup}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-tuneup@localhost}"
