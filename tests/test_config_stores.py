"""Unit tests for IniStore and TomlStore on real files: what they read and the exact bytes they write."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from tuneup_hooks.answers import Answers
from tuneup_hooks.apply import run
from tuneup_hooks.environment import ProjectEnvironment
from tuneup_hooks.errors import HookError
from tuneup_hooks.ini_store import IniStore
from tuneup_hooks.toml_store import TomlStore


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


# -- IniStore ------------------------------------------------------------------------------

PYTEST_INI = """\
; project settings
[pytest]
addopts = -q
markers =
  slow: slow tests
  db: needs the database

# the end of pytest's section
[coverage:run]
branch = true
"""


def test_ini_get_reads_values_by_kind(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    assert store.get("addopts", "args") == [("-q",)]
    assert store.get("markers", "lines") == [("slow: slow tests",), ("db: needs the database",)]
    assert store.get("addopts", "scalar") == "-q"
    assert store.get("minversion", "scalar") is None
    # A key of another section is not ours.
    assert store.get("branch", "scalar") is None
    assert store.label == "pytest.ini [pytest]"


def test_ini_untouched_file_renders_identically(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    assert store.render() == PYTEST_INI


def test_ini_new_keys_go_after_the_last_key_keeping_every_byte(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    store.set("minversion", "scalar", "9.0", None)
    store.set("xfail_strict", "scalar", True, None)
    store.set("testpaths", "args", [("tests",)], None)
    store.set("filterwarnings", "lines", [("default",), ("ignore::UserWarning",)], None)
    head, tail = PYTEST_INI.split("\n# the end", 1)
    assert store.render() == (
        head.removesuffix("\n")
        + "\nminversion = 9.0\nxfail_strict = true\ntestpaths = tests\n"
        + "filterwarnings =\n    default\n    ignore::UserWarning\n"
        + "\n# the end"
        + tail
    )


def test_ini_comment_lines_above_a_new_key(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", "[pytest]\naddopts = -q\n"), "pytest")
    store.set("strict_config", "scalar", False, "strict gates, off.\n`make test-strict` turns them on.")
    assert store.render() == (
        "[pytest]\naddopts = -q\n# strict gates, off.\n# `make test-strict` turns them on.\nstrict_config = false\n"
    )


def test_ini_appending_to_multiline_value_keeps_indentation(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    store.set(
        "markers",
        "lines",
        [("slow: slow tests",), ("db: needs the database",), ("net: needs the network",)],
        None,
    )
    assert store.render() == PYTEST_INI.replace(
        "  db: needs the database\n", "  db: needs the database\n  net: needs the network\n"
    )


def test_ini_appending_to_one_line_addopts_adds_a_continuation_line(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    store.set("addopts", "args", [("-q",), ("-ra",), ("-p", "tuneup_plugin"), ("-k", "not slow")], None)
    assert store.render() == PYTEST_INI.replace(
        "addopts = -q\n", "addopts = -q\n    -ra\n    -p tuneup_plugin\n    -k 'not slow'\n"
    )
    # And reads back as the same units.
    assert store.get("addopts", "args") == [("-q",), ("-ra",), ("-p", "tuneup_plugin"), ("-k", "not slow")]


def test_ini_changed_value_replaces_only_its_block(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", PYTEST_INI), "pytest")
    store.set("markers", "lines", [("db: needs the database",)], None)
    store.set("addopts", "args", [("--import-mode=importlib",)], None)
    assert store.render() == PYTEST_INI.replace(
        "addopts = -q\nmarkers =\n  slow: slow tests\n  db: needs the database\n",
        "addopts = --import-mode=importlib\nmarkers =\n  db: needs the database\n",
    )


def test_ini_crlf_stays_crlf(tmp_path: Path) -> None:
    original = "[pytest]\r\nmarkers =\r\n    slow: slow\r\n"
    store = IniStore(write(tmp_path / "pytest.ini", original), "pytest")
    store.set("markers", "lines", [("slow: slow",), ("db: db",)], None)
    store.set("minversion", "scalar", "9.0", "floor\nfor tuneup")
    assert store.render() == (
        "[pytest]\r\nmarkers =\r\n    slow: slow\r\n    db: db\r\n# floor\r\n# for tuneup\r\nminversion = 9.0\r\n"
    )


def test_ini_setup_cfg_tool_pytest_section(tmp_path: Path) -> None:
    original = "[metadata]\nname = demo\n\n[tool:pytest]\ntestpaths = tests\n\n[flake8]\nmax-line-length = 99\n"
    store = IniStore(write(tmp_path / "setup.cfg", original), "tool:pytest")
    assert store.get("testpaths", "args") == [("tests",)]
    assert store.get("name", "scalar") is None
    store.set("xfail_strict", "scalar", True, None)
    assert store.render() == original.replace("testpaths = tests\n", "testpaths = tests\nxfail_strict = true\n")
    assert store.label == "setup.cfg [tool:pytest]"


def test_ini_empty_section_gets_keys_right_below_the_header(tmp_path: Path) -> None:
    original = "[pytest]\n\n[other]\nx = 1\n"
    store = IniStore(write(tmp_path / "tox.ini", original), "pytest")
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == "[pytest]\nminversion = 9.0\n\n[other]\nx = 1\n"


def test_ini_without_pytest_section_gets_one_appended(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", "; only a comment\n"), "pytest")
    assert store.get("addopts", "args") is None
    store.set("addopts", "args", [("-ra",)], None)
    assert store.render() == "; only a comment\n\n[pytest]\naddopts = -ra\n"


def test_ini_empty_file_gets_a_section(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", ""), "pytest")
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == "[pytest]\nminversion = 9.0\n"


def test_ini_syntax_error_is_a_one_line_hook_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pytest.ini", "addopts = -q\n[pytest]\n")
    with pytest.raises(HookError) as caught:
        IniStore(path, "pytest")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("pytest.ini cannot be parsed (")
    assert message.endswith("; fix it and run again")


def test_ini_inline_comments_are_ignored_by_get(tmp_path: Path) -> None:
    text = "[pytest]\nminversion = 8.0  # old floor\nlog_level = INFO ; noisy\naddopts = -q  # quiet\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    assert store.get("minversion", "scalar") == "8.0"
    assert store.get("log_level", "scalar") == "INFO"
    assert store.get("addopts", "args") == [("-q",)]


def test_ini_indented_comment_inside_a_value_is_skipped(tmp_path: Path) -> None:
    text = "[pytest]\nmarkers =\n    slow: slow\n    # db: later\n    net: network\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    assert store.get("markers", "lines") == [("slow: slow",), ("net: network",)]


def test_ini_column_zero_comment_inside_a_value_does_not_end_it(tmp_path: Path) -> None:
    # iniconfig (pytest's parser) and configparser both read all three markers.
    text = "[pytest]\nmarkers =\n    slow: slow\n# database markers\n    db: database\n    net: network\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    assert store.get("markers", "lines") == [("slow: slow",), ("db: database",), ("net: network",)]


def test_ini_section_header_with_inline_comment(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", "[pytest]  # main settings\naddopts = -q\n"), "pytest")
    assert store.get("addopts", "args") == [("-q",)]
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == "[pytest]  # main settings\naddopts = -q\nminversion = 9.0\n"


# -- TomlStore -----------------------------------------------------------------------------

PYPROJECT = """\
[project]
name = "demo"  # the distribution

[tool.pytest.ini_options]
addopts = "-q"  # keep it quiet
markers = [
    "slow: slow tests",  # the long ones
    # more to come
    "db: needs the database",
]

# Ruff settings below
[tool.ruff]
line-length = 100
"""


def test_toml_get_reads_values_by_kind(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", PYPROJECT), ("tool", "pytest", "ini_options"))
    assert store.get("addopts", "args") == [("-q",)]
    assert store.get("markers", "lines") == [("slow: slow tests",), ("db: needs the database",)]
    assert store.get("minversion", "scalar") is None
    assert store.label == "pyproject.toml [tool.pytest.ini_options]"
    assert store.render() == PYPROJECT


def test_toml_get_scalars(tmp_path: Path) -> None:
    path = write(tmp_path / "pytest.toml", '[pytest]\nxfail_strict = true\ntimeout = 30\nminversion = "9.0"\n')
    store = TomlStore(path, ("pytest",))
    assert store.get("xfail_strict", "scalar") is True
    assert store.get("timeout", "scalar") == "30"
    assert store.get("minversion", "scalar") == "9.0"


def test_toml_new_keys_go_before_the_next_tables_comment(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", PYPROJECT), ("tool", "pytest", "ini_options"))
    store.set("minversion", "scalar", "9.0", "pytest-tuneup: floor\nsecond line")
    store.set("xfail_strict", "scalar", True, None)
    assert store.render() == PYPROJECT.replace(
        "]\n\n# Ruff settings below\n",
        ']\n# pytest-tuneup: floor\n# second line\nminversion = "9.0"\nxfail_strict = true\n\n# Ruff settings below\n',
    )


def test_toml_appending_to_an_array_keeps_items_and_comments(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", PYPROJECT), ("tool", "pytest", "ini_options"))
    store.set(
        "markers",
        "lines",
        [("slow: slow tests",), ("db: needs the database",), ("net: needs the network",)],
        None,
    )
    assert store.render() == PYPROJECT.replace(
        '    "db: needs the database",\n', '    "db: needs the database",\n    "net: needs the network",\n'
    )


def test_toml_short_addopts_string_stays_a_string(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", PYPROJECT), ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [("-q",), ("-k", "not slow")], None)
    assert store.render() == PYPROJECT.replace(
        'addopts = "-q"  # keep it quiet', "addopts = \"-q -k 'not slow'\"  # keep it quiet"
    )


def test_toml_long_addopts_string_becomes_a_multiline_array(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", PYPROJECT), ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [("-q",), ("-ra",), ("-p", "tuneup_plugin"), ("--cov=demo",)], None)
    expected = PYPROJECT.replace(
        'addopts = "-q"  # keep it quiet\n',
        'addopts = [\n    "-q",\n    "-ra",\n    "-p",\n    "tuneup_plugin",\n    "--cov=demo",\n]  # keep it quiet\n',
    )
    assert store.render() == expected
    assert tomllib.loads(expected)["tool"]["pytest"]["ini_options"]["addopts"][-1] == "--cov=demo"


def test_toml_replacing_a_scalar_keeps_its_comment(tmp_path: Path) -> None:
    path = write(tmp_path / "pytest.toml", '[pytest]\nminversion = "8.0"  # floor\nlog_level = "INFO"\n')
    store = TomlStore(path, ("pytest",))
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == '[pytest]\nminversion = "9.0"  # floor\nlog_level = "INFO"\n'


def test_toml_new_list_key_is_an_array(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pytest.toml", "[pytest]\n"), ("pytest",))
    store.set("testpaths", "args", [("tests",)], None)
    store.set("pythonpath", "args", [("tests/tuneup",), ("src",)], None)
    assert store.render() == '[pytest]\ntestpaths = ["tests"]\npythonpath = [\n    "tests/tuneup",\n    "src",\n]\n'


def test_toml_creates_tool_pytest_in_a_pyproject(tmp_path: Path) -> None:
    original = '[project]\nname = "demo"\n\n[tool.ruff]\nline-length = 100\n'
    store = TomlStore(write(tmp_path / "pyproject.toml", original), ("tool", "pytest"), create=True)
    assert store.created
    store.set("minversion", "scalar", "9.0", "pytest-tuneup")
    store.set("addopts", "args", [("-ra",), ("-p", "x")], None)
    rendered = store.render()
    assert rendered.startswith(original + "\n[tool.pytest]\n# pytest-tuneup\n")
    assert tomllib.loads(rendered) == {
        "project": {"name": "demo"},
        "tool": {"ruff": {"line-length": 100}, "pytest": {"minversion": "9.0", "addopts": ["-ra", "-p", "x"]}},
    }


def test_toml_created_tool_pytest_exact_bytes(tmp_path: Path) -> None:
    original = '[project]\nname = "demo"\n\n[tool.ruff]\nline-length = 100\n'
    store = TomlStore(write(tmp_path / "pyproject.toml", original), ("tool", "pytest"), create=True)
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == original + '\n[tool.pytest]\nminversion = "9.0"\n'


def test_toml_creates_a_new_pytest_toml(tmp_path: Path) -> None:
    path = tmp_path / "pytest.toml"
    store = TomlStore(path, ("pytest",), create=True)
    assert store.created
    assert store.original == ""
    store.set("minversion", "scalar", "9.0", "by pytest-tuneup")
    store.set("addopts", "args", [("-ra",)], None)
    store.set("xfail_strict", "scalar", False, None)
    assert (
        store.render() == '[pytest]\n# by pytest-tuneup\nminversion = "9.0"\naddopts = ["-ra"]\nxfail_strict = false\n'
    )
    assert not path.exists()  # the store only renders; apply writes


def test_toml_missing_table_without_create_is_a_hook_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "demo"\n')
    with pytest.raises(HookError, match=r"^pyproject\.toml has no \[tool\.pytest\] table$"):
        TomlStore(path, ("tool", "pytest"))


def test_toml_invalid_is_a_one_line_hook_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "demo\n\n[tool.ruff]\nx = = 1\n')
    with pytest.raises(HookError) as caught:
        TomlStore(path, ("tool", "pytest"), create=True)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("pyproject.toml is not valid TOML (")
    assert message.endswith("; fix it and run again")


@pytest.mark.parametrize(
    ("table", "native"),
    [(("tool", "pytest"), True), (("pytest",), True), (("tool", "pytest", "ini_options"), False)],
)
def test_toml_native_property(tmp_path: Path, table: tuple[str, ...], native: bool) -> None:
    store = TomlStore(tmp_path / "pyproject.toml", table, create=True)
    assert store.native is native


def test_toml_addopts_list_item_with_a_space_survives_an_addition(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pytest.toml", '[pytest]\naddopts = ["-k", "not slow"]\n'), ("pytest",))
    current = store.get("addopts", "args")
    assert current == [("-k", "not slow")]
    store.set("addopts", "args", [*current, ("-ra",)], None)
    assert store.render() == '[pytest]\naddopts = ["-k", "not slow",\n    "-ra",\n]\n'


# -- line-by-line edits: exact bytes -------------------------------------------------------

INI_ADDOPTS = """\
[pytest]
addopts =
    -v
    # we never want the cache
    -p no:cacheprovider
	--cov-report=term-missing
log_level = INFO
"""


def test_ini_additions_are_new_lines_after_the_users(tmp_path: Path) -> None:
    store = IniStore(write(tmp_path / "pytest.ini", INI_ADDOPTS), "pytest")
    current = store.get("addopts", "args")
    assert current == [("-v",), ("-p", "no:cacheprovider"), ("--cov-report=term-missing",)]
    store.set("addopts", "args", [*current, ("-ra",), ("-p", "pytest_tuneup.plugin")], None)
    assert store.render() == INI_ADDOPTS.replace(
        "\t--cov-report=term-missing\n", "\t--cov-report=term-missing\n    -ra\n    -p pytest_tuneup.plugin\n"
    )


def test_ini_removing_one_of_ours_deletes_only_its_line(tmp_path: Path) -> None:
    text = INI_ADDOPTS.replace("log_level", "    -ra\n    -p pytest_tuneup.plugin\n    --strict-markers\nlog_level")
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    store.set(
        "addopts",
        "args",
        [("-v",), ("-p", "no:cacheprovider"), ("--cov-report=term-missing",), ("-ra",), ("--strict-markers",)],
        None,
    )
    assert store.render() == text.replace("    -p pytest_tuneup.plugin\n", "")


def test_ini_removing_a_unit_that_shares_a_line_rewrites_only_that_line(tmp_path: Path) -> None:
    text = "[pytest]\naddopts = -q\n    -ra -p old_plugin  \n    -p mine\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    store.set("addopts", "args", [("-q",), ("-ra",), ("-p", "mine")], None)
    assert store.render() == "[pytest]\naddopts = -q\n    -ra\n    -p mine\n"


def test_ini_a_unit_replaced_in_place_keeps_the_other_lines(tmp_path: Path) -> None:
    text = "[pytest]\naddopts =\n    -q\n    --import-mode=prepend\n    -x\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    store.set("addopts", "args", [("-q",), ("--import-mode=importlib",), ("-x",)], None)
    assert store.render() == "[pytest]\naddopts =\n    -q\n    --import-mode=importlib\n    -x\n"


def test_ini_line_list_gets_a_first_line_after_an_empty_key_line(tmp_path: Path) -> None:
    text = "[pytest]\nfilterwarnings =\n  ignore::UserWarning\n"
    store = IniStore(write(tmp_path / "pytest.ini", text), "pytest")
    store.set("filterwarnings", "lines", [("default",), ("ignore::UserWarning",)], None)
    assert store.render() == "[pytest]\nfilterwarnings =\n  default\n  ignore::UserWarning\n"


def test_ini_edit_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path / "pytest.ini", INI_ADDOPTS)
    store = IniStore(path, "pytest")
    store.set("addopts", "args", [*(store.get("addopts", "args") or []), ("-ra",)], None)  # type: ignore[misc]
    once = store.render()
    again = IniStore(write(path, once), "pytest")
    again.set("addopts", "args", again.get("addopts", "args"), None)  # type: ignore[arg-type]
    assert again.render() == once


TOML_SINGLE_LINE = """\
[tool.pytest.ini_options]
addopts = ["-v", "--cov-report=term-missing", '-p', 'no:cacheprovider']  # ours
testpaths = ["tests"]
"""


def test_toml_single_line_array_keeps_the_users_line_and_ours_go_below(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", TOML_SINGLE_LINE), ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [*(store.get("addopts", "args") or []), ("-ra",), ("-p", "x")], None)  # type: ignore[misc]
    # The user's line keeps every byte up to its closing bracket, which moves below ours.
    assert store.render() == (
        "[tool.pytest.ini_options]\n"
        """addopts = ["-v", "--cov-report=term-missing", '-p', 'no:cacheprovider',\n"""
        '    "-ra",\n'
        '    "-p",\n'
        '    "x",\n'
        "]  # ours\n"
        'testpaths = ["tests"]\n'
    )


TOML_MULTILINE = """\
[tool.pytest.ini_options]
addopts = [
    "-v",  # loud
    "-ra",
    "-p",
    "tuneup_plugin",
    "--tb=short"
]
"""


def test_toml_additions_to_a_multiline_array_are_lines_of_their_own(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", TOML_MULTILINE), ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [*(store.get("addopts", "args") or []), ("-p", "more")], None)  # type: ignore[misc]
    # The user's last item gets the comma TOML needs before a new item, and nothing else.
    assert store.render() == TOML_MULTILINE.replace('    "--tb=short"\n', '    "--tb=short",\n    "-p",\n    "more",\n')


def test_toml_removing_one_of_ours_deletes_only_its_lines(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", TOML_MULTILINE), ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [("-v",), ("-ra",), ("--tb=short",), ("-n", "2")], None)
    assert store.render() == TOML_MULTILINE.replace(
        '    "-p",\n    "tuneup_plugin",\n    "--tb=short"\n', '    "--tb=short",\n    "-n",\n    "2",\n'
    )


def test_toml_edit_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", TOML_SINGLE_LINE)
    store = TomlStore(path, ("tool", "pytest", "ini_options"))
    store.set("addopts", "args", [*(store.get("addopts", "args") or []), ("-ra",)], None)  # type: ignore[misc]
    once = store.render()
    again = TomlStore(write(path, once), ("tool", "pytest", "ini_options"))
    again.set("addopts", "args", again.get("addopts", "args"), None)  # type: ignore[arg-type]
    assert again.render() == once


OUT_OF_ORDER = """\
[tool.black]
line-length = 100

[project]
name = "demo"

[tool.ruff]
line-length = 100
"""


def test_toml_out_of_order_tool_tables_get_the_new_table_after_the_last(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", OUT_OF_ORDER), ("tool", "pytest", "ini_options"), create=True)
    store.set("minversion", "scalar", "8.0", None)
    store.set("addopts", "args", [("-ra",), ("-p", "x")], None)
    rendered = store.render()
    assert (
        rendered
        == OUT_OF_ORDER
        + '\n[tool.pytest.ini_options]\nminversion = "8.0"\naddopts = [\n    "-ra",\n    "-p",\n    "x",\n]\n'
    )
    assert tomllib.loads(rendered)["tool"]["pytest"]["ini_options"] == {
        "minversion": "8.0",
        "addopts": ["-ra", "-p", "x"],
    }
    # Read back: the table is found through tomlkit's out-of-order proxy.
    again = TomlStore(write(tmp_path / "pyproject.toml", rendered), ("tool", "pytest", "ini_options"))
    assert again.get("minversion", "scalar") == "8.0"


def test_toml_out_of_order_existing_table_is_edited_in_place(tmp_path: Path) -> None:
    text = OUT_OF_ORDER.replace("[project]", '[tool.pytest.ini_options]\naddopts = "-q"\n\n[project]')
    store = TomlStore(write(tmp_path / "pyproject.toml", text), ("tool", "pytest", "ini_options"))
    store.set("minversion", "scalar", "8.0", None)
    assert store.render() == text.replace('addopts = "-q"\n', 'addopts = "-q"\nminversion = "8.0"\n')


# -- apply: the user's option families in a whole run ----------------------------------------

USER_FLAGS_INI = """\
[pytest]
# our own flags
addopts =
    --strict-markers
    -W error
    -p no:cacheprovider
    --cov=shop --cov-report=term-missing
"""


def test_run_leaves_the_users_families_and_their_ini_keys_alone(tmp_path: Path) -> None:
    write(tmp_path / "pytest.ini", USER_FLAGS_INI)
    answers = Answers.from_mapping({"coverage": True, "package": "shop", "test_timeout": 30, "async_mode": "off"})
    report = run(tmp_path, answers, "copy", ProjectEnvironment(installed={"pytest": "9.0.1"}))

    text = (tmp_path / "pytest.ini").read_text()
    assert text.startswith(USER_FLAGS_INI), "the user's lines keep their bytes"
    added = text[len(USER_FLAGS_INI) :].splitlines()
    assert added[:5] == [
        "    -ra",
        "    --import-mode=importlib",
        "    -p pytest_tuneup.plugin",
        "    -p pytest_tuneup.guards",
        "    -p pytest_tuneup.leaks",
    ]
    keys = {line.split("=")[0].strip() for line in added if "=" in line and not line.startswith(" ")}
    assert keys == {"minversion", "testpaths", "pythonpath", "log_level", "timeout", "tuneup_block_network"}
    assert "strict_markers" not in text and "xfail_strict" not in text and "filterwarnings" not in text
    assert report.cov_packages == ()
    assert "coverage: your addopts have --cov options; the make targets add none of theirs" in report.notes
    assert "strict_markers: left to your --strict* options in addopts" in report.notes
    assert "filterwarnings: left to your -W* options in addopts" in report.notes

    # A second run changes nothing.
    again = run(tmp_path, answers, "copy", ProjectEnvironment(installed={"pytest": "9.0.1"}))
    assert (tmp_path / "pytest.ini").read_text() == text and again.changed == []


def test_run_for_pytest_8_writes_ini_options_and_a_floor_it_meets(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "shop"\n')
    (tmp_path / "shop").mkdir()
    write(tmp_path / "shop" / "__init__.py", "")
    report = run(tmp_path, Answers.from_mapping({}), "copy", ProjectEnvironment(pins={"pytest": "8.4.1"}))
    table = tomllib.loads((tmp_path / "pyproject.toml").read_text())["tool"]["pytest"]
    assert list(table) == ["ini_options"]
    assert table["ini_options"]["minversion"] == "8.0"
    assert report.config == "pyproject.toml [tool.pytest.ini_options]"
    assert report.cov_packages == ("shop",)


def test_run_replaces_the_minversion_an_earlier_release_wrote(tmp_path: Path) -> None:
    write(tmp_path / "pytest.ini", "[pytest]\nminversion = 9.0\n")
    write(tmp_path / ".pytest-tuneup.json", '{"version": 1, "config": "pytest.ini", "applied": {"minversion": "9.0"}}')
    run(tmp_path, Answers.from_mapping({}), "copy", ProjectEnvironment(installed={"pytest": "8.4.2"}))
    assert (tmp_path / "pytest.ini").read_text().startswith("[pytest]\nminversion = 8.0\n")


def test_toml_out_of_order_tool_tables_get_a_native_table_too(tmp_path: Path) -> None:
    store = TomlStore(write(tmp_path / "pyproject.toml", OUT_OF_ORDER), ("tool", "pytest"), create=True)
    store.set("minversion", "scalar", "9.0", None)
    assert store.render() == OUT_OF_ORDER + '\n[tool.pytest]\nminversion = "9.0"\n'


def test_run_for_pytest_8_3_loads_the_plugins_from_a_root_conftest(tmp_path: Path) -> None:
    write(tmp_path / "pytest.ini", "[pytest]\naddopts = -q\n")
    env = ProjectEnvironment(installed={"pytest": "8.3.5"})
    report = run(tmp_path, Answers.from_mapping({}), "copy", env)
    assert (tmp_path / "conftest.py").read_text().startswith('"""pytest-tuneup: loads the plugins in tests/tuneup.')
    assert "-p" not in (tmp_path / "pytest.ini").read_text()
    assert "conftest.py: loads the plugins, as this pytest imports `-p` plugins before `pythonpath`" in report.notes
    again = run(tmp_path, Answers.from_mapping({}), "copy", env)
    assert again.changed == [] and not any(note.startswith("conftest.py") for note in again.notes)


def test_run_for_pytest_8_3_refuses_beside_the_users_root_conftest(tmp_path: Path) -> None:
    write(tmp_path / "pytest.ini", "[pytest]\naddopts = -q\n")
    write(tmp_path / "conftest.py", "import os\n")
    with pytest.raises(HookError, match=r"^pytest 8.3.5 imports `-p` plugins before it applies `pythonpath`, so"):
        run(tmp_path, Answers.from_mapping({}), "copy", ProjectEnvironment(installed={"pytest": "8.3.5"}))
    assert (tmp_path / "pytest.ini").read_text() == "[pytest]\naddopts = -q\n"
    assert (tmp_path / "conftest.py").read_text() == "import os\n"
