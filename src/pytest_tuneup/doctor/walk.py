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
        self.assigned: dict[str, str] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        # factory = sessionmaker(...): what a later factory() call makes.
        if isinstance(node.value, cst.Call):
            callee = self.source.qualified(node.value.func) or ""
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.assigned[target.target.value] = callee.rsplit(".", 1)[-1]

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
    # Local names bound to a call's result: name -> the callee's last part.
    assigned: dict[str, str]

    def made_by(self, call: Call) -> str | None:
        """For ``factory()``: what made ``factory`` (``sessionmaker``); for
        ``sessionmaker(...)()`` the same."""
        inner = call.node.func
        if isinstance(inner, cst.Call):
            return (dotted(inner.func) or "").rsplit(".", 1)[-1]
        return self.assigned.get(call.name)

    def named(self, *lasts: str) -> Iterator[Call]:
        for call in self.calls:
            if call.last in lasts:
                yield call


def body(source: SourceFile, node: cst.FunctionDef, follow: bool = True) -> Body:
    """Calls and attributes in ``node``, and in the same-file functions it calls."""
    collector = _Collector(source)
    node.body.visit(collector)
    calls, attributes = list(collector.calls), list(collector.attributes)
    assigned = dict(collector.assigned)
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
                assigned.update(inner.assigned)
    return Body(calls, attributes, assigned)


def expression_body(source: SourceFile, node: cst.CSTNode) -> Body:
    """Calls and attributes in any node (a lambda), helpers not followed."""
    collector = _Collector(source)
    node.visit(collector)
    return Body(collector.calls, collector.attributes, collector.assigned)


def docstring(node: cst.FunctionDef) -> list[cst.BaseStatement]:
    """The function's docstring statement, if it has one (kept by the rewrites)."""
    first = node.body.body[0] if isinstance(node.body, cst.IndentedBlock) else None
    if (
        isinstance(first, cst.SimpleStatementLine)
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return [first]
    return []
