"""Waiting in every test: ``gc.collect()`` and sleeps in autouse fixtures and in
teardowns (after a fixture's yield, teardown_method, tearDown)."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .model import Finding
from .suite import SourceFile, Suite
from .walk import Call, body

SLOW = {
    "gc.collect": "gc.collect()",
    "time.sleep": "time.sleep()",
    "asyncio.sleep": "asyncio.sleep()",
}
TEARDOWN_FUNCTIONS = frozenset(
    {"teardown_function", "teardown_method", "tearDown", "teardown", "asyncTearDown"}
)
FIX = {
    "gc.collect": (
        "drop it, or collect once per session: a full collection in every test walks"
        " every object the suite has loaded; make test-leaks finds what really leaks"
    ),
    "time.sleep": (
        "wait for the event itself (a thread's join, a server's shutdown, a condition"
        " polled with a deadline) instead of a fixed sleep in every test"
    ),
}
FIX["asyncio.sleep"] = FIX["time.sleep"]


def slow_calls(calls: list[Call]) -> Iterator[Call]:
    for call in calls:
        if call.name in SLOW and not zero_sleep(call):
            yield call


def zero_sleep(call: Call) -> bool:
    """``asyncio.sleep(0)`` only yields to the loop: free."""
    args = call.node.args
    return bool(args) and getattr(args[0].value, "value", None) in ("0", "0.0")


def teardown_functions(source: SourceFile) -> Iterator[tuple[str, cst.FunctionDef]]:
    """teardown_function() and the teardown methods of test classes."""
    for statement in source.module.body:
        inner: list[cst.CSTNode] = [statement]
        if isinstance(statement, cst.ClassDef):
            inner = list(statement.body.body)
        for node in inner:
            if (
                isinstance(node, cst.FunctionDef)
                and node.name.value in TEARDOWN_FUNCTIONS
            ):
                yield node.name.value, node


def findings(suite: Suite) -> Iterator[Finding]:
    for fixture in suite.fixtures:
        if not fixture.per_test:
            continue
        done = body(fixture.source, fixture.node)
        for call in slow_calls(done.calls):
            if not (fixture.autouse or call.after_yield):
                continue
            where = "autouse fixture" if fixture.autouse else "teardown of fixture"
            yield Finding(
                "slow-teardown",
                fixture.source.rel,
                call.line,
                f"{SLOW[call.name]} in the {where} `{fixture.name}`: it runs for"
                " every test",
                FIX[call.name],
                fixture=fixture.name,
            )
    for source in suite.files:
        for name, function in teardown_functions(source):
            for call in slow_calls(body(source, function).calls):
                yield Finding(
                    "slow-teardown",
                    source.rel,
                    call.line,
                    f"{SLOW[call.name]} in {name}(): it runs after every test",
                    FIX[call.name],
                )
