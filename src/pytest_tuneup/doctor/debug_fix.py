"""``PYTHONASYNCIODEBUG`` set by a conftest or test module: doctor-fix takes it out.

A module-level ``os.environ.setdefault("PYTHONASYNCIODEBUG", ...)`` or
``os.environ["PYTHONASYNCIODEBUG"] = ...`` puts every event loop made after it in
debug mode: pytest-asyncio before 1.0 reads the variable for its loops, and so does
``asyncio.run`` in the code under test, whatever ``asyncio_debug`` says. The
statement becomes a comment that says how to switch debug mode on for one run
(``configfix`` does the same for ``asyncio_debug = true``); the comments above it
stay. Only a statement alone on its line at the top level of the module, so that the
rest of the file keeps its bytes; a variable set in a function or a fixture stays a
finding. The suite's proof decides whether the change stays.
"""

from __future__ import annotations

import libcst as cst

from .asyncio_checks import DEBUG_VARIABLE
from .suite import SourceFile, string_value

COMMENT = (
    f"# {DEBUG_VARIABLE}: off in normal runs; a debugging run:"
    f" {DEBUG_VARIABLE}=1 pytest"
)
ENVIRON = "os.environ"


def sets_debug(source: SourceFile, statement: cst.BaseStatement) -> bool:
    """``os.environ.setdefault(VAR, ...)`` or ``os.environ[VAR] = ...``, alone."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        return (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "setdefault"
            and source.qualified(call.func.value) == ENVIRON
            and bool(call.args)
            and string_value(call.args[0].value) == DEBUG_VARIABLE
        )
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return (
            isinstance(target, cst.Subscript)
            and source.qualified(target.value) == ENVIRON
            and len(target.slice) == 1
            and isinstance(target.slice[0].slice, cst.Index)
            and string_value(target.slice[0].slice.value) == DEBUG_VARIABLE
        )
    return False


def sets_debug_anywhere(source: SourceFile) -> bool:
    """Does a top-level statement of the file set the variable?"""
    return any(sets_debug(source, statement) for statement in source.module.body)


def debug_off(
    source: SourceFile, module: cst.Module
) -> tuple[cst.Module, list[cst.BaseStatement]]:
    """``module`` without the statements, and the statements taken out.

    Their comments, then ``COMMENT``, go above the statement that follows (or at the
    end of the file).
    """
    body: list[cst.BaseStatement] = []
    dropped: list[cst.BaseStatement] = []
    pending: list[cst.EmptyLine] = []
    for statement in module.body:
        if sets_debug(source, statement):
            note = cst.EmptyLine(comment=cst.Comment(COMMENT))
            pending += [*statement.leading_lines, note]
            dropped.append(statement)
            continue
        if pending:
            lines = [*pending, *statement.leading_lines]
            statement = statement.with_changes(leading_lines=lines)
            pending = []
        body.append(statement)
    return module.with_changes(body=body, footer=[*module.footer, *pending]), dropped
