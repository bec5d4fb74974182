"""Unit tests for tuneup_hooks.merge: argument splitting, unit keys and the three-way merge."""

from __future__ import annotations

import pytest
from tuneup_hooks.merge import (
    Merged,
    Setting,
    args_unit_key,
    as_units,
    group_args,
    join_args,
    merge_scalar,
    merge_units,
    same_scalar,
    split_args,
    unit_key_for,
    user_families,
)

BASE = frozenset({"<base action>"})


# -- split / group / join ------------------------------------------------------------------


def test_split_args_string_uses_shell_quoting() -> None:
    assert split_args("-ra  -p tuneup_plugin -k 'not slow'") == ["-ra", "-p", "tuneup_plugin", "-k", "not slow"]


def test_split_args_list_of_single_tokens() -> None:
    assert split_args(["-ra", "--import-mode=importlib", "-p", "x"]) == ["-ra", "--import-mode=importlib", "-p", "x"]


def test_split_args_list_items_are_single_arguments() -> None:
    # pytest: `addopts = ["-k", "not slow"]` is the two arguments -k and "not slow".
    assert split_args(["-k", "not slow"]) == ["-k", "not slow"]


def test_group_args_pairs_options_with_their_values() -> None:
    tokens = ["-ra", "-p", "tuneup_plugin", "--import-mode=importlib", "--tb", "short", "-q", "-p"]
    assert group_args(tokens) == [
        ("-ra",),
        ("-p", "tuneup_plugin"),
        ("--import-mode=importlib",),
        ("--tb", "short"),
        ("-q",),
        ("-p",),  # a dangling option stays a unit of its own
    ]


def test_join_args_quotes_only_when_needed() -> None:
    tokens = ["-ra", "pytest-cov>=5", "--cov-report=term-missing:skip-covered", "a b", "", "x#y"]
    assert join_args(tokens) == "-ra pytest-cov>=5 --cov-report=term-missing:skip-covered 'a b' '' 'x#y'"


def test_join_args_round_trips_through_split_args() -> None:
    tokens = ["-k", "not slow and not db", "pytest-timeout>=2.3", "it's"]
    assert split_args(join_args(tokens)) == tokens


def test_as_units_lines_from_string_and_list() -> None:
    assert as_units("lines", "\n  slow: slow tests\n\n  db: database\n") == [("slow: slow tests",), ("db: database",)]
    assert as_units("lines", [" error ", "", "ignore::UserWarning"]) == [("error",), ("ignore::UserWarning",)]
    assert as_units("args", "-p x -ra") == [("-p", "x"), ("-ra",)]


# -- unit keys -----------------------------------------------------------------------------


def test_args_unit_key_report_chars_share_a_key() -> None:
    assert args_unit_key(("-ra",)) == args_unit_key(("-rA",)) == "-r"
    assert args_unit_key(("-rfE",)) == "-r"


def test_args_unit_key_single_valued_options_share_a_key() -> None:
    assert args_unit_key(("--import-mode=importlib",)) == args_unit_key(("--import-mode=prepend",)) == "--import-mode"
    assert args_unit_key(("--import-mode", "append")) == "--import-mode"
    assert args_unit_key(("--maxfail", "3")) == args_unit_key(("--maxfail=1",)) == "--maxfail"


def test_args_unit_key_multi_valued_options_differ_by_value() -> None:
    assert args_unit_key(("-p", "a")) == "-p a"
    assert args_unit_key(("-p", "b")) == "-p b"
    assert args_unit_key(("-k", "a")) != args_unit_key(("-k", "b"))


@pytest.mark.parametrize(
    ("units", "family"),
    [
        ([("--cov=a",), ("--cov", "b"), ("--cov-report=term-missing",), ("--cov-branch",), ("--no-cov",)], "--cov"),
        ([("-p", "no:cacheprovider"), ("-p", "cacheprovider"), ("-pcacheprovider",)], "-p cacheprovider"),
        ([("--import-mode=prepend",), ("--import-mode", "importlib")], "--import-mode"),
        ([("-n", "4"), ("-nauto",), ("--numprocesses=2",), ("--maxprocesses", "3")], "-n"),
        ([("--dist", "loadfile"), ("--dist=load",)], "--dist"),
        ([("--strict-markers",), ("--strict-config",), ("--strict",)], "--strict"),
        ([("-W", "error"), ("-Werror",), ("--pythonwarnings=ignore",)], "-W"),
        ([("--timeout=5",), ("--timeout", "9"), ("--timeout-method=thread",)], "--timeout"),
        ([("-ra",), ("-rfE",), ("-rA",)], "-r"),
    ],
)
def test_args_unit_key_option_families(units: list[tuple[str, ...]], family: str) -> None:
    assert {args_unit_key(unit) for unit in units} == {family}


def test_a_disabled_plugin_is_not_the_family_of_ours() -> None:
    assert args_unit_key(("-p", "no:cacheprovider")) != args_unit_key(("-p", "pytest_tuneup.plugin"))


def test_group_args_takes_values_of_family_options() -> None:
    assert group_args(["--pythonwarnings", "error", "--maxprocesses", "2", "--timeout-method", "thread"]) == [
        ("--pythonwarnings", "error"),
        ("--maxprocesses", "2"),
        ("--timeout-method", "thread"),
    ]


def test_user_families_leave_out_what_we_applied() -> None:
    current = [("-ra",), ("--cov=shop",), ("-p", "no:cacheprovider"), ("--strict-markers",), ("-p", "x")]
    assert user_families(current, [("-ra",), ("-p", "x")]) == {"--cov", "-p cacheprovider", "--strict"}
    assert user_families(None, None) == set()


def test_marker_key_is_the_marker_name() -> None:
    key = unit_key_for("markers")
    assert key(("slow: x",)) == "slow"
    assert key(("slow(reason): y",)) == "slow"
    assert key(("db",)) == "db"
    assert key(("slow: x",)) != key(("slower: x",))


def test_required_plugins_key_is_the_distribution_name() -> None:
    key = unit_key_for("required_plugins")
    assert key(("pytest_cov>=4",)) == key(("pytest-cov",)) == key(("Pytest-Cov[toml]>=5",)) == "pytest-cov"
    assert key(("pytest-xdist~=3.5",)) == "pytest-xdist"


def test_filterwarnings_key_bare_action_vs_category_lines() -> None:
    key = unit_key_for("filterwarnings")
    assert key(("error",)) == key(("default",)) == "<base action>"
    assert key(("ignore::DeprecationWarning",)) == "ignore::DeprecationWarning"
    assert key(("error::DeprecationWarning",)) != key(("ignore::DeprecationWarning",))


def test_addopts_key_is_args_unit_key() -> None:
    assert unit_key_for("addopts") is args_unit_key


def test_unknown_key_uses_stripped_text() -> None:
    assert unit_key_for("testpaths")((" tests ",)) == "tests"


# -- scalar merge --------------------------------------------------------------------------

MINVERSION = Setting("minversion", "scalar", "9.0")
XFAIL = Setting("xfail_strict", "scalar", True)
LOG = Setting("log_level", "scalar", "INFO")


def test_scalar_absent_gets_ours() -> None:
    assert merge_scalar(LOG, None, None) == Merged("log_level", "INFO", [])


def test_scalar_equal_writes_nothing() -> None:
    assert merge_scalar(LOG, "INFO", None) == Merged("log_level", None, [])
    assert merge_scalar(LOG, "info", "INFO") == Merged("log_level", None, [])


def test_scalar_user_changed_is_kept_with_one_note() -> None:
    merged = merge_scalar(LOG, "WARNING", "INFO")
    assert merged.value is None
    assert merged.notes == ["log_level: kept yours (WARNING); pytest-tuneup suggests INFO"]


def test_scalar_user_value_without_history_is_kept() -> None:
    merged = merge_scalar(XFAIL, False, None)
    assert merged.value is None
    assert merged.notes == ["xfail_strict: kept yours (false); pytest-tuneup suggests true"]


def test_scalar_unchanged_since_applied_is_replaced() -> None:
    assert merge_scalar(Setting("log_level", "scalar", "DEBUG"), "INFO", "INFO") == Merged("log_level", "DEBUG", [])


def test_scalar_removed_by_user_stays_out() -> None:
    assert merge_scalar(LOG, None, "INFO") == Merged("log_level", None, ["log_level: left out, you removed it"])


def test_minversion_lower_is_raised_with_note() -> None:
    merged = merge_scalar(MINVERSION, "8.1", None)
    assert merged.value == "9.0"
    assert merged.notes == ["minversion: raised 8.1 -> 9.0, the settings below need it"]


def test_minversion_higher_is_kept_silently() -> None:
    # A higher floor than ours already meets ours: nothing to change, nothing to say.
    merged = merge_scalar(MINVERSION, "10.0", None)
    assert merged.value is None
    assert merged.notes == []


def test_bool_and_true_string_are_equal() -> None:
    assert same_scalar(True, "True")
    assert same_scalar(True, " true ")
    assert same_scalar(False, "false")
    assert not same_scalar(True, "false")
    assert not same_scalar(None, "")
    assert same_scalar(None, None)
    assert merge_scalar(XFAIL, "True", None) == Merged("xfail_strict", None, [])


# -- unit merge ----------------------------------------------------------------------------


def addopts(*tokens: str) -> Setting:
    return Setting("addopts", "args", tokens)


def merge_addopts(setting: Setting, current: list[tuple[str, ...]] | None, previous: list[tuple[str, ...]] | None):
    return merge_units(setting, current, previous, unit_key_for("addopts"))


def test_units_absent_get_ours() -> None:
    merged = merge_addopts(addopts("-ra", "-p", "x"), None, None)
    assert merged == Merged("addopts", [("-ra",), ("-p", "x")], [])


def test_units_additions_are_appended() -> None:
    merged = merge_addopts(addopts("-ra", "-p", "x"), [("-q",), ("--maxfail", "3")], None)
    assert merged.value == [("-q",), ("--maxfail", "3"), ("-ra",), ("-p", "x")]
    assert merged.notes == []


def test_units_nothing_changes_returns_none() -> None:
    merged = merge_addopts(addopts("-ra", "-p", "x"), [("-p", "x"), ("-q",), ("-ra",)], None)
    assert merged == Merged("addopts", None, [])


def test_units_conflicting_exclusive_unit_is_kept_with_note() -> None:
    merged = merge_addopts(addopts("--import-mode=importlib", "-ra"), [("--import-mode=prepend",), ("-rA",)], None)
    assert merged.value is None
    assert merged.notes == [
        "addopts: kept yours (--import-mode=prepend); pytest-tuneup suggests --import-mode=importlib",
        "addopts: kept yours (-rA); pytest-tuneup suggests -ra",
    ]


def test_units_conflict_we_applied_is_replaced_in_place() -> None:
    merged = merge_addopts(
        addopts("-ra", "--import-mode=importlib"),
        [("-q",), ("--import-mode=prepend",), ("-ra",)],
        [("-ra",), ("--import-mode=prepend",)],
    )
    assert merged == Merged("addopts", [("-q",), ("--import-mode=importlib",), ("-ra",)], [])


def test_units_equivalent_spellings_are_not_a_conflict() -> None:
    merged = merge_addopts(addopts("--import-mode=importlib"), [("--import-mode", "importlib")], None)
    assert merged == Merged("addopts", None, [])


def test_units_we_no_longer_want_are_removed() -> None:
    merged = merge_addopts(
        addopts("-ra"),
        [("-q",), ("-ra",), ("-p", "old_plugin")],
        [("-ra",), ("-p", "old_plugin")],
    )
    assert merged == Merged("addopts", [("-q",), ("-ra",)], [])


def test_units_user_owned_unit_we_no_longer_want_stays() -> None:
    # "-p mine" was never ours: it stays even though we do not list it.
    merged = merge_addopts(addopts("-ra"), [("-p", "mine"), ("-ra",)], [("-ra",), ("-p", "old")])
    assert merged == Merged("addopts", None, [])


def test_units_user_removed_is_not_readded() -> None:
    merged = merge_addopts(addopts("-ra", "-p", "x"), [("-ra",)], [("-ra",), ("-p", "x")])
    assert merged == Merged("addopts", None, ["addopts: left out -p x, you removed it"])


def test_units_whole_key_removed_by_user_stays_out() -> None:
    merged = merge_addopts(addopts("-ra"), None, [("-ra",)])
    assert merged == Merged("addopts", None, ["addopts: left out, you removed it"])


def test_filterwarnings_base_action_goes_first() -> None:
    setting = Setting("filterwarnings", "lines", ("default", "ignore:asyncio scope:DeprecationWarning"))
    merged = merge_units(setting, [("ignore::UserWarning",)], None, unit_key_for("filterwarnings"), first=BASE)
    assert merged.value == [
        ("default",),
        ("ignore::UserWarning",),
        ("ignore:asyncio scope:DeprecationWarning",),
    ]
    assert merged.notes == []


def test_filterwarnings_user_base_action_is_kept() -> None:
    setting = Setting("filterwarnings", "lines", ("default",))
    merged = merge_units(setting, [("error",)], None, unit_key_for("filterwarnings"), first=BASE)
    assert merged == Merged(
        "filterwarnings", None, ["filterwarnings: kept yours (error); pytest-tuneup suggests default"]
    )


def test_markers_merge_by_name() -> None:
    setting = Setting("markers", "lines", ("slow: slow tests", "db: database"))
    merged = merge_units(setting, [("slow(reason): mine",)], None, unit_key_for("markers"))
    assert merged.value == [("slow(reason): mine",), ("db: database",)]
    assert merged.notes == ["markers: kept yours (slow(reason): mine); pytest-tuneup suggests slow: slow tests"]


def test_required_plugins_merge_by_distribution() -> None:
    setting = Setting("required_plugins", "args", ("pytest-cov>=5", "pytest-timeout>=2.3"))
    merged = merge_units(setting, [("pytest_cov>=4",)], [("pytest-cov>=4",)], unit_key_for("required_plugins"))
    # pytest_cov>=4 differs from what we applied (pytest-cov>=4) as text, so it counts as the user's.
    assert merged.value == [("pytest_cov>=4",), ("pytest-timeout>=2.3",)]
    assert merged.notes == ["required_plugins: kept yours (pytest_cov>=4); pytest-tuneup suggests pytest-cov>=5"]


def test_units_of_a_family_the_user_has_are_not_added() -> None:
    merged = merge_addopts(addopts("-ra", "-p", "x"), [("-rfE",), ("-p", "no:x"), ("-q",)], None)
    assert merged.value is None
    assert merged.notes == [
        "addopts: kept yours (-rfE); pytest-tuneup suggests -ra",
        "addopts: kept yours (-p no:x); pytest-tuneup suggests -p x",
    ]


def test_units_every_applied_member_of_a_family_goes_when_we_drop_the_family() -> None:
    # An older release wrote three coverage options (one family); the newer writes none.
    applied = [("-ra",), ("--cov=shop",), ("--cov-branch",), ("--cov-report=term-missing:skip-covered",)]
    merged = merge_addopts(addopts("-ra"), [("-q",), *applied], applied)
    assert merged == Merged("addopts", [("-q",), ("-ra",)], [])


def test_units_a_family_member_the_user_added_stays_when_we_drop_ours() -> None:
    applied = [("-ra",), ("--cov=shop",), ("--cov-branch",)]
    merged = merge_addopts(
        addopts("-ra"), [("-ra",), ("--cov=shop",), ("--cov-branch",), ("--cov-report=html",)], applied
    )
    assert merged == Merged("addopts", [("-ra",), ("--cov-report=html",)], [])
