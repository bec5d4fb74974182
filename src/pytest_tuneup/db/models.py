"""The ``tuneup_models`` entries, loaded and checked once, when the session starts.

A wrong entry stops the run before any test, any database or any cache is touched,
with one line that names the entry and the fix (exit code 4, a usage error): never a
traceback per test, never an empty schema built and cached.

Each entry is ``module:attribute`` where the attribute may be dotted
(``shop.ext:db.metadata``: every dot is walked), and names one of:

- a MetaData;
- anything with a ``.metadata`` that is a MetaData: a declarative Base, ``SQLModel``,
  a Flask-SQLAlchemy ``db``;
- a callable taking no argument that returns one of those (an app factory that
  registers its models, then returns ``db.metadata``): it is called once.

Models defined in a conftest.py resolve to the module pytest already imported, whatever
the import mode: importing the file a second time would make a second MetaData, with
none of the tables the tests use.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from typing import Any, NoReturn

import pytest
from sqlalchemy import MetaData

from .. import settings

#: Each entry with its MetaData, in the order of the entries.
LOADED = pytest.StashKey[tuple[tuple[str, MetaData], ...]]()


def entries(config: pytest.Config) -> tuple[tuple[str, MetaData], ...]:
    """Each entry and its MetaData, loaded and checked on first use (session start)."""
    if LOADED not in config.stash:
        config.stash[LOADED] = load(config)
    return config.stash[LOADED]


def metadata(config: pytest.Config) -> tuple[MetaData, ...]:
    """The distinct MetaData: two entries on one (a Base and Base.metadata) are one."""
    found: list[MetaData] = []
    for _entry, each in entries(config):
        if not any(each is other for other in found):
            found.append(each)
    return tuple(found)


def load(config: pytest.Config) -> tuple[tuple[str, MetaData], ...]:
    found = []
    for entry in settings.read(config).models:
        each = load_entry(config, entry)
        if not each.tables:
            refuse(
                entry,
                "has no tables: nothing imported the modules that define them; name"
                " the module whose import defines every model, or a function that"
                " imports them and returns the MetaData",
            )
        found.append((entry, each))
    return tuple(found)


def load_entry(config: pytest.Config, entry: str) -> MetaData:
    target = resolve(config, entry)
    found = metadata_of(target)
    if found is None and callable(target):
        # A factory: it builds the app (registering its models) and returns them.
        try:
            result = target()
        except Exception as error:  # the user's code: any failure is one line
            reason = f"calling it failed: {one_line(error)}"
            raise pytest.UsageError(line(entry, reason)) from error
        found = metadata_of(result)
        if found is None:
            refuse(entry, f"calling it returned {describe(result)}, {WHAT_COUNTS}")
    if found is None:
        refuse(entry, f"is {describe(target)}, {WHAT_COUNTS}")
    return found


WHAT_COUNTS = (
    "not a MetaData, a declarative Base, SQLModel or a Flask-SQLAlchemy db"
    " (anything whose .metadata is a MetaData), nor a function returning one"
)


def resolve(config: pytest.Config, entry: str, key: str = "tuneup_models") -> Any:
    """What ``module:attribute`` names, walking every dot of a dotted attribute."""
    module_name, _, attribute = entry.partition(":")
    target: Any = module(config, entry, module_name, key)
    walked = module_name
    for name in attribute.split("."):
        if not hasattr(target, name):
            refuse(entry, f"{walked} has no attribute {name!r}", key)
        target = getattr(target, name)
        walked = f"{walked}{'.' if walked != module_name else ':'}{name}"
    return target


def metadata_of(target: Any) -> MetaData | None:
    if isinstance(target, MetaData):
        return target
    found = getattr(target, "metadata", None)
    return found if isinstance(found, MetaData) else None


def module(config: pytest.Config, entry: str, name: str, key: str) -> types.ModuleType:
    """The module, as pytest imported it when it is a conftest.py, else imported."""
    if name in sys.modules:
        return sys.modules[name]
    loaded = conftest_modules(config)
    try:
        # Imports the parent packages (not the module): they may fail like any code.
        spec = importlib.util.find_spec(name)
    except Exception as error:
        raise not_importable(entry, name, key, error) from error
    origin = os.path.realpath(spec.origin) if spec and spec.origin else None
    if origin is not None and origin in loaded:
        return loaded[origin]
    if name.rpartition(".")[2] == "conftest":
        names = ", ".join(sorted(f"{m.__name__!r}" for m in loaded.values()))
        refuse(
            entry,
            f"pytest imported no conftest module named {name!r} (it named its"
            f" conftest modules {names or 'nothing'} at start): use that name,"
            " or move them to a module of their own",
            key,
        )
    try:
        return importlib.import_module(name)
    except Exception as error:  # the user's code: any failure is one line
        raise not_importable(entry, name, key, error) from error


def not_importable(
    entry: str, name: str, key: str, error: BaseException
) -> pytest.UsageError:
    reason = f"module {name!r} does not import: {one_line(error)}"
    return pytest.UsageError(line(entry, reason, key))


def conftest_modules(config: pytest.Config) -> dict[str, types.ModuleType]:
    """The conftest modules pytest has imported, by their file's real path."""
    found = {}
    for plugin in config.pluginmanager.get_plugins():
        path = getattr(plugin, "__file__", None) or ""
        is_module = isinstance(plugin, types.ModuleType)
        if is_module and os.path.basename(path) == "conftest.py":
            found[os.path.realpath(path)] = plugin
    return found


def describe(value: Any) -> str:
    kind = type(value)
    return f"a {kind.__module__}.{kind.__qualname__}"


def one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def refuse(
    entry: str, reason: str, key: str = "tuneup_models", fix: str = ""
) -> NoReturn:
    """Stop the run: one line naming the setting, its entry and the fix.

    A UsageError, since this runs at session start: pytest prints it once, as
    ``ERROR: ...``, and exits with code 4 (pytest.exit there prints it twice).
    """
    raise pytest.UsageError(line(entry, reason, key, fix))


def line(entry: str, reason: str, key: str = "tuneup_models", fix: str = "") -> str:
    answer = key[len("tuneup_") :]
    fix = fix or f"fix the {answer} answer (copier update --data {answer}=...) or {key}"
    return f"pytest-tuneup: {key} {entry!r}: {reason}; {fix}"
