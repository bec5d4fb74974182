"""The shards' union: JUnit test cases matched to node ids, none lost or twice."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from pytest_tuneup.shards.junit import SUITE_NAME, JunitError, junit_key, read
from pytest_tuneup.shards.union import union

SUITE = [
    "tests/test_a.py::test_one",
    "tests/test_a.py::TestGroup::test_two[x-1]",
    "tests/sub/test_b.py::test_three[a/b]",
    "test_top.py::test_four",
]


def junit(path: Path, group: int, splits: int, tests: list[str]) -> Path:
    suites = ElementTree.Element("testsuites")
    name = SUITE_NAME.format(group=group, splits=splits)
    suite = ElementTree.SubElement(suites, "testsuite", name=name)
    for test in tests:
        classname, case = junit_key(test)
        ElementTree.SubElement(suite, "testcase", classname=classname, name=case)
    path.write_text(ElementTree.tostring(suites, encoding="unicode"))
    return path


def test_junit_key_is_pytests_own_mangling(tmp_path: Path) -> None:
    """The keys match what pytest's --junitxml writes for the same tests."""
    (tmp_path / "tests" / "sub").mkdir(parents=True)
    (tmp_path / "tests" / "test_a.py").write_text(
        "import pytest\n"
        "def test_one(): pass\n"
        "class TestGroup:\n"
        "    @pytest.mark.parametrize('v,n', [('x', 1)])\n"
        "    def test_two(self, v, n): pass\n"
    )
    (tmp_path / "tests" / "sub" / "test_b.py").write_text(
        "import pytest\n"
        "@pytest.mark.parametrize('p', ['a/b'])\n"
        "def test_three(p): pass\n"
    )
    (tmp_path / "test_top.py").write_text("def test_four(): pass\n")
    quiet = ["-p", "no:randomly", "-p", "no:cov", "-p", "no:cacheprovider"]
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *quiet, "--junitxml=out.xml"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )

    ran = read(tmp_path / "out.xml")

    assert sorted(ran.tests) == sorted(junit_key(test) for test in SUITE)


def test_the_union_of_the_shards_is_the_suite(tmp_path: Path) -> None:
    shards = [
        read(junit(tmp_path / "junit-1.xml", 1, 2, SUITE[:3])),
        read(junit(tmp_path / "junit-2.xml", 2, 2, SUITE[3:])),
    ]
    result = union(SUITE, shards)
    assert result.exact
    assert (result.suite, result.ran) == (4, 4)
    assert result.per_shard == [("1/2", 3), ("2/2", 1)]


def test_a_shard_that_never_ran_is_named(tmp_path: Path) -> None:
    shards = [read(junit(tmp_path / "junit-1.xml", 1, 3, SUITE[:2]))]
    shards.append(read(junit(tmp_path / "junit-3.xml", 3, 3, SUITE[3:])))
    result = union(SUITE, shards)
    assert not result.exact
    assert result.absent_groups == [2]
    assert result.lost == [SUITE[2]]


def test_lost_twice_unknown_and_mixed_splits(tmp_path: Path) -> None:
    shards = [
        read(junit(tmp_path / "junit-1.xml", 1, 2, SUITE[:2])),
        read(
            junit(tmp_path / "junit-2.xml", 2, 2, [SUITE[1], "tests/test_gone.py::t"])
        ),
        read(junit(tmp_path / "junit-3.xml", 3, 3, [])),
    ]
    result = union(SUITE, shards)
    assert result.lost == SUITE[2:]
    assert result.twice == [SUITE[1]]
    assert result.unknown == [("tests.test_gone", "t")]
    assert result.mixed
    assert not result.exact


def test_a_broken_junit_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "junit-1.xml"
    path.write_text("<testsuites><testsuite>")
    with pytest.raises(JunitError, match=r"junit-1\.xml is not a JUnit XML file"):
        read(path)


def test_a_failure_with_a_teardown_error_is_one_test(tmp_path: Path) -> None:
    path = tmp_path / "junit-1.xml"
    path.write_text(
        '<testsuites><testsuite name="tuneup-shard-1-of-1">'
        '<testcase classname="tests.test_a" name="test_one"><failure/></testcase>'
        '<testcase classname="tests.test_a" name="test_one"><error/></testcase>'
        "</testsuite></testsuites>"
    )
    shard = read(path)
    assert (shard.tests, shard.failures) == ([("tests.test_a", "test_one")], 1)
    assert union(SUITE[:1], [shard]).exact
