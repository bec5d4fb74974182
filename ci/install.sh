# The project's own dependencies, the way its lock file says (the runner make uses:
# TUNEUP_RUNNER, else uv.lock, poetry.lock, pdm.lock, hatch, else pip). Installs
# differently? Edit this step: copier update keeps your edit.
if [ -z "${TUNEUP_RUNNER:-}" ]; then
  if [ -f uv.lock ]; then TUNEUP_RUNNER=uv
  elif [ -f poetry.lock ]; then TUNEUP_RUNNER=poetry
  elif [ -f pdm.lock ]; then TUNEUP_RUNNER=pdm
  elif [ -f hatch.toml ] || grep -qs '^\[tool\.hatch\.envs' pyproject.toml; then TUNEUP_RUNNER=hatch
  else TUNEUP_RUNNER=python
  fi
fi
case "$TUNEUP_RUNNER" in
  uv) python -m pip install uv && uv sync ;;
  poetry) python -m pip install poetry && poetry install --no-interaction ;;
  pdm) python -m pip install pdm && pdm install ;;
  hatch) python -m pip install hatch ;;
  *)
    if [ -f pyproject.toml ] || [ -f setup.py ]; then python -m pip install -e .; fi
    for requirements in requirements.txt requirements-dev.txt requirements-test.txt; do
      if [ -f "$requirements" ]; then python -m pip install -r "$requirements"; fi
    done
    ;;
esac
