"""The template applied to real projects of four shapes: copy, run, copy again, update.

Each fixture project is a git repository with its own configuration; the generated
suite runs through `make test` in a subprocess, with real pytest.
"""

from __future__ import annotations

import configparser
import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import copier
import pytest
from copier.errors import TaskError
from tuneup_hooks.answers import Answers
from tuneup_hooks.apply import run
from tuneup_hooks.environment import ProjectEnvironment
from tuneup_testing import (
    ANSWERS_FILE,
    NON_DEFAULT,
    SHAPES,
    Renders,
    commit_all,
    copy_template,
    git,
    make_project,
    run_make,
    run_pytest,
    tool_env,
    tree,
    update_template,
)

pytestmark = pytest.mark.slow

# Where each shape keeps its pytest settings, as pytest itself finds them.
CONFIG_FILE = {
    "pyproject_ini_options": "pyproject.toml",
    "pytest_ini_flat": "pytest.ini",
    "src_layout_makefile": "tox.ini",
    # No pyproject and no pytest to ask: a pytest.ini, which pytest 8 and 9 both read.
    "bare": "pytest.ini",
}
ANSWER_SETS = {"defaults": {}, "non-default": NON_DEFAULT}


def managed_keys(project: Path) -> set[str]:
    return set(json.loads((project / ".pytest-tuneup.json").read_text())["applied"])


def without_keys(text: str, keys: set[str], fmt: str) -> list[str]:
    """The file's lines minus the blocks of ``keys`` and pytest-tuneup's own comment lines."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip() if "=" in line and not line[:1].isspace() else None
        if key in keys:
            skipping = fmt == "ini" or (line.rstrip().endswith("[") or line.rstrip().endswith(","))
            continue
        if skipping:
            if fmt == "ini" and line[:1] in (" ", "\t") and line.strip():
                continue
            if fmt == "toml":
                skipping = not line.startswith("]")
                continue
            skipping = False
        if line.startswith("# pytest-tuneup:") or line.startswith("# `make test-strict`"):
            continue
        kept.append(line)
    return kept


def user_values(path: Path) -> dict[str, Any]:
    """The pytest settings of a config file, read with the standard library (not our code)."""
    if path.suffix == ".toml":
        data = tomllib.loads(path.read_text())
        table = data.get("pytest") or data.get("tool", {}).get("pytest", {})
        return dict(table.get("ini_options", table))
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(path.read_text())
    section = "tool:pytest" if path.name == "setup.cfg" else "pytest"
    return dict(parser[section]) if parser.has_section(section) else {}


LINE_LISTS = {"markers", "filterwarnings"}


def items(key: str, value: Any) -> list[str]:
    """A setting's items: lines for pytest's line lists, words for its argument lists."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if key in LINE_LISTS:
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    return shlex.split(str(value))


@pytest.mark.parametrize("answers", ANSWER_SETS.values(), ids=ANSWER_SETS.keys())
@pytest.mark.parametrize("shape", SHAPES)
def test_copy_keeps_the_users_files_and_the_suite_passes(
    template: Path, tmp_path: Path, shape: str, answers: dict[str, Any]
) -> None:
    project = make_project(shape, tmp_path / shape)
    before = tree(project)
    config_name = CONFIG_FILE[shape]
    config_before = user_values(project / config_name) if (project / config_name).exists() else {}

    copy_template(template, project, answers)

    after = tree(project)
    keys = managed_keys(project)
    for name, content in before.items():
        if name == config_name:
            fmt = "ini" if name.endswith((".ini", ".cfg")) else "toml"
            assert without_keys(after[name].decode(), keys, fmt) == without_keys(content.decode(), keys, fmt)
        elif name == "Makefile":
            assert after[name].startswith(content), "the user's Makefile must only grow at its end"
            added = after[name][len(content) :].decode().strip().splitlines()
            assert added[-1] == "include tuneup.mk" and len(added) == 4
        else:
            assert after[name] == content, f"{name} changed"
    # Every value the user had is still there, next to ours.
    config_after = user_values(project / config_name)
    for key, value in config_before.items():
        assert set(items(key, value)) <= set(items(key, config_after[key])), key
    if isinstance(config_before.get("addopts"), str) and config_name.endswith(".toml"):
        # One TOML string line stays as it is: the plugins load from a root conftest.py.
        assert config_after["addopts"] == config_before["addopts"]
        assert '"pytest_tuneup.plugin",' in (project / "conftest.py").read_text()
    else:
        assert "pytest_tuneup.plugin" in items("addopts", config_after["addopts"])

    # pytest finds exactly this file and no other pytest configuration is shadowed.
    collected = run_pytest(project, "--collect-only", "-vv")  # -vv: outweighs a -q in addopts
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert f"configfile: {config_name}" in collected.stdout
    assert "ignoring pytest config" not in collected.stdout + collected.stderr

    # A second copy with the same answers changes nothing.
    commit_all(project, "adopt pytest-tuneup")
    copy_template(template, project, answers)
    assert git(project, "status", "--porcelain") == ""

    result = run_make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and " failed" not in result.stdout


@pytest.mark.parametrize("shape", SHAPES)
def test_update_keeps_user_edits_and_brings_template_changes(renders: Renders, tmp_path: Path, shape: str) -> None:
    # The copy itself is test_copy_keeps_the_users_files_and_the_suite_passes's: a copy of the run's render.
    project = renders.copy(shape, {}, tmp_path / shape, commit="adopt pytest-tuneup")

    make_file = project / "tuneup.mk"
    make_file.write_text(make_file.read_text().replace("COPIER ?= copier", "COPIER ?= uvx copier"))
    config = project / CONFIG_FILE[shape]
    text = config.read_text()
    edited = text.replace('log_level = "INFO"', 'log_level = "WARNING"').replace(
        "log_level = INFO", "log_level = WARNING"
    )
    # A list setting too: one of our addopts items out, one of theirs in. (A project whose
    # addopts is one TOML string keeps it as it is: we put nothing there to edit.)
    ours_in_addopts = "-ra" in items("addopts", user_values(config).get("addopts", ""))
    if ours_in_addopts:
        edited = (
            edited.replace('\n    "-ra",\n', '\n    "--maxfail=50",\n')
            .replace("\n    -ra\n", "\n    --maxfail=50\n")
            .replace("\naddopts = -ra ", "\naddopts = --maxfail=50 ")
        )
        assert edited.count("--maxfail=50") == 1
    config.write_text(edited)
    commit_all(project, "our own tweaks")

    update_template(project)

    assert "COPIER ?= uvx copier" in make_file.read_text(), "the user's edit to a rendered file survives"
    assert "# Extra pytest arguments, any target" in make_file.read_text(), "the template's change arrives"
    assert "WARNING" in str(user_values(config)["log_level"]), "the user's pytest setting survives"
    addopts = items("addopts", user_values(config)["addopts"])
    if ours_in_addopts:
        assert "--maxfail=50" in addopts and "-ra" not in addopts, "the user's list edit survives, both halves"
        assert "pytest_tuneup.plugin" in addopts
    else:
        assert '"pytest_tuneup.plugin",' in (project / "conftest.py").read_text()
    assert "_commit: v2.0.0" in (project / ANSWERS_FILE).read_text()
    assert not list(project.rglob("*.rej")), "no rejected hunks"
    result = run_make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("shape", SHAPES)
def test_update_of_an_unedited_project_equals_a_fresh_copy(renders: Renders, tmp_path: Path, shape: str) -> None:
    updated = renders.copy(shape, {}, tmp_path / "updated", commit="adopt pytest-tuneup v1", name="updated")
    update_template(updated)

    fresh = renders.get(shape, {}, ref="v2.0.0", name="fresh")  # only read

    assert tree(updated) == tree(fresh)
    assert "DEBUG" in str(user_values(updated / CONFIG_FILE[shape])["log_level"]), "v2's setting replaced v1's"


def test_check_update_target_tells_whether_a_newer_release_exists(renders: Renders, tmp_path: Path) -> None:
    old = renders.copy("bare", {}, tmp_path / "old", commit="adopt pytest-tuneup v1", name="old")
    result = run_make(old, "tuneup-check-update")
    assert result.returncode == 0, result.stderr
    assert "Current version is 1.0.0, latest version is 2.0.0." in result.stdout

    new = renders.copy("bare", {}, tmp_path / "new", ref="v2.0.0", commit="adopt pytest-tuneup v2", name="new")
    assert "Project is up-to-date!" in run_make(new, "tuneup-check-update").stdout


def test_a_conflicting_user_value_wins_and_is_reported_in_one_line(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "inventory")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('addopts = "-v --tb=short"', 'addopts = "-v --import-mode=prepend"')
    )
    commit_all(project, "we rely on prepend")

    copy_template(template, project)

    out = capfd.readouterr().out
    notes = [line.strip() for line in out.splitlines() if "import-mode" in line]
    assert notes == [
        "addopts: yours is one string, kept as it is (pytest-tuneup suggests -ra --import-mode=importlib);"
        " the plugins load from conftest.py"
    ]
    addopts = user_values(pyproject)["addopts"]
    assert "--import-mode=prepend" in addopts and "--import-mode=importlib" not in addopts
    assert run_make(project, "test").returncode == 0


def test_a_make_target_the_user_has_keeps_its_recipe_and_ours_gets_the_prefix(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_project("src_layout_makefile", tmp_path / "billing")
    copy_template(template, project)

    assert "Makefile: you have your own `test`; pytest-tuneup's is `make tuneup-test`" in capfd.readouterr().out
    help_text = run_make(project, "help").stdout
    assert "make tuneup-test " in help_text and "make test-fast " in help_text
    dry = subprocess.run(["make", "-n", "test"], cwd=project, capture_output=True, text=True, check=True)
    assert dry.stdout.strip() == "python -m pytest", "the user's own recipe runs"


# -- crash safety ----------------------------------------------------------------------------


def test_a_failed_copy_of_any_kind_leaves_the_project_as_it_was(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A failure the hook does not foresee (here: its state file's name is taken by a folder,
    so the last of its writes fails) undoes its own writes and the rendered files."""
    project = make_project("pyproject_ini_options", tmp_path / "inventory")
    (project / ".pytest-tuneup.json").mkdir()
    (project / ".pytest-tuneup.json" / "keep").write_text("the user's\n")
    before = tree(project)

    with pytest.raises(TaskError):
        copy_template(template, project)

    assert tree(project) == before, "every file as it was: config restored, rendered files gone"
    assert not (project / "tests" / "tuneup").exists()
    err = [line for line in capfd.readouterr().err.splitlines() if line.startswith("pytest-tuneup:")]
    assert len(err) == 1
    assert err[0].startswith("pytest-tuneup: unexpected IsADirectoryError: ")
    assert err[0].endswith("(a bug in pytest-tuneup: please report this); nothing was changed")


def _release_with_a_failing_write(template: Path, destination: Path) -> Path:
    """A clone of the template whose v3.0.0 fails writing its state file, after the config."""
    git(destination.parent, "clone", "-q", str(template), destination.name)
    atomic = destination / "hooks" / "tuneup_hooks" / "atomic.py"
    text = atomic.read_text()
    marker = "    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644\n"
    assert marker in text
    atomic.write_text(
        text.replace(
            marker, '    if path.name == ".pytest-tuneup.json":\n        raise OSError("disk full")\n' + marker
        )
    )
    commit_all(destination, "v3: a release whose last write fails")
    git(destination, "tag", "v3.0.0")
    return destination


def test_a_failed_update_leaves_the_users_files_untouched(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    failing = _release_with_a_failing_write(template, tmp_path / "template-v3")
    project = make_project("pytest_ini_flat", tmp_path / "ledger")
    copier.run_copy(str(failing), str(project), defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)
    commit_all(project, "adopt pytest-tuneup v1")
    config_before = (project / "pytest.ini").read_bytes()

    with pytest.raises(TaskError):
        update_template(project)

    assert (project / "pytest.ini").read_bytes() == config_before, "v2's log_level change was written, then undone"
    assert "log_level = INFO" in config_before.decode()
    err = [line for line in capfd.readouterr().err.splitlines() if line.startswith("pytest-tuneup:")]
    assert err == [
        "pytest-tuneup: unexpected OSError: disk full (a bug in pytest-tuneup: please report this);"
        " your own files are unchanged"
    ]


CONFLICT_MIGRATION = """
_migrations:
  - command: ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/configure.py", "--check-conflicts"]
"""


def test_an_update_with_conflicts_says_so_and_fails(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # copier merges the user's edits after the tasks ran; only a migration (they run after
    # the merge) can see the markers. copier.yml gets this entry when this branch is merged.
    with_check = tmp_path / "template-checked"
    git(tmp_path, "clone", "-q", str(template), with_check.name)
    copier_yml = with_check / "copier.yml"
    if "--check-conflicts" not in copier_yml.read_text():
        copier_yml.write_text(copier_yml.read_text() + CONFLICT_MIGRATION)
        commit_all(with_check, "the conflict check")
        git(with_check, "tag", "-f", "v2.0.0")  # the migration runs from the version updated to
    project = make_project("bare", tmp_path / "bare")
    copier.run_copy(str(with_check), str(project), defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)
    commit_all(project, "adopt pytest-tuneup")
    make_file = project / "tuneup.mk"
    # An edit on the very line v2 changes: copier cannot merge the two.
    make_file.write_text(
        make_file.read_text().replace("# Extra pytest arguments for any target", "# Our own words for this line")
    )
    commit_all(project, "our wording")

    with pytest.raises(TaskError):
        update_template(project)

    assert "<<<<<<< " in make_file.read_text()
    err = [line for line in capfd.readouterr().err.splitlines() if line.startswith("pytest-tuneup:")]
    assert err == [
        "pytest-tuneup: the update left conflict markers (<<<<<<<) in tuneup.mk; merge each by hand, then commit"
    ]


# -- the project's own pytest 8 --------------------------------------------------------------


@pytest.fixture(scope="module", params=["8.3.5", "8.4.2"])
def pytest_8_python(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with pytest 8 and what the generated plugins need, as a project would have.

    8.3.5 imports `-p` plugins before it applies `pythonpath` (the plugins load from a root
    conftest.py there); 8.4.2 applies `pythonpath` first (they load from addopts).
    """
    venv = tmp_path_factory.mktemp("pytest8") / "venv"
    python = venv / "bin" / "python"
    # uv (beside this interpreter) rather than venv + pip: the test needs the venv, not pip.
    uv = str(Path(sys.executable).parent / "uv")
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--python", str(python), f"pytest=={request.param}", "psutil"],
        check=True,
        capture_output=True,
    )
    return python


def test_a_pytest_8_project_gets_ini_options_and_its_suite_loads_the_plugins(
    template: Path, tmp_path: Path, pytest_8_python: Path
) -> None:
    project = make_project("bare", tmp_path / "notes")
    (project / "pyproject.toml").write_text('[project]\nname = "notes"\nversion = "1.0"\n')
    commit_all(project, "a pyproject without pytest settings")
    # copier renders the files; the hook merges with the environment the preflight reads
    # from the project's interpreter (here: its pytest version).
    copier.run_copy(
        str(template), str(project), defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True, skip_tasks=True
    )
    version = subprocess.run(
        [str(pytest_8_python), "-c", "import pytest; print(pytest.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env = ProjectEnvironment(interpreter=str(pytest_8_python), installed={"pytest": version})
    run(project, Answers.from_mapping({"async_mode": "off"}), "copy", env)  # as the hook resolves it

    text = (project / "pyproject.toml").read_text()
    assert text.startswith(
        '[project]\nname = "notes"\nversion = "1.0"\n\n[tool.pytest.ini_options]\nminversion = "8.0"\n'
    )
    assert "[tool.pytest]" not in text
    assert ("pytest_tuneup.plugin" in text) == (version == "8.4.2"), "-p in addopts from pytest 8.4 on"
    assert (project / "conftest.py").is_file() == (version == "8.3.5"), "a root conftest before 8.4"

    result = subprocess.run(
        [str(pytest_8_python), "-m", "pytest", "-p", "no:cacheprovider", "--trace-config"],
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert "Error importing plugin" not in output, "the plugins import: pythonpath was applied first"
    assert result.returncode == 0, output
    assert f"pytest-{version}" in result.stdout
    assert "configfile: pyproject.toml" in result.stdout
    for plugin in ("plugin", "guards", "leaks"):
        module = f"<module 'pytest_tuneup.{plugin}' from '{project}/tests/tuneup/pytest_tuneup/{plugin}.py'>"
        assert module in result.stdout, plugin
    assert " passed" in result.stdout
