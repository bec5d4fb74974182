"""What a function does: its calls and attribute uses, in source order, with the
helpers of the same file it calls followed one level down (a fixture that calls
``make_engine()`` creates an engine too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from .suite import SourceFile, dotted


@dataclass(frozen=True)
class Call:
    node: cst.Call
    name: str  # qualified through the file's imports; "" for calls of calls
    line: int
    after_yield: bool  # in the fixture's teardown (after its yield)

    @property
    def last(self) -> str:
        return self.name.rsplit(".", 1)[-1]


class _Collector(cst.CSTVisitor):
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.calls: list[Call] = []
        self.attributes: list[tuple[str, int]] = []
        self.yielded = False

    def visit_Yield(self, node: cst.Yield) -> None:
        self.yielded = True

    def visit_Call(self, node: cst.Call) -> None:
        name = self.source.qualified(node.func) or ""
        self.calls.append(
            Call(node, name, self.source.line(node), after_yield=self.yielded)
        )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attributes.append((node.attr.value, self.source.line(node)))


@dataclass
class Body:
    calls: list[Call]
    attributes: list[tuple[str, int]]  # attribute name, line

    def named(self, *lasts: str) -> Iterator[Call]:
        for call in self.calls:
            if call.last in lasts:
                yield call


def body(source: SourceFile, node: cst.FunctionDef, follow: bool = True) -> Body:
    """Calls and attributes in ``node``, and in the same-file functions it calls."""
    collector = _Collector(source)
    node.body.visit(collector)
    calls, attributes = list(collector.calls), list(collector.attributes)
    if follow:
        for call in collector.calls:
            helper = source.functions.get(dotted(call.node.func) or "")
            if helper is not None and helper is not node:
                inner = body(source, helper, follow=False)
                # The helper's lines stand for the call: the finding is at the fixture.
                calls += [
                    Call(item.node, item.name, call.line, call.after_yield)
                    for item in inner.calls
                ]
                attributes += [(name, call.line) for name, _ in inner.attributes]
    return Body(calls, attributes)
