"""Findings in the pytest configuration: coverage in every run, unregistered markers,
no testpaths."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from .database import walk_statements
from .model import Finding
from .suite import SourceFile, Suite, dotted, string_value

# pytest's own marks, and those of common plugins (they register theirs).
KNOWN_MARKS = frozenset(
    {
        "parametrize",
        "skip",
        "skipif",
        "xfail",
        "usefixtures",
        "filterwarnings",
        "tryfirst",
        "trylast",
        "asyncio",
        "anyio",
        "trio",
        "timeout",
        "django_db",
        "urls",
        "ignore_template_errors",
        "xdist_group",
        "flaky",
        "order",
        "dependency",
        "benchmark",
        "freeze_time",
        "vcr",
        "block_network",
        "default_cassette",
        "respx",
        "httpx_mock",
        "enable_socket",
        "disable_socket",
        "allow_hosts",
        "no_cover",
        "randomly_dont_reorganize",
        "repeat",
        "env",
        "postgresql",
        # pytest-tuneup's own, registered by its plugins: .app (LIFESPAN_MARKER),
        # .db (sequences.MARKER), .mocks.
        "tuneup_lifespan",
        "tuneup_reset_sequences",
        "tuneup_real",
    }
)


def config_path(suite: Suite) -> str:
    return suite.config.path.name if suite.config.path else "pyproject.toml"


def coverage_in_addopts(suite: Suite) -> Iterator[Finding]:
    words = suite.config.words("addopts")
    cov = [word for word in words if word.startswith("--cov") or word == "pytest_cov"]
    if not cov or not any(word.startswith("--cov") for word in cov):
        return
    yield Finding(
        "coverage-addopts",
        config_path(suite),
        suite.config.line_of("addopts"),
        f"coverage in addopts ({' '.join(cov)}): every run traces every line, the"
        " quick loop and a one-test run too (2-4 ms per test on Python 3.11)",
        (
            "take the --cov options out of addopts; measure where it is read: make"
            " test-cov, and make test in CI"
        ),
    )


def missing_testpaths(suite: Suite) -> Iterator[Finding]:
    if suite.config.get("testpaths") is not None:
        return
    folders = sorted(
        {source.rel.split("/")[0] for source in suite.files if "/" in source.rel}
    )
    where = f"[{', '.join(repr(name) for name in folders)}]" if folders else '["tests"]'
    yield Finding(
        "testpaths",
        config_path(suite),
        suite.config.section_line() if suite.config.path else 1,
        "no testpaths: a plain `pytest` walks the whole repository to collect"
        " (environments, node_modules, data folders)",
        f"testpaths = {where} in the pytest configuration",
    )


def registered_markers(suite: Suite) -> set[str]:
    names = {
        re.split(r"[:(\s]", line, maxsplit=1)[0].strip()
        for line in suite.config.words("markers")
    }
    for source in suite.files:
        for node in walk_statements(source.module):
            if (
                isinstance(node, cst.Call)
                and (dotted(node.func) or "").endswith("addinivalue_line")
                and len(node.args) >= 2
                and string_value(node.args[0].value) == "markers"
            ):
                text = string_value(node.args[1].value) or ""
                names.add(re.split(r"[:(\s]", text, maxsplit=1)[0].strip())
    return names


def used_markers(source: SourceFile) -> Iterator[tuple[str, int]]:
    for node in walk_statements(source.module):
        if isinstance(node, cst.Attribute):
            name = source.qualified(node.value)
            if name == "pytest.mark":
                yield node.attr.value, source.line(node)


def unregistered_markers(suite: Suite) -> Iterator[Finding]:
    known = registered_markers(suite) | KNOWN_MARKS
    seen: set[str] = set()
    for source in suite.files:
        for name, line in used_markers(source):
            if name in known or name in seen:
                continue
            seen.add(name)
            yield Finding(
                "unregistered-marker",
                source.rel,
                line,
                f"marker `{name}` is not registered: pytest only warns, and a typo in"
                " a marker (or in -m) silently selects nothing",
                (
                    f'register it: markers = ["{name}: what it means"] in the pytest'
                    " configuration (strict_markers = true then fails on typos)"
                ),
            )


def findings(suite: Suite) -> Iterator[Finding]:
    yield from coverage_in_addopts(suite)
    yield from missing_testpaths(suite)
    yield from unregistered_markers(suite)
