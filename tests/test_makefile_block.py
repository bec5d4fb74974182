"""Unit tests for tuneup_hooks.makefile: the user's targets and the one include block."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuneup_hooks.makefile import MakefilePlan, plan_makefile, tuneup_variable, user_targets

COMMENT = "# pytest-tuneup: test targets live in tuneup.mk; `make help` lists them."
TUNEUP_MK = """\
# rendered by copier
PYTEST ?= $(PYTHON) -m pytest
TUNEUP_REQUIREMENTS := pytest>=9.0 pytest-cov>=5
TUNEUP_TARGETS := test test-fast help
"""


def block(*own: str) -> str:
    names = "".join(f" {name}" for name in own)
    return f"{COMMENT}\nTUNEUP_OWN_TARGETS :={names}\ninclude tuneup.mk\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "tuneup.mk").write_text(TUNEUP_MK)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.write_bytes(text.encode())


# -- user_targets --------------------------------------------------------------------------


def test_user_targets_reads_rules_only() -> None:
    lines = [
        "X := 1",
        "Y = 2",
        "Z ?= 3",
        "W += 4",
        "SHELL:=/bin/bash",
        ".PHONY: test lint",
        ".DEFAULT_GOAL := lint",
        "lint: ## check the code",
        "\truff check . ; echo test: done",
        "\ttest: not a rule",
        "a b: c",
        "docs::",
        "# comment: not a rule",
        "include tuneup.mk",
        "",
    ]
    assert user_targets(lines) == {"lint", "a", "b", "docs"}


def test_user_targets_empty() -> None:
    assert user_targets([]) == set()
    assert user_targets(["VAR := test", "\ttest:"]) == set()


# -- tuneup_variable -----------------------------------------------------------------------


def test_tuneup_variable_reads_words(project: Path) -> None:
    assert tuneup_variable(project, "TUNEUP_TARGETS") == ["test", "test-fast", "help"]
    assert tuneup_variable(project, "TUNEUP_REQUIREMENTS") == ["pytest>=9.0", "pytest-cov>=5"]
    assert tuneup_variable(project, "NOT_THERE") == []


def test_tuneup_variable_empty_value_does_not_run_into_the_next_line(tmp_path: Path) -> None:
    """No plugins at all (no coverage, xdist, timeout or asyncio) leaves TUNEUP_PLUGINS empty."""
    text = "TUNEUP_PLUGINS :=\nTUNEUP_REQUIREMENTS := pytest>=9.0 $(TUNEUP_PLUGINS) sqlalchemy\n"
    write(tmp_path / "tuneup.mk", text)
    assert tuneup_variable(tmp_path, "TUNEUP_PLUGINS") == []
    assert tuneup_variable(tmp_path, "TUNEUP_REQUIREMENTS") == ["pytest>=9.0", "sqlalchemy"]


def test_tuneup_variable_that_refers_to_itself_stops(tmp_path: Path) -> None:
    write(tmp_path / "tuneup.mk", "A := x $(B)\nB := y $(A)\n")
    assert tuneup_variable(tmp_path, "A") == ["x", "y"]


def test_tuneup_variable_without_tuneup_mk(tmp_path: Path) -> None:
    assert tuneup_variable(tmp_path, "TUNEUP_TARGETS") == []


# -- plan_makefile -------------------------------------------------------------------------


def test_plan_without_tuneup_mk_is_none(tmp_path: Path) -> None:
    write(tmp_path / "Makefile", "test:\n\tpytest\n")
    assert plan_makefile(tmp_path) is None


def test_plan_creates_a_makefile_with_the_block(project: Path) -> None:
    assert plan_makefile(project) == MakefilePlan(project / "Makefile", block(), [])
    assert block() == (
        "# pytest-tuneup: test targets live in tuneup.mk; `make help` lists them.\n"
        "TUNEUP_OWN_TARGETS :=\n"
        "include tuneup.mk\n"
    )


def test_plan_appends_the_block_and_names_user_targets(project: Path) -> None:
    original = ".PHONY: test lint\nlint:\n\truff check .\ntest:\n\tpytest -x\n"
    write(project / "Makefile", original)
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.path == project / "Makefile"
    assert plan.text == original + "\n" + block("test")
    assert plan.notes == ["Makefile: you have your own `test`; pytest-tuneup's is `make tuneup-test`"]


def test_plan_appends_after_missing_final_newline_and_blank_line(project: Path) -> None:
    write(project / "Makefile", "lint:\n\truff check .")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "lint:\n\truff check .\n\n" + block()
    write(project / "Makefile", "lint:\n\truff check .\n\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "lint:\n\truff check .\n\n" + block()


def test_plan_is_idempotent(project: Path) -> None:
    write(project / "Makefile", "help:\n\t@echo mine\ntest:\n\tpytest\n")
    first = plan_makefile(project)
    assert first is not None and first.text is not None
    write(project / "Makefile", first.text)
    second = plan_makefile(project)
    assert second == MakefilePlan(project / "Makefile", None, first.notes)
    assert [note.split("`")[1] for note in second.notes] == ["help", "test"]


def test_plan_replaces_a_stale_block_in_place(project: Path) -> None:
    before = "test:\n\tpytest\n\n"
    after = "\nhelp:\n\t@echo my help\n"
    write(project / "Makefile", before + block("test") + after)
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == before + block("help", "test") + after
    assert plan.notes == [
        "Makefile: you have your own `help`; pytest-tuneup's is `make tuneup-help`",
        "Makefile: you have your own `test`; pytest-tuneup's is `make tuneup-test`",
    ]


def test_plan_drops_a_target_the_user_removed(project: Path) -> None:
    write(project / "Makefile", "lint:\n\truff check .\n\n" + block("test"))
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "lint:\n\truff check .\n\n" + block()
    assert plan.notes == []


def test_plan_completes_a_bare_include_line(project: Path) -> None:
    write(project / "Makefile", "all: lint\ninclude tuneup.mk\nlint:\n\truff check .\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "all: lint\n" + block() + "lint:\n\truff check .\n"


def test_plan_keeps_crlf(project: Path) -> None:
    write(project / "Makefile", "test:\r\n\tpytest\r\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "test:\r\n\tpytest\r\n\r\n" + block("test").replace("\n", "\r\n")


def test_plan_prefers_gnumakefile_then_makefile(project: Path) -> None:
    write(project / "makefile", "lint:\n\ttrue\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.path == project / "makefile"
    write(project / "GNUmakefile", "lint:\n\ttrue\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.path == project / "GNUmakefile"


def test_plan_ignores_targets_tuneup_does_not_define(project: Path) -> None:
    write(project / "Makefile", "lint:\n\ttrue\ncoverage:\n\ttrue\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == "lint:\n\ttrue\ncoverage:\n\ttrue\n\n" + block()
    assert plan.notes == []


# -- the hook's variables ------------------------------------------------------------------


def test_plan_writes_the_hooks_variables_into_the_block(project: Path) -> None:
    write(project / "Makefile", "lint:\n\ttrue\n")
    plan = plan_makefile(project, {"TUNEUP_COV_PACKAGES": ["shop", "shop_admin"]})
    assert plan is not None
    expected = f"{COMMENT}\nTUNEUP_OWN_TARGETS :=\nTUNEUP_COV_PACKAGES := shop shop_admin\ninclude tuneup.mk\n"
    assert plan.text == "lint:\n\ttrue\n\n" + expected


def test_plan_rewrites_the_hooks_variables_and_keeps_the_users_own(project: Path) -> None:
    """A variable the user set beside the block (TUNEUP_RUNNER) is theirs; ours are replaced."""
    old = f"{COMMENT}\nTUNEUP_OWN_TARGETS :=\nTUNEUP_COV_PACKAGES := old\ninclude tuneup.mk\n"
    write(project / "Makefile", "TUNEUP_RUNNER := uv\n" + old)
    plan = plan_makefile(project, {"TUNEUP_COV_PACKAGES": ["shop"]})
    assert plan is not None
    new = f"{COMMENT}\nTUNEUP_OWN_TARGETS :=\nTUNEUP_COV_PACKAGES := shop\ninclude tuneup.mk\n"
    assert plan.text == "TUNEUP_RUNNER := uv\n" + new
    write(project / "Makefile", plan.text)
    assert plan_makefile(project, {"TUNEUP_COV_PACKAGES": ["shop"]}) == MakefilePlan(project / "Makefile", None, [])


def test_plan_writes_an_empty_variable_so_the_project_keeps_its_own_coverage(project: Path) -> None:
    plan = plan_makefile(project, {"TUNEUP_COV_PACKAGES": []})
    assert plan is not None and plan.text is not None
    assert "\nTUNEUP_COV_PACKAGES :=\ninclude tuneup.mk\n" in plan.text


def test_plan_drops_a_variable_the_hook_no_longer_gives(project: Path) -> None:
    write(project / "Makefile", f"{COMMENT}\nTUNEUP_OWN_TARGETS :=\nTUNEUP_COV_PACKAGES := shop\ninclude tuneup.mk\n")
    plan = plan_makefile(project)
    assert plan is not None
    assert plan.text == block()


def test_plan_refuses_a_variable_that_is_not_the_hooks(project: Path) -> None:
    with pytest.raises(ValueError, match="TUNEUP_RUNNER"):
        plan_makefile(project, {"TUNEUP_RUNNER": ["uv"]})
