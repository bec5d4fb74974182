"""``make doctor-fix``'s rewrite: per-test database fixtures become aliases of the
plugin's ``db_session``, with libcst, so the rest of each file keeps its bytes.

A fixture that opens a session (or builds one through a session factory) keeps its
name, its decorator's other arguments and the comments above it, and becomes
``def name(db_session: T) -> T: return db_session`` (``T`` from its own annotation:
``AsyncIterator[AsyncSession]`` gives ``AsyncSession``). It is a plain function even
when it was async: pytest-asyncio resolves ``db_session`` for it, and
``request.getfixturevalue`` is never needed. An engine fixture that only fed such a
fixture is deleted, and imports only the rewritten code used go with it. Left alone,
as findings: parametrized fixtures (their tests' ids would change), fixtures of
classes, engine fixtures that something else uses.

A fixture that sets a dependency override opening its own session is rewritten by
``override_fix`` (the override answers with ``db_session``); an engine fixture that only
fed it goes the same way. A module-level statement that sets ``PYTHONASYNCIODEBUG``
becomes a comment (``debug_fix``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from . import flask_app
from .database import (
    ENGINES,
    FACTORIES,
    builds_app,
    opens_session,
    own_session_overrides,
    per_test_setup,
)
from .debug_fix import debug_off, sets_debug_anywhere
from .override_fix import rewritten
from .suite import Fixture, SourceFile, Suite, dotted
from .walk import body, docstring

REMOVE = cst.RemovalSentinel.REMOVE
WRAPPERS = frozenset(
    {"Iterator", "AsyncIterator", "Generator", "AsyncGenerator", "Iterable"}
)


@dataclass
class Edit:
    source: SourceFile
    alias: dict[int, Fixture] = field(default_factory=dict)  # id(node) -> fixture
    delete: dict[int, Fixture] = field(default_factory=dict)
    # id(node) -> the fixture's new def: its dependency override answers with
    # db_session (override_fix), or it returns the plugin's Flask app (flask_app).
    replace: dict[int, cst.FunctionDef] = field(default_factory=dict)
    debug_off: bool = False  # a top-level statement sets PYTHONASYNCIODEBUG


def names_in(node: cst.CSTNode) -> set[str]:
    found: set[str] = set()

    class Names(cst.CSTVisitor):
        def visit_Name(self, name: cst.Name) -> None:
            found.add(name.value)

    node.visit(Names())
    return found


def used_elsewhere(suite: Suite, name: str, besides: set[int]) -> bool:
    """Is fixture ``name`` asked for by anything but the fixtures being rewritten?"""
    for source in suite.files:
        for node in walk(source.module):
            if (
                isinstance(node, cst.FunctionDef)
                and id(node) not in besides
                and name in {param.name.value for param in node.params.params}
            ):
                return True
            if isinstance(node, cst.SimpleString) and node.evaluated_value == name:
                return True  # usefixtures("name"), getfixturevalue("name")
    return False


def walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    out = [node]
    for child in node.children:
        out += walk(child)
    return out


def parametrized(fixture: Fixture) -> bool:
    for decorator in fixture.node.decorators:
        if isinstance(decorator.decorator, cst.Call):
            for arg in decorator.decorator.args:
                if arg.keyword is not None and arg.keyword.value == "params":
                    return True
    return False


def plan(suite: Suite) -> list[Edit]:
    """What the rewrite changes: per file, fixtures to alias and to delete."""
    flagged = {finding.fixture for finding in per_test_setup(suite)}
    module_level = {
        id(node)
        for source in suite.files
        for node in source.module.body
        if isinstance(node, cst.FunctionDef)
    }
    edits: dict[str, Edit] = {}
    aliased: list[Fixture] = []
    engines: list[Fixture] = []
    for fixture in suite.fixtures:
        if fixture.name not in flagged or id(fixture.node) not in module_level:
            continue
        if parametrized(fixture):
            continue
        done = body(fixture.source, fixture.node)
        if builds_app(done):
            continue  # an application, not a session: never an alias of db_session
        if opens_session(done) or any(done.named(*FACTORIES)):
            aliased.append(fixture)
        elif any(done.named(*ENGINES)):
            engines.append(fixture)
    for fixture in aliased:
        edits.setdefault(fixture.source.rel, Edit(fixture.source)).alias[
            id(fixture.node)
        ] = fixture
    # Fixtures whose override answers with db_session, with the parameters they drop.
    dropped: dict[int, set[str]] = {}
    for override in own_session_overrides(suite):
        setter = override.fixture
        if setter is None or id(setter.node) not in module_level:
            continue
        new = None if parametrized(setter) else rewritten(override)
        edit = edits.setdefault(setter.source.rel, Edit(setter.source))
        if new is None or id(setter.node) in edit.replace:
            continue
        edit.replace[id(setter.node)] = new
        kept = {param.name.value for param in new.params.params}
        dropped[id(setter.node)] = set(setter.params) - kept
    for flask in flask_app.plans(suite):
        key = id(flask.fixture.node)
        if (
            flask.node is not None
            and key in module_level
            and not parametrized(flask.fixture)
        ):
            edit = edits.setdefault(
                flask.fixture.source.rel, Edit(flask.fixture.source)
            )
            edit.replace[key] = flask.node
    aliased_ids = {id(fixture.node) for fixture in aliased}
    for fixture in engines:
        fed = [item for item in aliased if fixture.name in item.params]
        # The override fixtures that no longer take it count as rewritten users.
        besides = aliased_ids | {
            key for key, names in dropped.items() if fixture.name in names
        }
        fed_overrides = len(besides) > len(aliased_ids)
        if (fed or fed_overrides) and not used_elsewhere(suite, fixture.name, besides):
            edits.setdefault(fixture.source.rel, Edit(fixture.source)).delete[
                id(fixture.node)
            ] = fixture
    for source in suite.files:
        if sets_debug_anywhere(source):
            edits.setdefault(source.rel, Edit(source)).debug_off = True
    return [
        edit
        for edit in edits.values()
        if edit.alias or edit.delete or edit.replace or edit.debug_off
    ]


def yielded_type(returns: cst.Annotation | None) -> cst.BaseExpression | None:
    """``Session`` from ``Iterator[Session]`` (or the annotation as it is)."""
    if returns is None:
        return None
    annotation = returns.annotation
    if isinstance(annotation, cst.Subscript):
        wrapper = (dotted(annotation.value) or "").rsplit(".", 1)[-1]
        if wrapper in WRAPPERS and annotation.slice:
            first = annotation.slice[0].slice
            if isinstance(first, cst.Index):
                return first.value
    return annotation


def plain_decorator(source: SourceFile, decorator: cst.Decorator) -> cst.Decorator:
    """``@pytest.fixture`` with the user's arguments (not pytest-asyncio's)."""
    target = decorator.decorator
    callee = target.func if isinstance(target, cst.Call) else target
    if not (source.qualified(callee) or "").startswith("pytest_asyncio."):
        return decorator
    fixture = cst.Attribute(cst.Name("pytest"), cst.Name("fixture"))
    if not isinstance(target, cst.Call):
        return decorator.with_changes(decorator=fixture)
    args = [
        arg
        for arg in target.args
        if not (arg.keyword is not None and arg.keyword.value == "loop_scope")
    ]
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return decorator.with_changes(
            decorator=target.with_changes(func=fixture, args=args)
        )
    return decorator.with_changes(decorator=fixture)


def alias(source: SourceFile, node: cst.FunctionDef) -> cst.FunctionDef:
    kind = yielded_type(node.returns)
    param = cst.Param(
        cst.Name("db_session"),
        annotation=cst.Annotation(kind) if kind is not None else None,
    )
    statements: list[cst.BaseStatement] = [
        *docstring(node),
        cst.SimpleStatementLine([cst.Return(cst.Name("db_session"))]),
    ]
    fixture_decorators = [plain_decorator(source, item) for item in node.decorators]
    return node.with_changes(
        asynchronous=None,
        decorators=fixture_decorators,
        params=cst.Parameters(params=[param]),
        returns=cst.Annotation(kind) if kind is not None else None,
        body=cst.IndentedBlock(body=statements),
    )


class Rewrite(cst.CSTTransformer):
    def __init__(self, edit: Edit) -> None:
        super().__init__()
        self.edit = edit
        self.removed: set[str] = set()

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef | cst.RemovalSentinel:
        key = id(original_node)
        if key in self.edit.delete:
            self.removed |= names_in(original_node)
            return cst.RemovalSentinel.REMOVE
        if key in self.edit.alias:
            self.removed |= names_in(original_node)
            return alias(self.edit.source, updated_node)
        if key in self.edit.replace:
            self.removed |= names_in(original_node)
            return self.edit.replace[key]
        return updated_node


class DropImports(cst.CSTTransformer):
    """Imports of names only the rewritten code used."""

    def __init__(self, candidates: set[str]) -> None:
        super().__init__()
        self.candidates = candidates

    def keep(self, alias: cst.ImportAlias) -> bool:
        local = alias.asname.name if alias.asname is not None else alias.name
        name = (dotted(local) or "").split(".")[0]
        return name not in self.candidates

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        if dotted(updated_node.module or cst.Name("")) == "__future__":
            return updated_node
        kept = self.kept(updated_node.names)
        if kept is None:
            return updated_node
        return updated_node.with_changes(names=kept) if kept else REMOVE

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        kept = self.kept(updated_node.names)
        if kept is None:
            return updated_node
        return updated_node.with_changes(names=kept) if kept else REMOVE

    def kept(self, names: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias] | None:
        """The aliases to keep; None when all of them stay."""
        kept = [alias for alias in names if self.keep(alias)]
        if len(kept) == len(names):
            return None
        if kept:
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return kept


def used_names(module: cst.Module) -> set[str]:
    """Names the module uses outside its import statements."""
    found: set[str] = set()

    class Uses(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> bool:
            return False

        def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
            return False

        def visit_Name(self, node: cst.Name) -> None:
            found.add(node.value)

    module.visit(Uses())
    return found


def ensure_pytest_import(source: SourceFile, module: cst.Module) -> cst.Module:
    if "pytest" in source.imports or "pytest.fixture" not in module.code:
        return module
    statement = cst.parse_statement("import pytest\n")
    body = list(module.body)
    index = 0
    for position, item in enumerate(body):
        if isinstance(item, cst.SimpleStatementLine) and isinstance(
            item.body[0], (cst.Import, cst.ImportFrom)
        ):
            index = position + 1
    body.insert(index, statement)
    return module.with_changes(body=body)


def rewrite(edit: Edit) -> str:
    """The file's new text."""
    transformer = Rewrite(edit)
    module = edit.source.module.visit(transformer)
    if edit.debug_off:
        module, dropped = debug_off(edit.source, module)
        for statement in dropped:
            transformer.removed |= names_in(statement)
    unused = transformer.removed - used_names(module)
    module = module.visit(DropImports(unused))
    module = ensure_pytest_import(edit.source, module)
    return module.code
