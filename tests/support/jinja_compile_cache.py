"""Keep the Jinja templates copier compiles from strings, for our own test runs.

copier compiles every part of every path of the template anew, one Jinja compile each
(``Worker._render_parts`` -> ``Environment.from_string``): since the package's ~100
modules are vendored by the template, that is ~1,650 compiles of the same few strings per
copy, 55% of a copy's CPU (1.76 s -> 0.88 s per copy, measured in-process on db_sync).
Our suite makes a few hundred copies and updates, so it keeps each environment's compiled
templates and compiles a string once. Rendering still happens each time with copier's own
context; what copier writes is the same byte for byte (tests/test_copier_speedups.py compares a
copy made with and without this cache).

A user's ``copier copy`` does not get this: it is about our suite's time, not the product.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from typing import Any

import jinja2

_ORIGINAL_FROM_STRING = jinja2.Environment.from_string
_COMPILED: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, jinja2.Template]] = weakref.WeakKeyDictionary()


def _from_string(
    self: jinja2.Environment,
    source: Any,
    globals: Any = None,  # Jinja's own parameter name
    template_class: Any = None,
) -> jinja2.Template:
    # copier's `{% yield %}` tag reports what it found while the string is parsed, so a
    # string with that tag must be compiled each time. Strings with extra globals or a
    # template class are left to Jinja too: copier passes neither.
    if globals is not None or template_class is not None or not isinstance(source, str) or "yield" in source:
        return _ORIGINAL_FROM_STRING(self, source, globals, template_class)
    compiled = _COMPILED.setdefault(self, {})
    template = compiled.get(source)
    if template is None:
        template = compiled[source] = _ORIGINAL_FROM_STRING(self, source)
    return template


def install() -> None:
    """From now on, this process compiles each string once per Jinja environment."""
    jinja2.Environment.from_string = _from_string  # type: ignore[method-assign]


@contextlib.contextmanager
def uninstalled() -> Iterator[None]:
    """Jinja's own ``from_string`` for the duration: the reference for the comparison."""
    current = jinja2.Environment.from_string
    jinja2.Environment.from_string = _ORIGINAL_FROM_STRING  # type: ignore[method-assign]
    try:
        yield
    finally:
        jinja2.Environment.from_string = current  # type: ignore[method-assign]
