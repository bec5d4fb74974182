"""An application built and started for every test: a function-scoped fixture that
calls the app factory, when a per-test fixture (itself or one that takes it) runs the
app's lifespan, whose startup work (background tasks, schedulers, connections) then
starts and stops around each test."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .database import APP_FACTORIES as FACTORIES
from .database import walk_statements
from .model import Finding
from .suite import Fixture, Suite
from .walk import body

# How a test starts an ASGI app's lifespan: Starlette's lifespan_context,
# asgi-lifespan's LifespanManager, a TestClient used as a context manager.
STARTERS = ("LifespanManager",)


def starts_lifespan(fixture: Fixture) -> bool:
    done = body(fixture.source, fixture.node)
    if any(name == "lifespan_context" for name, _ in done.attributes):
        return True
    if any(done.named(*STARTERS)):
        return True
    for node in walk_statements(fixture.node.body):
        if isinstance(node, cst.With):
            for item in node.items:
                call = item.item
                if isinstance(call, cst.Call) and (
                    fixture.source.qualified(call.func) or ""
                ).endswith("TestClient"):
                    return True
    return False


def findings(suite: Suite) -> Iterator[Finding]:
    per_test = [fixture for fixture in suite.fixtures if fixture.per_test]
    for fixture in per_test:
        done = body(fixture.source, fixture.node)
        calls = list(done.named(*FACTORIES))
        if not calls:
            continue
        starters = [fixture] if starts_lifespan(fixture) else []
        starters += [
            other
            for other in per_test
            if fixture.name in other.params and starts_lifespan(other)
        ]
        if not starters:
            continue
        who = (
            "and starts its lifespan"
            if starters[0] is fixture
            else f"and `{starters[0].name}` starts its lifespan"
        )
        yield Finding(
            "app-per-test",
            fixture.source.rel,
            calls[0].line,
            (
                f"fixture `{fixture.name}` builds the application ({calls[0].last})"
                f" for every test {who}: what the lifespan starts (background tasks,"
                " schedulers, connections) starts and stops around each test"
            ),
            (
                "build the app once (a session-scoped fixture) and reset what a test"
                " changes (dependency_overrides) in a per-test one; run the lifespan"
                " once per session, or only for the tests that need it (the plugin's"
                " client runs it for tests marked tuneup_lifespan)"
            ),
            fixture=fixture.name,
        )
