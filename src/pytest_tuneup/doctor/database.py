"""Database findings: per-test setup, sessions shared beyond a test, and the
application's own sessions in the project's client or dependency override.

The cost the migration removes (FIELD-NOTES: 95-140 ms per test for an engine and
create_all/drop_all, against 3.5-10 ms for a transaction rolled back) sits in
function-scoped fixtures that build the database themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from .model import Finding
from .suite import Fixture, SourceFile, Suite, dotted
from .walk import Body, Call, body, expression_body

ENGINES = ("create_engine", "create_async_engine")
SCHEMA = ("create_all", "drop_all")
FACTORIES = ("sessionmaker", "async_sessionmaker", "scoped_session")
# Application factories: a fixture calling one builds the app, not a session.
APP_FACTORIES = (
    "create_app",
    "make_app",
    "build_app",
    "app_factory",
    "get_application",
)
# The plugin's own per-test fixtures.
PLUGIN_SESSIONS = frozenset({"db_session", "db_connection"})
# SessionLocal(), Session(engine), AsyncSession(...), TestingSessionLocal(), ...
OPENS_SESSION = re.compile(r"(?i)session(local)?$|^session_?factory$")


def opens_session(done: Body) -> bool:
    return any(
        (OPENS_SESSION.search(call.last) and call.last not in FACTORIES)
        or done.made_by(call) in FACTORIES
        for call in done.calls
    )


def setup_work(done: Body) -> list[str]:
    """What a fixture body does that belongs once per run, in words."""
    work = []
    if any(done.named(*ENGINES)):
        work.append("creates an engine")
    schema = sorted({name for name, _ in done.attributes if name in SCHEMA})
    if schema:
        work.append("runs " + " and ".join(schema))
    if any(done.named(*FACTORIES)):
        work.append("builds a session factory")
    return work


def builds_app(done: Body) -> bool:
    return any(done.named(*APP_FACTORIES))


def app_wide_schema(done: Body) -> list[Call]:
    """``db.create_all()`` / ``db.drop_all()``: Flask-SQLAlchemy's, on the app's
    engines (a MetaData's ``create_all`` takes an engine and is named ``.metadata``)."""
    return [
        call
        for call in done.named(*SCHEMA)
        if ".metadata." not in f".{call.name}" and not call.node.args
    ]


def flask_per_test(done: Body) -> bool:
    """An app factory and its app-wide tables, per test (the flask-app-per-test
    finding, not a session to alias)."""
    return builds_app(done) and bool(app_wide_schema(done))


def metadata_count(done: Body) -> int:
    """How many schemas it builds: distinct ``X.metadata`` / MetaData names."""
    owners: set[str] = set()
    for call in done.calls:
        for arg in [call.node.func, *(item.value for item in call.node.args)]:
            name = dotted(arg) or ""
            if name.endswith((".create_all", ".drop_all")):
                owners.add(name.rsplit(".", 1)[0])
    return len(owners)


def branches(fixture: Fixture) -> bool:
    return "request" in fixture.params and any(
        isinstance(node, cst.If) for node in walk_statements(fixture.node.body)
    )


def walk_statements(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    yield node
    for child in node.children:
        yield from walk_statements(child)


def alias_fix(fixture: Fixture, schemas: int, branching: bool) -> str:
    decorator = "@pytest.fixture"
    signature = f"def {fixture.name}(db_session)"
    text = (
        f"use the plugin's per-test session (engine and schema once per run, each test"
        f" in a transaction rolled back): `{decorator}` `{signature}:"
        f" return db_session`, keeping the name so the tests stay as they are"
    )
    if fixture.is_async:
        text += (
            "; a plain (sync) fixture works for async tests too: take db_session as a"
            " parameter (request.getfixturevalue from an async fixture fails)"
        )
    if schemas > 1:
        text += f"; list each of the {schemas} schemas' MetaData under tuneup_models"
    else:
        text += "; the models go under tuneup_models"
    if branching:
        text += (
            "; the database comes from tuneup_database / TEST_DATABASE_URL, not from"
            " the fixture's branches"
        )
    return text


CLIENTS = ("TestClient", "AsyncClient")


def client_on_apps_own_session(suite: Suite) -> bool:
    """The suite calls the app through a test client, and nothing points the app's
    session dependency at the test's session (no override, no
    tuneup_session_dependency): aliasing the session fixture alone leaves the routes on
    a session of their own (seen on a real suite, where doctor-fix rolled back)."""
    if suite.config.get("tuneup_session_dependency"):
        return False
    if any(any(override_targets(source)) for source in suite.files):
        return False
    return any(
        isinstance(node, cst.Call)
        and (source.qualified(node.func) or "").rsplit(".", 1)[-1] in CLIENTS
        for source in suite.files
        for node in walk_statements(source.module)
    )


def override_setters(suite: Suite) -> set[str]:
    """Fixtures that set a dependency override opening its own session: their
    per-test setup is that override's finding (db-own-session), with its own fix."""
    return {
        override.fixture.name
        for override in own_session_overrides(suite)
        if override.fixture is not None
    }


def per_test_setup(suite: Suite) -> Iterator[Finding]:
    flagged: dict[str, tuple[Fixture, Body]] = {}
    setters = override_setters(suite)
    for fixture in suite.fixtures:
        if fixture.name in setters:
            continue
        if fixture.per_test and not PLUGIN_SESSIONS.intersection(fixture.params):
            done = body(fixture.source, fixture.node)
            if setup_work(done) and not flask_per_test(done):
                flagged[fixture.name] = (fixture, done)
    routes_apart = bool(flagged) and client_on_apps_own_session(suite)
    for fixture, done in flagged.values():
        work = setup_work(done)
        engine = any(done.named(*ENGINES))
        if engine and opens_session(done):
            work.append("opens a session on that engine")
        kind = "async " if fixture.is_async else ""
        on = [name for name in fixture.params if name in flagged]
        what = (
            f"per-test database setup: {kind}fixture `{fixture.name}` (function"
            f" scope) {', '.join(work)}"
        )
        if on:
            what += f" on the per-test `{on[0]}`"
        fix = alias_fix(fixture, metadata_count(done), branches(fixture))
        if routes_apart:
            fix += (
                "; the tests' client reaches the app's own session dependency: point"
                " it at db_session too (tuneup_session_dependency, or an override"
                " returning db_session), or requests will not see the test's rows"
            )
        users = [
            other.name for other, _ in flagged.values() if fixture.name in other.params
        ]
        overriding = [
            other.name
            for other in suite.fixtures
            if other.name in setters and fixture.name in other.params
        ]
        if engine and users and not opens_session(done):
            fix = (
                f"delete it: `{users[0]}`, which uses it, becomes the alias of"
                f" db_session (its own finding); a test that needs `{fixture.name}`"
                " itself takes db_engine (one engine per run, the schema built once)"
            )
        elif engine and overriding and not opens_session(done):
            fix = (
                f"delete it: `{overriding[0]}`, which uses it, answers its dependency"
                " override with db_session instead (its own finding); a test that"
                f" needs `{fixture.name}` itself takes db_engine (one engine per run,"
                " the schema built once)"
            )
        yield Finding(
            code="db-per-test",
            path=fixture.source.rel,
            line=fixture.line,
            what=what + ", again for every test that uses it",
            fix=fix,
            fixture=fixture.name,
        )


def session_fixtures(suite: Suite) -> set[str]:
    """Fixtures that hand out a database session (or connection)."""
    names = set(PLUGIN_SESSIONS)
    for fixture in suite.fixtures:
        done = body(fixture.source, fixture.node)
        if opens_session(done) or (setup_work(done) and fixture.per_test):
            names.add(fixture.name)
    return names


def wider_scoped(suite: Suite) -> Iterator[Finding]:
    sessions = session_fixtures(suite)
    for fixture in suite.fixtures:
        if fixture.per_test or fixture.scope == "dynamic":
            continue
        done = body(fixture.source, fixture.node)
        uses = sorted(sessions.intersection(fixture.params) - {fixture.name})
        if not uses and not opens_session(done):
            continue
        how = f"takes `{uses[0]}`" if uses else "opens its own session"
        yield Finding(
            code="db-wider-scope",
            path=fixture.source.rel,
            line=fixture.line,
            what=(
                f"{fixture.scope}-scoped fixture `{fixture.name}` {how}: the data it"
                " writes is shared by the tests after it, and it cannot take a"
                " per-test db_session (ScopeMismatch)"
            ),
            fix=(
                "keep the wider scope, build the data once: take db_engine, insert and"
                " commit on a connection of its own, return plain values (ids, tokens);"
                " tests read the rows through db_session. Moving it to function scope"
                " instead repeats its work (a login, a password hash) in every test"
            ),
            fixture=fixture.name,
        )


@dataclass
class Override:
    """``X.dependency_overrides[dep] = value`` whose value opens its own session."""

    source: SourceFile
    assign: cst.Assign
    line: int
    dependency: str  # the subscript as written, e.g. get_db
    value: cst.BaseExpression
    # The override's def, when it is a function of the same file.
    function: cst.FunctionDef | None
    # The fixture the assignment is in (None: at module level, or in a helper).
    fixture: Fixture | None


def override_targets(source: SourceFile) -> Iterator[tuple[cst.Assign, str, int]]:
    """``X.dependency_overrides[dep] = value`` anywhere in the file."""
    for node in walk_statements(source.module):
        if not isinstance(node, cst.Assign):
            continue
        for target in node.targets:
            subscript = target.target
            if isinstance(subscript, cst.Subscript) and (
                dotted(subscript.value) or ""
            ).endswith("dependency_overrides"):
                key = subscript.slice[0].slice if subscript.slice else None
                name = cst.Module([]).code_for_node(key) if key is not None else ""
                yield node, name, source.line(node)


def enclosing_fixture(source: SourceFile, node: cst.CSTNode) -> Fixture | None:
    for fixture in source.fixtures:
        if any(item is node for item in walk_statements(fixture.node.body)):
            return fixture
    return None


def own_session_overrides(suite: Suite) -> Iterator[Override]:
    """Every dependency override of the suite that opens a session of its own."""
    for source in suite.files:
        for assign, dependency, line in override_targets(source):
            value = assign.value
            function = None
            if isinstance(value, cst.Lambda):
                done: Body | None = expression_body(source, value.body)
            else:
                function = find_function(source, dotted(value) or "")
                done = body(source, function) if function is not None else None
            if done is None:
                continue
            fixture = enclosing_fixture(source, assign)
            if fixture is not None:
                # factory = sessionmaker(...) in the fixture, factory() in the override.
                around = body(source, fixture.node).assigned
                done.assigned = {**around, **done.assigned}
            if opens_session(done):
                yield Override(
                    source, assign, line, dependency, value, function, fixture
                )


def override_fix(override: Override) -> str:
    name = cst.Module([]).code_for_node(override.value)
    if override.fixture is None:
        return (
            "set the override in a fixture that takes db_session, answering the"
            f" dependency with it (`app.dependency_overrides[{override.dependency}] ="
            " lambda: db_session`), or set tuneup_session_dependency to"
            f" `{override.dependency}`'s import path and use the plugin's client"
            " fixture"
        )
    text = (
        f"take db_session in `{override.fixture.name}` and let the override answer"
        f" with it (`{name}` yields db_session instead of a session of its own):"
        " requests then run in the test's transaction, rolled back after it"
    )
    if setup_work(body(override.source, override.fixture.node)):
        text += (
            "; the engine, create_all/drop_all and the session factory go (the plugin"
            " builds the schema once, from tuneup_models)"
        )
    return text


def own_session_override(suite: Suite) -> Iterator[Finding]:
    for override in own_session_overrides(suite):
        what = (
            "the dependency override opens its own session: requests through"
            " the client write outside the test's transaction, so the data"
            " stays and the tests cannot see each other's rollback"
        )
        fixture = override.fixture
        if fixture is not None:
            work = setup_work(body(override.source, fixture.node))
            if work and fixture.per_test:
                what += (
                    f"; fixture `{fixture.name}` (function scope) also"
                    f" {', '.join(work)}, again for every test that uses it"
                )
        yield Finding(
            code="db-own-session",
            path=override.source.rel,
            line=override.line,
            what=what,
            fix=override_fix(override),
            fixture=fixture.name if fixture is not None else None,
        )


def find_function(source: SourceFile, name: str) -> cst.FunctionDef | None:
    if name in source.functions:
        return source.functions[name]
    # Overrides are often defined inside the client fixture.
    for node in walk_statements(source.module):
        if isinstance(node, cst.FunctionDef) and node.name.value == name:
            return node
    return None


def findings(suite: Suite) -> Iterator[Finding]:
    yield from per_test_setup(suite)
    yield from wider_scoped(suite)
    yield from own_session_override(suite)
