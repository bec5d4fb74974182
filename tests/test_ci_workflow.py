"""The generated CI workflow (answers ci and shards): valid for its CI, running exactly the
shard commands the make targets take, for every answer set that produces one.

Each answer set is rendered by real copier without the hook (``skip_tasks``: the hook never
touches CI files, and it is what makes a copy slow); the hook's part, the one line it
prints and the project's own CI files left as they were, is proved on full copies.
GitHub's workflow is checked by actionlint, GitLab's file and GitHub's composite action
by their JSON schemas (check-jsonschema's vendored copies: no network).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tuneup_hooks.answers import Answers
from tuneup_hooks.ci import ci_notes
from tuneup_testing import (
    Renders,
    commit_all,
    copy_template,
    git,
    make_project,
    once_per_run,
    run_folder,
    update_template,
    write_files,
)

from pytest_tuneup.db.schema import TEST_NAME

GITHUB_WORKFLOW = ".github/workflows/tuneup-tests.yml"
GITHUB_ACTION = ".github/actions/tuneup-setup/action.yml"
GITLAB_FILE = ".gitlab/tuneup-tests.yml"
TOOLS = Path(sys.executable).parent

# Every answer set that produces a workflow: ci x shards (one, several) x database x coverage.
# The PostgreSQL sets without coverage also name their own URL variable and runner.
MATRIX = [
    {"ci": ci, "shards": shards, "database": database, "coverage": coverage}
    | ({"db_url_env": "SHOP_TEST_URL", "runner": "uv"} if database == "postgresql" and not coverage else {})
    for ci, shards, database, coverage in itertools.product(
        ("github", "gitlab"), (1, 3), ("sqlite", "postgresql"), (True, False)
    )
]


def ids(answers: dict[str, Any]) -> str:
    return "-".join(f"{key}={value}" for key, value in answers.items())


@pytest.fixture(scope="session")
def plain_template(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template's files without its git repository: copier renders a folder in place,
    where it would clone a repository first (a second of the three each render took)."""

    def build(folder: Path) -> None:
        shutil.copytree(template, folder, symlinks=True, ignore=shutil.ignore_patterns(".git"))

    return once_per_run(run_folder(tmp_path_factory) / "plain-template", build)


def render(template: Path, destination: Path, answers: dict[str, Any]) -> Path:
    copy_template(template, destination, answers, ref=None, skip_tasks=True)
    git(destination, "init", "-q")  # actionlint finds the project (and its local action) by it
    return destination


def tool(name: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """actionlint or check-jsonschema from this interpreter's environment."""
    return subprocess.run(
        [str(TOOLS / name), *arguments], cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )


def load(path: Path) -> dict[str, Any]:
    """The file as YAML, after checking that no Jinja was left in it."""
    text = path.read_text()
    # GitHub's own expressions are ${{ ... }}: any other {{, and any {% or {#, is ours.
    assert not re.search(r"(?<!\$)\{\{|\{%|%\}|\{#|#\}", text), f"Jinja left in {path}"
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def make_commands(script: str) -> list[str]:
    return [line.strip() for line in script.splitlines() if line.strip().startswith("make ")]


def github_commands(workflow: dict[str, Any]) -> dict[str, list[str]]:
    """Each job's make commands, with its matrix expanded: {job: [command, ...]}."""
    found: dict[str, list[str]] = {}
    for name, job in workflow["jobs"].items():
        shards = job.get("strategy", {}).get("matrix", {}).get("shard", [None])
        found[name] = [
            command.replace("${{ matrix.shard }}", str(shard))
            for shard in shards
            for step in job["steps"]
            for command in make_commands(step.get("run", ""))
        ]
    return found


def gitlab_commands(config: dict[str, Any]) -> dict[str, list[str]]:
    """Each job's make commands, with its parallel jobs expanded (hidden jobs left out)."""
    found: dict[str, list[str]] = {}
    for name, job in config.items():
        if name.startswith(".") or not isinstance(job, dict) or "script" not in job:
            continue
        total = job.get("parallel", 1)
        found[name] = [
            command.replace("${CI_NODE_INDEX}", str(index)).replace("${CI_NODE_TOTAL}", str(total))
            for index in range(1, total + 1)
            for line in job["script"]
            for command in make_commands(line)
        ]
    return found


def expected_shards(shards: int) -> list[str]:
    return [f"make test-shard SHARD={index}/{shards}" for index in range(1, shards + 1)]


@pytest.mark.parametrize("answers", MATRIX, ids=ids)
def test_the_workflow_is_valid_and_runs_exactly_the_shard_commands(
    plain_template: Path, tmp_path: Path, answers: dict[str, Any]
) -> None:
    project = render(plain_template, tmp_path / "project", answers)
    shards, postgresql = answers["shards"], answers["database"] == "postgresql"
    url_env = answers.get("db_url_env", "TEST_DATABASE_URL")
    if answers["ci"] == "github":
        assert not (project / ".gitlab").exists()
        workflow, action = load(project / GITHUB_WORKFLOW), load(project / GITHUB_ACTION)
        linted = tool("actionlint", "-oneline", "-no-color", cwd=project)
        assert (linted.returncode, linted.stdout + linted.stderr) == (0, "")
        checked = tool("check-jsonschema", "--builtin-schema", "vendor.github-actions", GITHUB_ACTION, cwd=project)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        commands = github_commands(workflow)
        jobs = workflow["jobs"]
        final = "combine" if shards > 1 else "tests"
        assert ("combine" in jobs) == (shards > 1)
        assert ("strategy" in jobs["tests"]) == (shards > 1)
        if shards > 1:
            assert jobs["combine"]["needs"] == "tests"
        services = {name: job.get("services", {}) for name, job in jobs.items()}
        env = jobs["tests"].get("env", {})
        assert "fetch-depth" not in str(jobs["bench-check"])  # both sides checked out by sha
        assert jobs["bench-check"]["if"] == "github.event_name == 'pull_request'"
        assert workflow.get("env", {}).get("TUNEUP_RUNNER") == answers.get("runner")
        # Durations: a committed file wins; the benchmark job's measurement fills in (shards only).
        restores = [step for step in jobs["tests"]["steps"] if step.get("name") == "Restore the test durations"]
        saves = [
            step
            for step in jobs["bench-check"]["steps"]
            if step.get("uses") == "actions/cache/save@v5" and step["with"]["path"] == ".test_durations"
        ]
        assert len(restores) == len(saves) == (shards > 1)
        assert all(step["if"] == "hashFiles('.test_durations') == ''" for step in restores)
        setup = [step["uses"] for step in jobs["tests"]["steps"] if "uses" in step]
        assert "./.github/actions/tuneup-setup" in setup
        assert "make tuneup-deps" in str(action)
    else:
        assert not (project / ".github").exists()
        config = load(project / GITLAB_FILE)
        checked = tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", GITLAB_FILE, cwd=project)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        commands = gitlab_commands(config)
        final = "tuneup-combine" if shards > 1 else "tuneup-tests"
        assert ("tuneup-combine" in config) == (shards > 1)
        if shards > 1:
            assert config["tuneup-combine"]["needs"] == [{"job": "tuneup-tests", "artifacts": True}]
        setup = config[".tuneup-setup"]
        services = {"tuneup-tests": setup.get("services", [])}
        env = setup["variables"]
        assert config["tuneup-bench-check"]["variables"] == {"GIT_DEPTH": "0"}
        assert config["tuneup-bench-check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
        assert config["variables"].get("TUNEUP_RUNNER") == answers.get("runner")
        assert setup["before_script"][-1] == "make tuneup-deps"
        durations = [cache for cache in config["tuneup-tests"].get("cache", []) if cache["key"] == "tuneup-durations"]
        assert len(durations) == (shards > 1)
        assert ("if [ ! -f .test_durations ]" in str(config["tuneup-tests"]["script"])) == (shards > 1)
    # The shard commands are the make targets' own, each shard once, combined once at the end.
    tests = "tests" if answers["ci"] == "github" else "tuneup-tests"
    bench = "bench-check" if answers["ci"] == "github" else "tuneup-bench-check"
    assert [command for command in commands[tests] if "test-shard" in command] == expected_shards(shards)
    assert commands[final][-1] == "make shards-combine"
    every = [command for job in commands.values() for command in job]
    assert every.count("make shards-combine") == 1
    assert commands[bench][-1].startswith("make bench-check ")
    assert any(command.startswith("make bench-save ") for command in commands[bench])
    # PostgreSQL: a service container, and the URL in the answered variable names a test database.
    assert bool(services["tests" if answers["ci"] == "github" else "tuneup-tests"]) == postgresql
    if postgresql:
        database = env[url_env].rsplit("/", 1)[1]
        assert env[url_env].startswith("postgresql://") and TEST_NAME.search(database)
    else:
        assert url_env not in env


@pytest.mark.parametrize(
    ("ci", "path", "old", "new"),
    [
        ("github", GITHUB_WORKFLOW, "${{ matrix.shard }}/3", "${{ matrix.shards }}/3"),
        ("gitlab", GITLAB_FILE, "parallel: 3", "parallel: 300"),
    ],
)
def test_the_validators_catch_a_broken_file(
    plain_template: Path, tmp_path: Path, ci: str, path: str, old: str, new: str
) -> None:
    """The checks above are not vacuous: one wrong word and the validator fails."""
    project = render(plain_template, tmp_path / "project", {"ci": ci, "shards": 3})
    file = project / path
    assert old in file.read_text()
    file.write_text(file.read_text().replace(old, new))
    if ci == "github":
        result = tool("actionlint", "-oneline", "-no-color", cwd=project)
    else:
        result = tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", path, cwd=project)
    assert result.returncode != 0


def test_no_ci_answer_renders_no_ci_file(plain_template: Path, tmp_path: Path) -> None:
    project = render(plain_template, tmp_path / "project", {"database": "postgresql"})
    assert not (project / ".github").exists()
    assert not (project / ".gitlab").exists()


@pytest.mark.parametrize(
    ("files", "ci", "operation", "note"),
    [
        ({}, "gitlab", "copy", "ci: add `include: .gitlab/tuneup-tests.yml` to your .gitlab-ci.yml"),
        ({".gitlab-ci.yml": "stages: [test]\n"}, "gitlab", "update", "ci: add `include: .gitlab/tuneup-tests.yml`"),
        ({".gitlab-ci.yml": "include:\n  - local: .gitlab/tuneup-tests.yml\n"}, "gitlab", "copy", None),
        ({".gitlab-ci.yml": "stages: [test]\n"}, "none", "copy", "ci: this project uses gitlab; `copier update"),
        ({".github/workflows/own.yml": "on: push\n"}, "none", "copy", "ci: this project uses github; `copier update"),
        ({".github/workflows/own.yml": "on: push\n"}, "none", "update", None),  # said once, at the copy
        ({".github/workflows/own.yml": "on: push\n"}, "github", "copy", None),
        ({}, "none", "copy", None),
    ],
)
def test_the_hook_says_the_one_step_left(
    tmp_path: Path, files: dict[str, str], ci: str, operation: str, note: str | None
) -> None:
    write_files(tmp_path, files)
    notes = ci_notes(tmp_path, Answers.from_mapping({"ci": ci}), operation)
    assert [line.startswith(f"pytest-tuneup: {note}") for line in notes] == ([True] if note else [])


@pytest.mark.slow
def test_gitlab_adds_its_own_file_and_one_line_to_include_it(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A full copy: the project's CI files keep their bytes, the hook says the one step left."""
    project = make_project("bare", tmp_path / "bare")
    own = {".gitlab-ci.yml": "stages: [test]\nlint:\n  script: [ruff check]\n", ".github/workflows/own.yml": "x"}
    write_files(project, own)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "their CI")
    copy_template(template, project, {"ci": "gitlab", "shards": 2})
    printed = capfd.readouterr().out
    assert "pytest-tuneup: ci: add `include: .gitlab/tuneup-tests.yml` to your .gitlab-ci.yml" in printed
    assert {name: (project / name).read_text() for name in own} == own
    assert "make test-shard SHARD=${CI_NODE_INDEX}/${CI_NODE_TOTAL}" in (project / GITLAB_FILE).read_text()
    assert not (project / GITHUB_WORKFLOW).exists()


@pytest.mark.slow
def test_without_ci_the_hook_names_the_answer_for_a_project_with_workflows(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = make_project("bare", tmp_path / "bare")
    write_files(project, {".github/workflows/own.yml": "on: push\n"})
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "their CI")
    copy_template(template, project, {})
    printed = capfd.readouterr().out
    assert "pytest-tuneup: ci: this project uses github; `copier update --trust --data ci=github" in printed
    assert sorted(path.name for path in (project / ".github").rglob("*") if path.is_file()) == ["own.yml"]


@pytest.mark.slow
def test_update_brings_a_new_shard_count_and_keeps_the_users_edit(renders: Renders, tmp_path: Path) -> None:
    """Our workflow is a rendered file like tuneup.mk (no _skip_if_exists): copier update
    re-renders it from the new answers and release, and merges the user's edit into it."""
    project = renders.copy("bare", {"ci": "github", "shards": 2}, tmp_path / "bare", commit="adopt pytest-tuneup")
    workflow = project / GITHUB_WORKFLOW
    nightly = "  workflow_dispatch:\n  schedule:\n    - cron: '0 4 * * 1'\n"
    workflow.write_text(workflow.read_text().replace("  workflow_dispatch:\n", nightly))
    commit_all(project, "a nightly run of our own")

    update_template(project, {"shards": 3})

    text = workflow.read_text()
    assert nightly in text, "the user's edit survives"
    assert "shard: [1, 2, 3]" in text and "make test-shard SHARD=${{ matrix.shard }}/3" in text
    assert "<<<<<<<" not in text and not list(project.rglob("*.rej"))


def test_the_readme_shows_the_workflow_it_generates(plain_template: Path, tmp_path: Path) -> None:
    """README's full example is what copier renders for shards=3, postgresql, coverage on."""
    answers = {"ci": "github", "shards": 3, "database": "postgresql", "coverage": True}
    project = render(plain_template, tmp_path / "project", answers)
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name in (GITHUB_WORKFLOW, GITHUB_ACTION):
        assert (project / name).read_text() in readme, name


def test_actionlint_and_check_jsonschema_are_installed() -> None:
    """The two validators come with the test dependencies; without them the checks above
    would fail with a missing file, so say which one is missing first."""
    assert shutil.which("actionlint", path=str(TOOLS)), "pip install actionlint (see pyproject's test group)"
    assert shutil.which("check-jsonschema", path=str(TOOLS)), "pip install check-jsonschema"
