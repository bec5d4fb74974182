"""``make doctor-fix``'s rewrite of a dependency override that opens its own session.

The fixture that sets ``app.dependency_overrides[get_db] = override`` takes the
plugin's ``db_session``, and the override answers with it: a nested override keeps its
name and becomes ``yield db_session`` (``return`` when it returned), a lambda or a
function of the module is replaced by ``lambda: db_session``. Then what only fed the
old override goes, in the fixture only: local names bound to an engine, a session
factory or a session (``engine = create_engine(...)``) that nothing uses any more,
with the statements that only clean them up or build the schema on them
(``Base.metadata.create_all(engine)``, ``engine.dispose()``), and the parameters the
fixture no longer reads (an engine fixture, ``tmp_path``). Everything else of the
fixture (the client, ``dependency_overrides.clear()``) keeps its bytes.

Why not the plugin's ``client`` instead (``tuneup_session_dependency``): the
project's client may set a base URL, headers or run the lifespan; dropping it would
change more than the session, and the proof by outcomes would be testing two changes.
"""

from __future__ import annotations

from collections import Counter

import libcst as cst

from .database import (
    ENGINES,
    FACTORIES,
    OPENS_SESSION,
    SCHEMA,
    Override,
    walk_statements,
)
from .suite import dotted
from .walk import docstring

SESSION = "db_session"
# What a removable local name may be bound to: the per-test database it built.
BUILDS = frozenset({*ENGINES, *FACTORIES})


def name_counts(node: cst.CSTNode) -> Counter[str]:
    return Counter(
        item.value for item in walk_statements(node) if isinstance(item, cst.Name)
    )


def is_generator(function: cst.FunctionDef) -> bool:
    return any(
        isinstance(item, cst.Yield)
        for item in walk_statements(function.body)
        if not isinstance(item, (cst.FunctionDef, cst.Lambda))
    )


def answering(function: cst.FunctionDef) -> cst.FunctionDef:
    """The override's body becomes ``yield db_session`` (or ``return``)."""
    if is_generator(function):
        statement: cst.BaseSmallStatement = cst.Expr(cst.Yield(cst.Name(SESSION)))
    else:
        statement = cst.Return(cst.Name(SESSION))
    line = cst.SimpleStatementLine([statement])
    return function.with_changes(
        body=cst.IndentedBlock(body=[*docstring(function), line])
    )


class AnswerWithSession(cst.CSTTransformer):
    """The override inside the fixture answers with db_session."""

    def __init__(self, override: Override) -> None:
        super().__init__()
        self.override = override

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if original_node is self.override.function:
            return answering(updated_node)
        return updated_node

    def leave_Assign(
        self, original_node: cst.Assign, updated_node: cst.Assign
    ) -> cst.Assign:
        nested = self.override.function is not None and self.nested
        if original_node is self.override.assign and not nested:
            answer = cst.Lambda(cst.Parameters(), cst.Name(SESSION))
            return updated_node.with_changes(value=answer)
        return updated_node

    @property
    def nested(self) -> bool:
        fixture = self.override.fixture
        return fixture is not None and any(
            item is self.override.function
            for item in walk_statements(fixture.node.body)
        )


def bound_call(statement: cst.SimpleStatementLine) -> tuple[str, str] | None:
    """``name = callee(...)`` as (name, callee's last part)."""
    if len(statement.body) != 1 or not isinstance(statement.body[0], cst.Assign):
        return None
    assign = statement.body[0]
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
        return None
    if not isinstance(assign.value, cst.Call):
        return None
    callee = (dotted(assign.value.func) or "").rsplit(".", 1)[-1]
    return assign.targets[0].target.value, callee


def cleans_up(statement: cst.SimpleStatementLine, name: str) -> bool:
    """``name.dispose()`` / ``name.close()``, or ``X.create_all(name)``-like."""
    if len(statement.body) != 1 or not isinstance(statement.body[0], cst.Expr):
        return False
    call = statement.body[0].value
    if isinstance(call, cst.Await):
        call = call.expression
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return False
    if dotted(call.func.value) == name:
        return True
    return call.func.attr.value in SCHEMA


def dead_statements(fixture: cst.FunctionDef) -> set[int]:
    """ids of the statements that only built or cleaned up what nothing uses now."""
    lines = [
        item
        for item in walk_statements(fixture.body)
        if isinstance(item, cst.SimpleStatementLine)
    ]
    total = name_counts(fixture.body)
    counts = {id(line): name_counts(line) for line in lines}
    dead: set[int] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            bound = bound_call(line)
            if id(line) in dead or bound is None:
                continue
            name, callee = bound
            if callee not in BUILDS and not OPENS_SESSION.search(callee):
                continue
            others = [
                item
                for item in lines
                if id(item) not in dead and item is not line and counts[id(item)][name]
            ]
            outside = total[name] - sum(
                counts[id(item)][name] for item in lines if id(item) in dead
            )
            outside -= counts[id(line)][name] + sum(
                counts[id(item)][name] for item in others
            )
            # Every other use is a clean-up statement; none in a compound header.
            if outside == 0 and all(cleans_up(item, name) for item in others):
                dead |= {id(line), *(id(item) for item in others)}
                changed = True
    return dead


class Drop(cst.CSTTransformer):
    def __init__(self, dead: set[int]) -> None:
        super().__init__()
        self.dead = dead
        self.emptied = False

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.BaseStatement
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        if id(original_node) in self.dead:
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not updated_node.body:
            self.emptied = True
        return updated_node


def no_leading_blank(block: cst.BaseSuite) -> cst.BaseSuite:
    """A body whose first statements went starts without the blank line between."""
    if not isinstance(block, cst.IndentedBlock) or not block.body:
        return block
    first = block.body[0]
    if not isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return block
    lines = list(first.leading_lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    first = first.with_changes(leading_lines=lines)
    return block.with_changes(body=[first, *block.body[1:]])


def rewritten(override: Override) -> cst.FunctionDef | None:
    """The fixture with its override answering db_session; None when not safe."""
    fixture = override.fixture
    if fixture is None or not fixture.per_test or SESSION in fixture.params:
        return None
    node = fixture.node
    if node.params.star_kwarg is not None or node.params.posonly_params:
        return None
    answered = node.visit(AnswerWithSession(override))
    assert isinstance(answered, cst.FunctionDef)
    drop = Drop(dead_statements(answered))
    cleaned = answered.visit(drop)
    if drop.emptied or not isinstance(cleaned, cst.FunctionDef):
        return None
    cleaned = cleaned.with_changes(body=no_leading_blank(cleaned.body))
    used = name_counts(cleaned.body)
    before = name_counts(node.body)
    # Parameters only the removed code read (an engine fixture, tmp_path) go.
    params = [
        param
        for param in cleaned.params.params
        if used[param.name.value] or not before[param.name.value]
    ]
    params.append(cst.Param(cst.Name(SESSION)))
    params = [param.with_changes(comma=cst.MaybeSentinel.DEFAULT) for param in params]
    return cleaned.with_changes(params=cleaned.params.with_changes(params=params))
