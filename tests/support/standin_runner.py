"""Stand-ins for `poetry run` and `uv run`, for tests on machines without them.

Installed by the tests as executables named `poetry` and `uv` first on PATH; the name
it is called by says which one it plays. Each behaves as the real one does in what the
benchmark meets (poetry checked by hand against poetry 2.5.1):

- poetry: `poetry run CMD ...` without `--` runs CMD with every argument as given. With
  a `--` anywhere, poetry parses what comes before the first `--` as its own options:
  one it does not know is an error (`The option "--runs" does not exist`), and the `--`
  itself is dropped (CMD a -- b runs as CMD a b, as poetry 1.x also did). It runs in an
  activated environment (VIRTUAL_ENV) if there is one, else in the project's.
- uv: `uv run CMD ...` runs in UV_PROJECT_ENVIRONMENT if set, else in the project's
  `.venv`, and first syncs the project into it unless UV_NO_SYNC is set.

The project is found by the pyproject.toml above the current folder. Another project
than the one the environment was made for (a git worktree of it) would get a new, empty
virtualenv, or with uv's sync have the worktree installed into the user's environment:
the stand-in refuses both, so a test sees it.

STANDIN_PROJECT is the project folder, STANDIN_ENV its environment's prefix,
STANDIN_LOG a file that gets one JSON line per call.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def project_of(folder: Path) -> Path | None:
    for candidate in [folder, *folder.parents]:
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return None


def poetry_words(words: list[str]) -> list[str] | None:
    if "--" not in words:
        return words
    cut = words.index("--")
    for word in words[:cut]:
        if word.startswith("-"):
            print(f'\nThe option "{word}" does not exist', file=sys.stderr)
            return None
    return words[:cut] + words[cut + 1 :]


def environment(runner: str, ours: bool) -> str | None:
    """The environment's prefix, or None where the real runner would make a new one."""
    if runner == "poetry" and os.environ.get("VIRTUAL_ENV"):
        return os.environ["VIRTUAL_ENV"]
    if runner == "uv" and os.environ.get("UV_PROJECT_ENVIRONMENT"):
        if not ours and os.environ.get("UV_NO_SYNC") != "1":
            print("uv: would sync the worktree's project into the environment", file=sys.stderr)
            return None
        return os.environ["UV_PROJECT_ENVIRONMENT"]
    return os.environ["STANDIN_ENV"] if ours else None


def main(runner: str, argv: list[str]) -> int:
    if argv[:1] != ["run"]:
        print(f"stand-in {runner}: only `{runner} run` is supported", file=sys.stderr)
        return 1
    words = poetry_words(argv[1:]) if runner == "poetry" else argv[1:]
    if words is None:
        return 1
    here = Path.cwd().resolve()
    project = project_of(here)
    ours = project is not None and project == Path(os.environ["STANDIN_PROJECT"]).resolve()
    prefix = environment(runner, ours)
    with open(os.environ["STANDIN_LOG"], "a") as log:
        entry = {"runner": runner, "cwd": str(here), "argv": words, "env": prefix}
        log.write(json.dumps(entry) + "\n")
    if prefix is None:
        print(f"Creating virtualenv for {project or here}: a new, empty one", file=sys.stderr)
        return 1
    env = {**os.environ, "VIRTUAL_ENV": prefix}
    env["PATH"] = os.pathsep.join([str(Path(prefix) / "bin"), env.get("PATH", "")])
    os.execvpe(words[0], words, env)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[0]).name, sys.argv[1:]))
