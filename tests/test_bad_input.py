"""Bad answers and bad files: one clear line that says what is wrong, and nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml
from tuneup_hooks.answers import CHOICES, PATTERNS, RANGES, Answers, Range
from tuneup_hooks.errors import HookError
from tuneup_testing import REPO, git, make_project, tree

# The validator table: every answer, choices included, with a bad value given as --data.
# Each gives the hook's one line (answers.py), the same words copier.yml's prompts use.
BAD_ANSWERS: list[tuple[dict[str, str], str]] = [
    ({"package": "9shop"}, "package: '9shop' is not an importable name; use letters, digits, underscores and dots"),
    ({"package": "shop,bad-name"}, "package: 'bad-name' is not an importable name"),
    ({"tests_dir": "../elsewhere"}, "tests_dir: '../elsewhere' must be a relative folder inside the project"),
    ({"tests_dir": "/abs/tests"}, "tests_dir: '/abs/tests' must be a relative folder inside the project"),
    ({"database": "mysql"}, "database: 'mysql' is not allowed; use none, sqlite or postgresql"),
    ({"database": "sqlite", "db_api": "threads"}, "db_api: 'threads' is not allowed; use sync or async"),
    ({"database": "sqlite", "schema": "sql"}, "schema: 'sql' is not allowed; use metadata or alembic"),
    (
        {"database": "sqlite", "models": "shop.models"},
        "models: 'shop.models' is not an import path; write module:attribute, for example shop.models:Base",
    ),
    (
        {"database": "sqlite", "db_url_env": "test-url"},
        "db_url_env: 'test-url' is not an environment variable name; use capitals, digits and _",
    ),
    (
        {"database": "sqlite", "db_api": "async", "async_mode": "off"},
        "async_mode: off does not fit db_api=async, whose fixtures run on pytest-asyncio; use auto or strict",
    ),
    ({"framework": "flask"}, "framework: 'flask' is not allowed; use none or fastapi"),
    ({"framework": "fastapi", "app": "shop.api"}, "app: 'shop.api' is not an import path; write module:attribute"),
    (
        {"framework": "fastapi", "database": "sqlite", "session_dependency": "get_session()"},
        "session_dependency: 'get_session()' is not an import path",
    ),
    (
        {"database": "sqlite", "flask_app": "create_app()"},
        "flask_app: 'create_app()' is not an import path; write module:attribute, for example shop:create_app",
    ),
    ({"async_mode": "sometimes"}, "async_mode: 'sometimes' is not allowed; use auto, off or strict"),
    ({"runner": "make"}, "runner: 'make' is not allowed; use auto, python, uv, poetry, pdm or hatch"),
    ({"plugin_source": "pip"}, "plugin_source: 'pip' is not allowed; use vendored or installed"),
    ({"coverage": "maybe"}, "coverage: 'maybe' is not a yes/no answer; use true or false"),
    ({"parallel": "perhaps"}, "parallel: 'perhaps' is not a yes/no answer; use true or false"),
    ({"strict": "very"}, "strict: 'very' is not a yes/no answer; use true or false"),
    ({"block_network": "2"}, "block_network: '2' is not a yes/no answer; use true or false"),
    ({"leak_checks": "sometimes"}, "leak_checks: 'sometimes' is not a yes/no answer; use true or false"),
    ({"coverage_fail_under": "101"}, "coverage_fail_under: 101 is not a percentage; use a whole number from 0 to 100"),
    ({"coverage_fail_under": "-5"}, "coverage_fail_under: -5 is not a percentage"),
    ({"coverage_fail_under": "eighty"}, "coverage_fail_under: 'eighty' is not a percentage"),
    ({"test_timeout": "-1"}, "test_timeout: -1 is not allowed; use 0 (off) or a number of seconds up to 86400"),
    ({"test_timeout": "soon"}, "test_timeout: 'soon' is not allowed"),
    ({"bench_threshold": "0"}, "bench_threshold: 0 is not allowed; use a whole number of percent from 1 to 1000"),
    ({"ci": "circleci"}, "ci: 'circleci' is not allowed; use none, github or gitlab"),
    ({"ci": "github", "shards": "33"}, "shards: 33 is not allowed; use a whole number of CI runners from 1 to 32"),
    (
        {"mock_targets": "shop.ws:Hub,Hub"},
        "mock_targets: 'Hub' is not an import path; write module:attribute or module.attribute",
    ),
]


def copier_cli(template: Path, project: Path, data: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real copier command line, as a user types it."""
    arguments = [f"--data={key}={value}" for key, value in data.items()]
    command = [sys.executable, "-m", "copier", "copy", "--trust", "--defaults", "--vcs-ref", "HEAD", *arguments]
    return subprocess.run(
        [*command, str(template), str(project)], capture_output=True, text=True, check=False, timeout=300
    )


@pytest.mark.slow
@pytest.mark.parametrize(("data", "message"), BAD_ANSWERS, ids=[str(data) for data, _ in BAD_ANSWERS])
def test_each_bad_data_value_gives_one_line_and_writes_nothing(
    template: Path, tmp_path: Path, data: dict[str, str], message: str
) -> None:
    project = make_project("bare", tmp_path / "bare")
    result = copier_cli(template, project, data)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    ours = [line for line in result.stderr.splitlines() if line.startswith("pytest-tuneup:")]
    assert len(ours) == 1, result.stderr
    assert ours[0].startswith(f"pytest-tuneup: {message}"), ours[0]
    assert ours[0].endswith("; nothing was changed")
    assert git(project, "status", "--porcelain", "--untracked-files=all") == ""


def test_the_validator_table_covers_every_question() -> None:
    questions = {key for key, value in copier_config().items() if not key.startswith("_") and key != "tuneup_rules"}
    assert questions == {key for data, _ in BAD_ANSWERS for key in data}


def copier_config() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "copier.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_copier_yml_holds_the_same_rules_as_answers_py() -> None:
    """copier.yml's tuneup_rules (for its prompts) and answers.py's tables (for the hook) agree."""
    rules = copier_config()["tuneup_rules"]["default"]
    assert {key: tuple(value for _label, value in pairs) for key, pairs in rules["choices"].items()} == CHOICES
    for key, pairs in rules["choices"].items():
        assert all(label.startswith(f"{value}: ") for label, value in pairs), key
        assert copier_config()[key]["default"] == CHOICES[key][0], f"{key}: the first choice is the default"
    assert {key: Range(*value) for key, value in rules["ranges"].items()} == RANGES
    assert rules["patterns"] == PATTERNS


# A bad default (as a user's copier defaults could give) for each free-text and number
# question: copier's own validator says it, in answers.py's words.
YES_NO = {"coverage", "parallel", "strict", "block_network", "leak_checks"}


def _prompted(data: dict[str, str]) -> bool:
    """Whether a prompt could take the row's last value: select and yes/no prompts cannot."""
    key, value = list(data.items())[-1]
    if key in CHOICES:
        return value in CHOICES[key]  # a valid choice that breaks a rule across answers
    if key in RANGES:
        return value.lstrip("-").isdigit()  # an int prompt takes only numbers
    return key not in YES_NO


PROMPT_ROWS = [(data, message) for data, message in BAD_ANSWERS if _prompted(data)]


@pytest.mark.parametrize(("data", "message"), PROMPT_ROWS, ids=[str(data) for data, _ in PROMPT_ROWS])
def test_copier_prompts_say_what_the_hook_says(
    template: Path, tmp_path: Path, data: dict[str, str], message: str
) -> None:
    *context, (key, value) = data.items()
    typed: Any = int(value) if key in RANGES else value
    with pytest.raises(ValueError) as raised:
        copier.run_copy(
            str(template),
            str(tmp_path / "project"),
            data=dict(context),
            user_defaults={key: typed},
            defaults=True,
            pretend=True,
            quiet=True,
            unsafe=True,
            vcs_ref="HEAD",
        )
    expected = _hook_message({**dict(context), key: typed})
    assert expected.startswith(message)
    assert str(raised.value) == f"Validation error for question '{key}': {expected}"


def _hook_message(data: dict[str, Any]) -> str:
    with pytest.raises(HookError) as raised:
        Answers.from_mapping(data)
    return str(raised.value)


def test_prompts_keep_their_choices(template: Path, tmp_path: Path) -> None:
    """Only --data values skip copier's choices: a prompt still offers (and enforces) them."""
    with pytest.raises(ValueError, match=r"Invalid choice for 'runner': 'make' is not in \['auto', 'python'"):
        copier.run_copy(
            str(template),
            str(tmp_path / "project"),
            user_defaults={"runner": "make"},
            defaults=True,
            pretend=True,
            quiet=True,
            unsafe=True,
            vcs_ref="HEAD",
        )


@pytest.mark.parametrize(
    "data",
    [
        {"package": "shop"},
        {"package": "shop, shop.admin"},
        {"tests_dir": "src/tests"},
        {"coverage_fail_under": 0},
        {"runner": "uv", "coverage": "false", "test_timeout": "30"},
        {"database": "sqlite", "models": "shop.models:Base, shop.legacy:metadata"},
    ],
)
def test_validators_accept_good_values(template: Path, tmp_path: Path, data: dict[str, Any]) -> None:
    project = make_project("bare", tmp_path / "bare")
    (project / data.get("tests_dir", "tests")).mkdir(parents=True, exist_ok=True)
    copier.run_copy(str(template), str(project), data=data, defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)
    assert (project / "tuneup.mk").is_file()


def run_hook(
    project: Path, *python_flags: str, answers: dict[str, Any] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_flags, str(REPO / "hooks" / "configure.py"), "--answers", json.dumps(answers or {})],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_malformed_pyproject_gives_one_line_and_copier_leaves_the_project_as_it_was(
    template: Path, tmp_path: Path
) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "broken")
    with (project / "pyproject.toml").open("a") as handle:
        handle.write("\n[tool.broken\nkey = 1\n")
    git(project, "commit", "-qam", "a typo")
    before = tree(project)

    with pytest.raises(Exception, match="returned non-zero exit status 1"):
        copier.run_copy(str(template), str(project), defaults=True, unsafe=True, vcs_ref="v1.0.0", quiet=True)

    assert tree(project) == before, "nothing rendered or merged stays behind"
    result = run_hook(project)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pytest-tuneup: pyproject.toml is not valid TOML (")
    broken_line = (project / "pyproject.toml").read_text().splitlines().index("[tool.broken") + 1
    assert f"at line {broken_line}," in lines[0], "the message points at the broken line"


@pytest.mark.parametrize(
    ("shape", "name", "garbage", "expected"),
    [
        ("pytest_ini_flat", "pytest.ini", "this line has no equals sign\n", "pytest.ini cannot be parsed"),
        ("src_layout_makefile", "tox.ini", "[pytest\n", "tox.ini cannot be parsed"),
    ],
)
def test_malformed_ini_files_give_one_line_and_change_nothing(
    tmp_path: Path, shape: str, name: str, garbage: str, expected: str
) -> None:
    project = make_project(shape, tmp_path / shape)
    with (project / name).open("a") as handle:
        handle.write(garbage)
    before = tree(project)
    result = run_hook(project)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr and "nothing was changed" in result.stderr
    assert tree(project) == before


def test_without_tomlkit_the_hook_says_how_to_add_it_and_changes_nothing(tmp_path: Path) -> None:
    project = make_project("pyproject_ini_options", tmp_path / "project")
    before = tree(project)
    result = run_hook(project, "-S")  # -S: no site-packages, so no tomlkit, as in a bare pipx copier
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line
    assert "pipx inject copier tomlkit" in line and "uv tool install copier --with tomlkit" in line
    assert tree(project) == before


def test_answers_that_are_not_json_give_one_line(tmp_path: Path) -> None:
    project = make_project("bare", tmp_path / "bare")
    result = subprocess.run(
        [sys.executable, str(REPO / "hooks" / "configure.py"), "--answers", "{not json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("pytest-tuneup: ")
