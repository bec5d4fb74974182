"""A Flask application and its tables built for every test: a function-scoped fixture
calling the app factory and Flask-SQLAlchemy's ``db.create_all()``.

Flask-SQLAlchemy code uses the application-wide ``db.session``, so a session of the
plugin's cannot simply be handed to it: the plugin's Flask mode (``tuneup_flask_app``,
``pytest_tuneup/db/flask.py``) builds the application once, with its context pushed,
and points ``db.session`` at each test's transaction. The fix is then
``def app(flask_app, db_session): return flask_app``. ``make doctor-fix`` writes it
only when nothing else is lost: the fixture does nothing but build the app, push its
context and create and drop the tables; the factory gets no arguments, or one dict
literal whose keys become ``flask_app.config.update(...)`` (the database's own keys,
``SQLALCHEMY_*``, are the plugin's, and fixtures the fixture took only for them, such
as ``tmp_path``, go); and ``tuneup_flask_app`` is set. Otherwise the finding says what
stands in the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from .database import APP_FACTORIES, app_wide_schema, flask_per_test
from .model import Finding
from .override_fix import name_counts
from .suite import Fixture, Suite, string_value
from .walk import Body, Call, body, docstring

# What the fixture may do besides calling the factory, for the rewrite to lose nothing.
HOUSEKEEPING = frozenset(
    {
        "app_context",
        "create_all",
        "drop_all",
        "remove",
        "close",
        "dispose",
        "push",
        "pop",
    }
)
APP, SESSION = "flask_app", "db_session"


@dataclass
class Plan:
    fixture: Fixture
    factory: Call
    node: cst.FunctionDef | None  # the rewritten fixture; None when not safe
    reason: str  # why not, when node is None


def config_update(factory: Call) -> tuple[cst.Dict | None, str]:
    """The settings the fixture gave the factory, minus the database's; a reason
    (and None) when they cannot be carried over to an app built once."""
    args = factory.node.args
    if not args:
        return None, ""
    if len(args) != 1 or args[0].keyword is not None or args[0].star:
        return None, f"{factory.last}() gets arguments a build once cannot pass"
    settings = args[0].value
    if not isinstance(settings, cst.Dict):
        return None, f"{factory.last}() gets a configuration that is not a dict literal"
    kept = []
    for element in settings.elements:
        key = element.key if isinstance(element, cst.DictElement) else None
        name = string_value(key) if key is not None else None
        if name is None:
            return (
                None,
                f"{factory.last}()'s configuration has keys that are not strings",
            )
        if not name.startswith("SQLALCHEMY_"):
            kept.append(element.with_changes(comma=cst.MaybeSentinel.DEFAULT))
    return (settings.with_changes(elements=kept) if kept else None), ""


def rewritten(
    suite: Suite, fixture: Fixture, done: Body, factory: Call
) -> tuple[cst.FunctionDef | None, str]:
    """The fixture as an alias of the plugin's app, or why it cannot be one."""
    others = [
        call
        for call in done.calls
        if call is not factory and call.last not in HOUSEKEEPING
    ]
    if others:
        return None, (
            f"it does more than build the app and its tables ({others[0].last}() at"
            f" line {others[0].line})"
        )
    if not suite.config.get("tuneup_flask_app"):
        return None, "tuneup_flask_app is not set"
    update, reason = config_update(factory)
    if reason:
        return None, reason
    # Fixtures it took only for the database's settings (tmp_path) go with them.
    kept = set(name_counts(update)) if update is not None else set()
    needed = [name for name in fixture.params if name in kept]
    if needed:
        return None, f"its settings read other fixtures ({', '.join(needed)})"
    statements = docstring(fixture.node)
    if update is not None:
        config = cst.Attribute(cst.Name(APP), cst.Name("config"))
        call = cst.Call(cst.Attribute(config, cst.Name("update")), [cst.Arg(update)])
        statements.append(cst.SimpleStatementLine([cst.Expr(call)]))
    statements.append(cst.SimpleStatementLine([cst.Return(cst.Name(APP))]))
    params = [cst.Param(cst.Name(APP)), cst.Param(cst.Name(SESSION))]
    node = fixture.node.with_changes(
        asynchronous=None,
        params=cst.Parameters(params),
        returns=None,
        body=cst.IndentedBlock(body=statements),
    )
    return node, ""


def plans(suite: Suite) -> Iterator[Plan]:
    for fixture in suite.fixtures:
        if not fixture.per_test:
            continue
        done = body(fixture.source, fixture.node)
        if not flask_per_test(done):
            continue
        factory = next(done.named(*APP_FACTORIES))
        node, reason = rewritten(suite, fixture, done, factory)
        yield Plan(fixture, factory, node, reason)


def import_path(dotted_name: str, tail: str) -> str:
    """``greenhouse.create_app`` as ``greenhouse:create_app``; a name defined in the
    test file itself (no package) stays as it is."""
    module, _, name = dotted_name.rpartition(".")
    return f"{module}:{name}{tail}" if module else f"{name}{tail}"


def findings(suite: Suite) -> Iterator[Finding]:
    for plan in plans(suite):
        done = body(plan.fixture.source, plan.fixture.node)
        schema = sorted({call.last for call in app_wide_schema(done)})
        db = app_wide_schema(done)[0].name.rsplit(".", 1)[0]
        fix = (
            "the plugin's Flask mode builds the application and its tables once and"
            " puts db.session in each test's transaction:"
        )
        if not suite.config.get("tuneup_flask_app"):
            factory = import_path(plan.factory.name, "")
            fix += (
                f' set tuneup_flask_app = "{factory}" (called once, without'
                f' arguments) and tuneup_models = "{import_path(db, ".metadata")}",'
                " then"
            )
        fix += (
            f" `@pytest.fixture` `def {plan.fixture.name}(flask_app, db_session):"
            " return flask_app`, keeping the name so the tests stay as they are"
        )
        update, _ = config_update(plan.factory)
        if update is not None:
            fix += (
                "; the settings it gave the factory (but the database's) go to"
                " flask_app.config.update(...)"
            )
        if plan.node is None:
            fix += f". make doctor-fix leaves it: {plan.reason}"
        yield Finding(
            code="flask-app-per-test",
            path=plan.fixture.source.rel,
            line=plan.fixture.line,
            what=(
                f"fixture `{plan.fixture.name}` (function scope) builds the Flask"
                f" application ({plan.factory.last}) and its tables"
                f" ({', '.join(f'db.{name}' for name in schema)}) for every test, on"
                " Flask-SQLAlchemy's application-wide db.session"
            ),
            fix=fix,
            fixture=plan.fixture.name,
        )
