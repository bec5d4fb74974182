# The project's Python: .python-version (pyenv, uv), else the floor of requires-python in
# pyproject.toml (">=3.10" runs 3.10: what the project promises to support), else 3.12.
version=$(head -n 1 .python-version 2>/dev/null | tr -d '[:space:]')
if [ -z "$version" ]; then
  version=$(sed -n 's/^requires-python *= *["'\''][^0-9]*\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' pyproject.toml 2>/dev/null | head -n 1)
fi
