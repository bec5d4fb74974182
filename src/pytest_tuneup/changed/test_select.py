"""The selection on a small git repository (git runs for real: a few milliseconds)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pytest_tuneup.changed.changes import GitError, changed_files
from pytest_tuneup.changed.cli import explain
from pytest_tuneup.changed.select import Selection, select

FILES = {
    "pyproject.toml": (
        '[project]\nname = "shop"\nversion = "1.0"\n\n'
        "[tool.pytest.ini_options]\n"
        'testpaths = ["tests"]\n'
        'tuneup_models = ["shop.models:Base"]\n'
        'tuneup_app = "shop.app:app"\n'
    ),
    "src/shop/__init__.py": "",
    "src/shop/base.py": "class Base: ...\n",
    "src/shop/models.py": "from shop.base import Base\n",
    "src/shop/app.py": "from shop import routes\n",
    "src/shop/routes.py": "",
    "src/shop/stock.py": "",
    "src/shop/prices.py": "",
    "scripts/release.py": "",
    "tests/conftest.py": "",
    "tests/api/conftest.py": "from shop import prices\n",
    "tests/api/test_api.py": "",
    "tests/test_stock.py": "from shop.stock import receive\n",
    "tests/test_other.py": "",
}


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t.invalid",
    }
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def run(repo: Path, edits: dict[str, str]) -> Selection:
    for name, text in edits.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return select(repo, changed_files(repo), "tests")


def test_nothing_changed_selects_nothing(repo: Path) -> None:
    selection = run(repo, {})
    assert not selection.whole and not selection.tests
    assert "nothing to run" in explain(selection)[0]


def test_a_module_selects_the_tests_that_import_it(repo: Path) -> None:
    selection = run(repo, {"src/shop/stock.py": "X = 1\n"})
    assert selection.tests == ["tests/test_stock.py"]


def test_a_module_a_conftest_imports_selects_the_tests_below_it(repo: Path) -> None:
    selection = run(repo, {"src/shop/prices.py": "X = 1\n"})
    assert selection.tests == ["tests/api/test_api.py"]


def test_the_app_the_plugins_load_reaches_every_test(repo: Path) -> None:
    selection = run(repo, {"src/shop/routes.py": "X = 1\n"})
    assert selection.tests == [
        "tests/api/test_api.py",
        "tests/test_other.py",
        "tests/test_stock.py",
    ]


def test_what_the_models_import_runs_everything_when_the_schema_changed(
    repo: Path,
) -> None:
    (repo / "src/shop/base.py").write_text("class Base: pass\n")
    selection = select(repo, changed_files(repo), "tests", lambda: True)
    assert selection.whole == [
        "src/shop/base.py feeds the test database's schema, whose fingerprint changed"
    ]


def test_the_same_fingerprint_leaves_the_models_to_the_import_graph(
    repo: Path,
) -> None:
    asked: list[bool] = []

    def same() -> bool:
        asked.append(True)
        return False

    (repo / "src/shop/base.py").write_text("class Base: pass\n")
    selection = select(repo, changed_files(repo), "tests", same)
    assert asked == [True]
    assert not selection.whole and selection.schema_unchanged == ["src/shop/base.py"]
    assert any("fingerprint is unchanged" in line for line in explain(selection))


def test_the_fingerprint_is_not_asked_when_a_rule_already_runs_everything(
    repo: Path,
) -> None:
    (repo / "src/shop/base.py").write_text("class Base: pass\n")
    (repo / "tests/conftest.py").write_text("X = 1\n")
    selection = select(repo, changed_files(repo), "tests", pytest.fail)
    assert selection.whole == [
        "tests/conftest.py is a conftest: its fixtures and"
        " hooks reach every test below it"
    ]


def test_an_untracked_test_module_is_selected(repo: Path) -> None:
    selection = run(repo, {"tests/test_new.py": "def test_new(): pass\n"})
    assert selection.tests == ["tests/test_new.py"]


def test_code_no_test_imports_and_docs_run_nothing(repo: Path) -> None:
    edits = {"scripts/release.py": "X = 1\n", "README.md": "# shop\n"}
    edits["pyproject.toml"] = FILES["pyproject.toml"].replace("1.0", "1.1")
    selection = run(repo, edits)
    assert not selection.whole and not selection.tests
    assert set(selection.unreached) == {
        "scripts/release.py",
        "README.md",
        "pyproject.toml",
    }


def test_a_test_module_in_a_folder_pytest_skips_is_not_selected(repo: Path) -> None:
    edits = {"tests/build/test_generated.py": "from shop.stock import receive\n"}
    edits["src/shop/stock.py"] = "X = 1\n"
    assert run(repo, edits).tests == ["tests/test_stock.py"]


def test_a_data_file_runs_the_whole_suite(repo: Path) -> None:
    selection = run(repo, {"tests/data/orders.json": "{}\n"})
    assert selection.whole and "is not Python" in selection.whole[0]


def test_a_branch_counts_its_commits_and_the_working_tree(repo: Path) -> None:
    git(repo, "checkout", "-qb", "feature")
    (repo / "src/shop/stock.py").write_text("X = 2\n")
    git(repo, "commit", "-qam", "stock")
    git(repo, "branch", "-q", "main-line", "HEAD~1")
    selection = select(repo, changed_files(repo, "main-line"), "tests")
    assert selection.tests == ["tests/test_stock.py"]


def test_a_base_that_is_no_commit_is_one_line(repo: Path) -> None:
    with pytest.raises(GitError, match="merge-base"):
        changed_files(repo, "no-such-ref")
