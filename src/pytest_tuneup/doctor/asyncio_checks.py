"""Event-loop findings: asyncio debug mode, loop scopes that force per-test work, and
the ``event_loop`` fixture pytest-asyncio 1.0 removed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from .configfix import loop_scope_applies
from .database import walk_statements
from .model import Finding
from .suite import SourceFile, Suite, string_value
from .walk import body

DEBUG_VARIABLE = "PYTHONASYNCIODEBUG"
SCOPES = ("function", "class", "module", "package", "session")
DEBUG_FIX = (
    "leave debug mode off in the normal run (it checks every callback and keeps"
    " tracebacks of every task: several times slower); switch it on when chasing a"
    " bug: PYTHONASYNCIODEBUG=1 make test-fast"
)


def uses_anyio(suite: Suite) -> bool:
    """anyio runs its own loops: pytest-asyncio's loop scopes do not apply."""
    return any(
        origin.split(".")[0] == "anyio"
        for source in suite.files
        for origin in source.imports.values()
    ) or any(fixture.name == "anyio_backend" for fixture in suite.fixtures)


def config_debug(suite: Suite) -> Iterator[Finding]:
    config = suite.config
    if config.path is None:
        return
    rel = config.path.name
    if str(config.get("asyncio_debug")).strip().lower() in ("true", "1", "yes"):
        yield Finding(
            "asyncio-debug",
            rel,
            config.line_of("asyncio_debug"),
            "asyncio_debug = true: every test's event loop runs in debug mode",
            DEBUG_FIX,
        )
    for entry in config.words("env"):
        if re.sub(r"^[DR]+:", "", entry).startswith(DEBUG_VARIABLE):
            yield Finding(
                "asyncio-debug",
                rel,
                config.line_of("env"),
                f"{DEBUG_VARIABLE} set for the suite (env): every event loop runs in"
                " debug mode",
                DEBUG_FIX,
            )


def set_debug_true(source: SourceFile, node: cst.CSTNode) -> bool:
    """``loop.set_debug(True)``."""
    return (
        isinstance(node, cst.Call)
        and (source.qualified(node.func) or "").endswith(".set_debug")
        and bool(node.args)
        and isinstance(node.args[0].value, cst.Name)
        and node.args[0].value.value == "True"
    )


def code_debug(suite: Suite) -> Iterator[Finding]:
    for source in suite.files:
        for node in walk_statements(source.module):
            if isinstance(node, cst.SimpleString) and string_value(node) == (
                DEBUG_VARIABLE
            ):
                yield Finding(
                    "asyncio-debug",
                    source.rel,
                    source.line(node),
                    f"{DEBUG_VARIABLE} set in {source.path.name}: event loops run in"
                    " debug mode",
                    DEBUG_FIX,
                )
            elif set_debug_true(source, node):
                yield Finding(
                    "asyncio-debug",
                    source.rel,
                    source.line(node),
                    "loop.set_debug(True): the event loop runs in debug mode",
                    DEBUG_FIX,
                )


def event_loop_fixture(suite: Suite) -> Iterator[Finding]:
    for fixture in suite.fixtures:
        if fixture.name != "event_loop":
            continue
        yield Finding(
            "asyncio-event-loop",
            fixture.source.rel,
            fixture.line,
            "an `event_loop` fixture: pytest-asyncio 1.0 removed it (0.24-0.26 warn and"
            " then close the loop it gives)",
            (
                "delete it; say the scope instead: asyncio_default_fixture_loop_scope ="
                " session and asyncio_default_test_loop_scope = session in the pytest"
                ' configuration (or loop_scope="session" on the fixtures that need'
                " one loop)"
            ),
            fixture=fixture.name,
        )


def loop_scope(suite: Suite) -> Iterator[Finding]:
    if uses_anyio(suite):
        return
    test_scope = str(suite.config.get("asyncio_default_test_loop_scope") or "function")
    rank = SCOPES.index(test_scope) if test_scope in SCOPES else 0
    for fixture in suite.fixtures:
        if not fixture.is_async or fixture.scope not in SCOPES[1:]:
            continue
        if SCOPES.index(fixture.scope) <= rank:
            continue
        work = "an engine or client" if body(fixture.source, fixture.node).calls else ""
        yield Finding(
            "asyncio-loop-scope",
            fixture.source.rel,
            fixture.line,
            (
                f"{fixture.scope}-scoped async fixture `{fixture.name}` while each test"
                f" runs on a {test_scope}-scoped event loop: what it creates"
                f"{' (' + work + ')' if work else ''} is bound to another loop"
                ' ("attached to a different loop"), which pushes suites to'
                " per-test engines"
            ),
            (
                f"run tests and fixtures on one loop: asyncio_default_test_loop_scope ="
                f" {fixture.scope} and asyncio_default_fixture_loop_scope ="
                f" {fixture.scope} (pytest-asyncio 0.26+)"
            ),
            fixture=fixture.name,
        )


def plugin_loop_scope(suite: Suite) -> Iterator[Finding]:
    config = suite.config
    if config.path is None or not loop_scope_applies(config):
        return
    yield Finding(
        "asyncio-loop-scope",
        config.path.name,
        config.line_of("asyncio_default_fixture_loop_scope"),
        (
            "asyncio_default_fixture_loop_scope = function beside the plugin's async"
            " db_session, which lives on the session's loop: async fixtures that use"
            " it (clients, the application's lifespan) run their work on another loop"
        ),
        "asyncio_default_fixture_loop_scope = session (make doctor-fix sets it)",
    )


def findings(suite: Suite) -> Iterator[Finding]:
    yield from config_debug(suite)
    yield from code_debug(suite)
    yield from event_loop_fixture(suite)
    yield from loop_scope(suite)
    yield from plugin_loop_scope(suite)
