"""What each shard ran, from its JUnit XML, matched to the suite's node ids.

pytest's JUnit XML names a test by ``classname`` and ``name``, not by its node id;
``junit_key`` derives the same pair from a node id the way pytest does
(``_pytest.junitxml.mangle_test_address``), so the union check needs no plugin in the
shards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

JunitKey = tuple[str, str]  # (classname, name)
# The suite name each shard's file carries (-o junit_suite_name=...): which group of
# how many it was, so a shard that never ran is named in the report.
SUITE_NAME = "tuneup-shard-{group}-of-{splits}"
_SUITE_NAME = re.compile(r"^tuneup-shard-(\d+)-of-(\d+)$")


class JunitError(Exception):
    """A JUnit file that cannot be read; printed as one line."""


def junit_key(nodeid: str, prefix: str = "") -> JunitKey:
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = re.sub(r"\.py$", "", names[0].replace("/", "."))
    names[-1] += bracket + params
    if prefix:
        names[0] = f"{prefix}.{names[0]}"
    return ".".join(names[:-1]), names[-1]


@dataclass(frozen=True)
class ShardReport:
    path: Path
    group: int | None
    splits: int | None
    tests: list[JunitKey]
    failures: int  # tests that failed or errored


def read(path: Path) -> ShardReport:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as error:
        raise JunitError(f"{path} is not a JUnit XML file: {error}") from None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    group = splits = None
    # A test whose call fails and whose teardown errors gets two <testcase> elements:
    # one test. A pytest process runs a node id once, so a name repeated within one
    # file is always that.
    tests: dict[JunitKey, None] = {}
    failed: set[JunitKey] = set()
    for suite in suites:
        named = _SUITE_NAME.match(suite.get("name", ""))
        if named:
            group, splits = int(named.group(1)), int(named.group(2))
        for case in suite.iter("testcase"):
            key = (case.get("classname", ""), case.get("name", ""))
            tests[key] = None
            if case.find("failure") is not None or case.find("error") is not None:
                failed.add(key)
    return ShardReport(path, group, splits, list(tests), len(failed))
