"""Unit tests for locate, project facts, answers, atomic writes and the rollback path list."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from tuneup_hooks.answers import Answers
from tuneup_hooks.apply import _open_store
from tuneup_hooks.atomic import read_text, write_atomic
from tuneup_hooks.desired import coverage_packages, desired_settings, plugins_from_root_conftest, render_root_conftest
from tuneup_hooks.environment import ProjectEnvironment
from tuneup_hooks.errors import HookError
from tuneup_hooks.locate import ConfigLocation, locate
from tuneup_hooks.project import ProjectFacts, detect_packages, read_facts
from tuneup_hooks.rollback import ANSWERS_FILE, rendered_paths


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- locate --------------------------------------------------------------------------------

# Every file pytest 9 reads its configuration from, in pytest's order of precedence.
CONFIG_FILES = {
    "pytest.toml": ("[pytest]\nminversion = '9.0'\n", "toml", ("pytest",)),
    ".pytest.toml": ("[pytest]\nminversion = '9.0'\n", "toml", ("pytest",)),
    "pytest.ini": ("[pytest]\naddopts = -q\n", "ini", ("pytest",)),
    ".pytest.ini": ("[pytest]\naddopts = -q\n", "ini", ("pytest",)),
    "pyproject.toml": ("[project]\nname = 'x'\n[tool.pytest.ini_options]\naddopts = '-q'\n", "toml", None),
    "tox.ini": ("[tox]\nenvlist = py311\n[pytest]\naddopts = -q\n", "ini", ("pytest",)),
    "setup.cfg": ("[metadata]\nname = x\n[tool:pytest]\naddopts = -q\n", "ini", ("tool:pytest",)),
}
ORDER = list(CONFIG_FILES)


@pytest.mark.parametrize("winner", ORDER)
def test_locate_follows_pytest_precedence(tmp_path: Path, winner: str) -> None:
    lower = ORDER[ORDER.index(winner) :]
    for name in lower:
        write(tmp_path / name, CONFIG_FILES[name][0])
    _, fmt, table = CONFIG_FILES[winner]
    assert locate(tmp_path) == ConfigLocation(
        path=tmp_path / winner,
        fmt=fmt,
        table=table or ("tool", "pytest", "ini_options"),
        exists=True,
        ignored=tuple(lower[1:]),
    )


def test_locate_native_tool_pytest(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.pytest]\naddopts = ['-q']\n")
    write(tmp_path / "setup.cfg", "[tool:pytest]\naddopts = -q\n")
    assert locate(tmp_path) == ConfigLocation(
        tmp_path / "pyproject.toml", "toml", ("tool", "pytest"), True, ("setup.cfg",)
    )


def test_locate_pytest_ini_without_section_still_wins(tmp_path: Path) -> None:
    write(tmp_path / "pytest.ini", "; empty on purpose\n")
    write(tmp_path / "tox.ini", "[pytest]\naddopts = -q\n")
    location = locate(tmp_path)
    assert (location.path.name, location.exists, location.ignored) == ("pytest.ini", True, ("tox.ini",))


def test_locate_pyproject_without_pytest_table_creates_tool_pytest(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n[tool.ruff]\nline-length = 99\n")
    assert locate(tmp_path) == ConfigLocation(tmp_path / "pyproject.toml", "toml", ("tool", "pytest"), False)


def test_locate_nothing_creates_pytest_toml(tmp_path: Path) -> None:
    assert locate(tmp_path) == ConfigLocation(tmp_path / "pytest.toml", "toml", ("pytest",), False)


def test_locate_tox_ini_without_pytest_section_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "tox.ini", "[tox]\nenvlist = py311\n[testenv]\ncommands = pytest\n")
    write(tmp_path / "setup.cfg", "[metadata]\nname = x\n")
    assert locate(tmp_path) == ConfigLocation(tmp_path / "pytest.toml", "toml", ("pytest",), False)


def test_locate_setup_cfg_plain_pytest_section_is_not_config(tmp_path: Path) -> None:
    write(tmp_path / "setup.cfg", "[pytest]\naddopts = -q\n")
    assert locate(tmp_path).path == tmp_path / "pytest.toml"


def test_locate_both_pytest_tables_is_a_hook_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.pytest]\nminversion = '9.0'\n[tool.pytest.ini_options]\naddopts = '-q'\n")
    with pytest.raises(
        HookError, match=r"^pyproject\.toml has both \[tool\.pytest\] and \[tool\.pytest\.ini_options\]"
    ):
        locate(tmp_path)


def test_locate_invalid_pyproject_is_a_one_line_hook_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project\nname = 'x'\n")
    with pytest.raises(HookError) as caught:
        locate(tmp_path)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("pyproject.toml is not valid TOML (")


def test_empty_pytest_toml_gets_a_pytest_table(tmp_path: Path) -> None:
    write(tmp_path / "pytest.toml", "# settings come later\n")
    store = _open_store(locate(tmp_path))  # what apply.run does
    store.set("minversion", "scalar", "9.0", None)
    rendered = store.render()
    assert rendered.startswith("# settings come later\n")
    assert tomllib.loads(rendered) == {"pytest": {"minversion": "9.0"}}


def test_locate_tox_ini_section_header_with_comment(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "tox.ini", "[pytest]  # test settings\naddopts = -q\n")
    assert locate(tmp_path) == ConfigLocation(tmp_path / "tox.ini", "ini", ("pytest",), True)


def test_locate_empty_tool_pytest_table_is_not_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n[tool.pytest]\n")
    write(tmp_path / "tox.ini", "[pytest]\naddopts = -q\n")
    assert locate(tmp_path).path == tmp_path / "tox.ini"


# -- project facts -------------------------------------------------------------------------


def package(folder: Path) -> None:
    write(folder / "__init__.py")


def test_pyproject_name_with_dashes_maps_to_the_package(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "My-Pkg.core"\n')
    package(tmp_path / "src" / "my_pkg_core")
    package(tmp_path / "src" / "other")
    facts = read_facts(tmp_path, "tests", ())
    assert facts.src_layout is True
    assert facts.flat_packages == ()
    assert facts.packages == ("my_pkg_core",)


def test_setup_cfg_metadata_name(tmp_path: Path) -> None:
    write(tmp_path / "setup.cfg", "[metadata]\nname = ledger-tools\n")
    package(tmp_path / "ledger_tools")
    package(tmp_path / "scripts")
    package(tmp_path / "tests")
    facts = read_facts(tmp_path, "tests", ())
    assert facts.src_layout is False
    assert facts.flat_packages == ("ledger_tools", "scripts")  # the tests folder is not a code package
    assert facts.packages == ("ledger_tools",)


def test_single_src_package_without_a_name(tmp_path: Path) -> None:
    package(tmp_path / "src" / "inventory")
    package(tmp_path / "helpers")  # flat packages do not count beside src/
    assert read_facts(tmp_path, "tests", ()).packages == ("inventory",)


def test_two_packages_and_no_name_is_undecided(tmp_path: Path) -> None:
    package(tmp_path / "alpha")
    package(tmp_path / "beta")
    write(tmp_path / "pyproject.toml", '[project]\nname = "gamma"\n')
    assert read_facts(tmp_path, "tests", ()).packages == ()
    assert detect_packages(tmp_path, (), ("alpha", "beta")) == ()
    assert detect_packages(tmp_path, (), ("alpha",)) == ("alpha",)


def test_answered_packages_win(tmp_path: Path) -> None:
    package(tmp_path / "alpha")
    assert read_facts(tmp_path, "tests", ("beta.core",)).packages == ("beta.core",)


def test_skipped_and_non_identifier_folders_are_not_packages(tmp_path: Path) -> None:
    package(tmp_path / "docs")
    package(tmp_path / "build")
    package(tmp_path / "my-scripts")
    (tmp_path / "namespace").mkdir()
    package(tmp_path / "real")
    assert read_facts(tmp_path, "tests", ()).flat_packages == ("real",)


def test_sibling_imports_true_for_bare_helper_import(tmp_path: Path) -> None:
    write(tmp_path / "tests" / "helpers.py", "def make(): ...\n")
    write(tmp_path / "tests" / "test_a.py", "from helpers import make\n\ndef test_a(): make()\n")
    assert read_facts(tmp_path, "tests", ()).sibling_imports is True


def test_sibling_imports_ignore_our_own_plugins_folder(tmp_path: Path) -> None:
    """tests/tuneup holds the generated plugins, already on pythonpath; they may import each other."""
    write(tmp_path / "tests" / "tuneup" / "tuneup_stats.py", "X = 1\n")
    write(tmp_path / "tests" / "tuneup" / "tuneup_bench.py", "import tuneup_stats\n")
    write(tmp_path / "tests" / "test_a.py", "import os\n\ndef test_a(): ...\n")
    assert read_facts(tmp_path, "tests", ()).sibling_imports is False


def test_sibling_imports_false_for_package_import(tmp_path: Path) -> None:
    package(tmp_path / "mypkg")
    write(tmp_path / "tests" / "helpers.py", "X = 1\n")
    write(tmp_path / "tests" / "test_a.py", "from mypkg import x\nimport os\n\ndef test_a(): ...\n")
    assert read_facts(tmp_path, "tests", ()).sibling_imports is False


def test_async_tests(tmp_path: Path) -> None:
    write(tmp_path / "tests" / "test_sync.py", "def test_a(): ...\n")
    assert read_facts(tmp_path, "tests", ()).async_tests is False
    write(tmp_path / "tests" / "unit" / "test_io.py", "async def test_read(): ...\n")
    assert read_facts(tmp_path, "tests", ()).async_tests is True


def test_tests_elsewhere(tmp_path: Path) -> None:
    write(tmp_path / "tests" / "test_in_place.py")
    write(tmp_path / "pkg" / "test_x.py")
    write(tmp_path / "pkg" / "core_test.py")
    write(tmp_path / "pkg" / "testing.py")
    write(tmp_path / ".venv" / "lib" / "test_vendored.py")
    write(tmp_path / "docs" / "test_docs.py")
    facts = read_facts(tmp_path, "tests", ())
    assert facts.tests_elsewhere == ("pkg/core_test.py", "pkg/test_x.py")


def test_nested_tests_dir(tmp_path: Path) -> None:
    write(tmp_path / "test" / "unit" / "test_a.py")
    write(tmp_path / "test" / "other" / "test_b.py")
    facts = read_facts(tmp_path, "test/unit", ())
    assert facts.tests_elsewhere == ("test/other/test_b.py",)


# -- answers -------------------------------------------------------------------------------


def test_answers_defaults() -> None:
    assert Answers.from_mapping({}) == Answers(
        package=(),
        tests_dir="tests",
        async_mode="auto",
        coverage=True,
        coverage_fail_under=80,
        parallel=False,
        test_timeout=0,
        runner="auto",
        strict=False,
        app="auto",
        session_dependency="auto",
        models=("auto",),
    )


def test_answers_valid_mapping() -> None:
    data = {
        "package": " alpha, beta.core ,",
        "tests_dir": "test/unit/",
        "async_mode": "strict",
        "coverage": False,
        "coverage_fail_under": 100,
        "parallel": True,
        "test_timeout": 120,
        "runner": "uv",
        "strict": True,
    }
    assert Answers.from_mapping(data) == Answers(
        package=("alpha", "beta.core"),
        tests_dir="test/unit",
        async_mode="strict",
        coverage=False,
        coverage_fail_under=100,
        parallel=True,
        test_timeout=120,
        runner="uv",
        strict=True,
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("package", "my-pkg", "package: 'my-pkg' is not an importable name; use letters, digits, underscores and dots"),
        ("package", "a,2b", "package: '2b' is not an importable name;"),
        ("tests_dir", "../tests", "tests_dir: '../tests' must be a relative folder inside the project such as tests"),
        ("tests_dir", "/abs", "tests_dir: '/abs' must be a relative folder inside the project"),
        ("tests_dir", "a/../b", "tests_dir: 'a/../b' must be a relative folder inside the project"),
        ("async_mode", "always", "async_mode: 'always' is not allowed; use auto, off or strict"),
        ("coverage_fail_under", 101, "coverage_fail_under: 101 is not a percentage; use a whole number from 0 to 100"),
        ("coverage_fail_under", -1, "coverage_fail_under: -1 is not a percentage"),
        ("coverage_fail_under", "eighty", "coverage_fail_under: 'eighty' is not a percentage"),
        ("coverage_fail_under", 80.5, "coverage_fail_under: '80.5' is not a percentage"),
        ("test_timeout", -5, "test_timeout: -5 is not allowed; use 0 (off) or a number of seconds up to 86400"),
        ("bench_threshold", 0, "bench_threshold: 0 is not allowed; use a whole number of percent from 1 to 1000"),
        ("runner", "pipenv", "runner: 'pipenv' is not allowed; use auto, python, uv, poetry, pdm or hatch"),
        ("schema", "sql", "schema: 'sql' is not allowed; use metadata or alembic"),
        ("models", "shop.models", "models: 'shop.models' is not an import path; write module:attribute"),
        ("models", "auto,shop:Base", "models: 'auto' is not an import path"),
        ("app", "shop.api", "app: 'shop.api' is not an import path"),
        ("session_dependency", "get()", "session_dependency: 'get()' is not an import path"),
        ("db_url_env", "test-url", "db_url_env: 'test-url' is not an environment variable name"),
        ("coverage", "maybe", "coverage: 'maybe' is not a yes/no answer; use true or false"),
    ],
)
def test_answers_invalid_field(field: str, value: Any, message: str) -> None:
    with pytest.raises(HookError) as caught:
        Answers.from_mapping({field: value})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_answers_auto_and_several_models() -> None:
    answers = Answers.from_mapping(
        {"models": "shop.models:Base, shop.legacy:metadata", "app": "auto", "session_dependency": ""}
    )
    assert answers.models == ("shop.models:Base", "shop.legacy:metadata")
    assert (answers.app, answers.session_dependency) == ("auto", "")
    assert Answers.from_mapping({"models": "auto"}).models == ("auto",)
    assert Answers.from_mapping({"coverage_fail_under": "90"}).coverage_fail_under == 90


# -- atomic writes -------------------------------------------------------------------------


def test_write_atomic_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = write(tmp_path / "Makefile", "old\n")
    os.chmod(path, 0o640)
    write_atomic(path, "new\r\nline\n")
    assert path.read_bytes() == b"new\r\nline\n"
    assert read_text(path) == "new\r\nline\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile"]


def test_write_atomic_new_file_is_0644(tmp_path: Path) -> None:
    path = tmp_path / "pytest.toml"
    write_atomic(path, "[pytest]\n")
    assert path.read_text() == "[pytest]\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["pytest.toml"]


def test_write_atomic_failure_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    path = write(tmp_path / "pytest.ini", "[pytest]\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "bad \udc80 surrogate")
    assert path.read_text() == "[pytest]\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pytest.ini"]


# -- rollback ------------------------------------------------------------------------------


def test_rendered_paths_substitute_the_template_names() -> None:
    paths = rendered_paths("test")
    assert Path(ANSWERS_FILE) in paths
    assert ANSWERS_FILE == ".copier-answers.pytest-tuneup.yml"
    assert Path("tuneup.mk") in paths
    # Through the link to src/pytest_tuneup, as copier follows it; its unit tests stay out.
    assert Path("test/tuneup/pytest_tuneup/__init__.py") in paths
    assert Path("test/tuneup/pytest_tuneup/plugin.py") in paths
    assert not [path for path in paths if path.name.startswith("test_") or path.suffix == ".pyc"]
    for path in paths:
        assert "{{" not in str(path) and "{%" not in str(path)
        assert not str(path).endswith(".jinja")
        assert not path.is_absolute()
        assert path.parts[0] != "tests"


def test_rendered_paths_hold_the_ci_files_of_the_ci_answered_only() -> None:
    """A failed copy removes our workflow, never a file of the same name it did not render."""
    github = {".github/workflows/tuneup-tests.yml", ".github/actions/tuneup-setup/action.yml"}
    ci_files = {str(path) for path in rendered_paths("tests", "github") if path.parts[0] in (".github", ".gitlab")}
    assert ci_files == github
    assert {str(path) for path in rendered_paths("tests", "gitlab")} & (github | {".gitlab/tuneup-tests.yml"}) == {
        ".gitlab/tuneup-tests.yml"
    }
    assert not [path for path in rendered_paths("tests") if path.parts[0] in (".github", ".gitlab")]


# -- the project's pytest ------------------------------------------------------------------

PYTEST_8 = ProjectEnvironment(installed={"pytest": "8.4.2"})
PYTEST_9 = ProjectEnvironment(installed={"pytest": "9.0.1"})


def test_locate_for_pytest_8_creates_ini_options_in_a_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert locate(tmp_path, native_toml=False) == ConfigLocation(
        tmp_path / "pyproject.toml", "toml", ("tool", "pytest", "ini_options"), False
    )


def test_locate_for_pytest_8_without_a_pyproject_creates_pytest_ini(tmp_path: Path) -> None:
    assert locate(tmp_path, native_toml=False) == ConfigLocation(tmp_path / "pytest.ini", "ini", ("pytest",), False)
    store = _open_store(locate(tmp_path, native_toml=False))
    store.set("minversion", "scalar", "8.0", None)
    assert store.render() == "[pytest]\nminversion = 8.0\n"


def test_locate_for_pytest_8_passes_over_the_files_it_does_not_read(tmp_path: Path) -> None:
    write(tmp_path / "pytest.toml", "[pytest]\nminversion = '9.0'\n")
    write(tmp_path / "tox.ini", "[pytest]\naddopts = -q\n")
    location = locate(tmp_path, native_toml=False)
    assert (location.path.name, location.ignored) == ("tox.ini", ("pytest.toml",))


def test_locate_for_pytest_8_refuses_a_native_table_it_would_ignore(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.pytest]\naddopts = ['-q']\n")
    with pytest.raises(HookError, match=r"^pyproject.toml has a \[tool.pytest\] table, which the project's pytest"):
        locate(tmp_path, native_toml=False)


def settings_of(env: ProjectEnvironment, **answers: Any) -> dict[str, Any]:
    facts = ProjectFacts(False, (), ("shop",), False, False, ())
    chosen = Answers.from_mapping({"coverage": True, "async_mode": "off", **answers})  # as the hook resolves it
    return {s.key: s.value for s in desired_settings(chosen, facts, ("pytest-cov>=5", "pytest-timeout>=2.3"), env)}


@pytest.mark.parametrize("env", [PYTEST_8, PYTEST_9, ProjectEnvironment()], ids=["8.4", "9.0", "none"])
def test_desired_minversion_is_the_floor_and_coverage_stays_out_of_addopts(env: ProjectEnvironment) -> None:
    settings = settings_of(env, strict=True)
    assert settings["minversion"] == "8.0"
    assert not [token for token in settings["addopts"] if token.startswith("--cov")]
    assert settings["required_plugins"] == ("pytest-timeout>=2.3",)


def test_desired_pytest_8_gets_strict_flags_not_the_pytest_9_keys() -> None:
    strict = settings_of(PYTEST_8, strict=True)
    assert "strict_markers" not in strict and "strict_config" not in strict
    assert strict["addopts"][-2:] == ("--strict-markers", "--strict-config")
    assert strict["xfail_strict"] is True
    relaxed = settings_of(PYTEST_8)
    assert "--strict-markers" not in relaxed["addopts"] and "strict_markers" not in relaxed
    assert settings_of(PYTEST_9)["strict_markers"] is False


def test_desired_minversion_in_a_native_table_is_9() -> None:
    facts = ProjectFacts(False, (), ("shop",), False, False, ())
    settings = desired_settings(Answers.from_mapping({}), facts, (), PYTEST_9, native_table=True)
    assert [s.value for s in settings if s.key == "minversion"] == ["9.0"]


def test_desired_no_minversion_below_the_floor() -> None:
    assert "minversion" not in settings_of(ProjectEnvironment(installed={"pytest": "7.4.4"}))


def test_desired_test_loop_scope_only_where_pytest_asyncio_knows_it() -> None:
    old = ProjectEnvironment(installed={"pytest": "8.3.5", "pytest-asyncio": "0.24.0"})
    assert "asyncio_default_test_loop_scope" not in settings_of(old, async_mode="strict")
    assert "asyncio_default_fixture_loop_scope" in settings_of(old, async_mode="strict")
    new = ProjectEnvironment(installed={"pytest": "8.4.2", "pytest-asyncio": "1.1.0"})
    assert settings_of(new, async_mode="strict")["asyncio_default_test_loop_scope"] == "function"


@pytest.mark.parametrize(("version", "conftest"), [("8.0.2", True), ("8.3.5", True), ("8.4.0", False), ("9.0", False)])
def test_plugins_load_from_a_root_conftest_before_pytest_8_4(version: str, conftest: bool) -> None:
    env = ProjectEnvironment(pins={"pytest": version})
    assert plugins_from_root_conftest(Answers.from_mapping({}), env) == conftest
    addopts = settings_of(env)["addopts"]
    assert ("pytest_tuneup.plugin" in addopts) != conftest
    assert not plugins_from_root_conftest(Answers.from_mapping({}), ProjectEnvironment())


def test_root_conftest_names_the_chosen_plugins() -> None:
    answers = Answers.from_mapping({"database": "sqlite", "tests_dir": "test"})
    assert render_root_conftest(answers) == (
        '"""pytest-tuneup: loads the plugins in test/tuneup.\n'
        "\n"
        "Written by pytest-tuneup's copier task where addopts cannot name them: pytest before\n"
        "8.4 imports the -p plugins of addopts before it applies pythonpath, where they are\n"
        "(it imports the pytest_plugins of this file after), or addopts is one TOML string\n"
        "that would have to be rewritten.\n"
        '"""\n'
        "\n"
        "pytest_plugins = [\n"
        '    "pytest_tuneup.plugin",\n'
        '    "pytest_tuneup.db",\n'
        '    "pytest_tuneup.guards",\n'
        '    "pytest_tuneup.leaks",\n'
        "]\n"
    )


def test_coverage_packages_are_empty_where_the_project_measures_itself() -> None:
    facts = ProjectFacts(False, (), ("shop",), False, False, ())
    answers = Answers.from_mapping({"coverage": True})
    assert coverage_packages(answers, facts, ProjectEnvironment(), user_cov=False) == (("shop",), [])
    runs = ProjectEnvironment(coverage_run=("Makefile",))
    packages, notes = coverage_packages(answers, facts, runs, user_cov=False)
    assert packages == () and notes == [
        "coverage: you run `coverage run` yourself (Makefile); the make targets add no --cov"
    ]
    packages, notes = coverage_packages(answers, facts, ProjectEnvironment(), user_cov=True)
    assert packages == () and notes == [
        "coverage: your addopts have --cov options; the make targets add none of theirs"
    ]
    off = Answers.from_mapping({"coverage": False})
    assert coverage_packages(off, facts, ProjectEnvironment(), user_cov=False) == ((), [])


# -- configure.py --check-conflicts ------------------------------------------------------------


def test_check_conflicts_names_the_files_with_markers(tmp_path: Path) -> None:
    configure = Path(__file__).resolve().parents[1] / "hooks" / "configure.py"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x", "--allow-empty"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env)
    clean = subprocess.run(
        [sys.executable, str(configure), "--check-conflicts"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (clean.returncode, clean.stderr) == (0, "")

    write(tmp_path / "tuneup.mk", "a\n<<<<<<< before updating\nb\n=======\nc\n>>>>>>> after updating\n")
    write(tmp_path / "notes.txt", "a line mentioning <<<<<<< in the middle\n")
    result = subprocess.run(
        [sys.executable, str(configure), "--check-conflicts"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == (
        "pytest-tuneup: the update left conflict markers (<<<<<<<) in tuneup.mk; merge each by hand, then commit\n"
    )
