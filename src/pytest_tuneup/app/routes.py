"""Which applications' routes use a dependency, through every way FastAPI nests them.

Part of ``pytest_tuneup.app``; not a plugin of its own. An override in
``app.dependency_overrides`` reaches a route only through the route's
``dependency_overrides_provider``, so the walk says, for each route that uses the
dependency, which object's overrides it reads:

- ``APIRoute`` / ``APIWebSocketRoute``: their ``dependant`` tree. Older FastAPI copies
  the routes of ``include_router`` into the parent, with the router's dependencies;
- ``_IncludedRouter`` (newer FastAPI): the included router's own routes, walked again
  (routers include routers), and the dependencies given to ``include_router``, which
  the copied routes no longer carry;
- ``Mount`` / ``Host``: a mounted FastAPI application answers from its own
  ``dependency_overrides``; the routes of any other mounted router read their own
  router's, which no override of the application reaches.

Private names of FastAPI are only read with ``getattr`` (duck typing): a release that
renames them still works wherever the shapes stay, and each shape has a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Provider = Any  # whatever holds ``dependency_overrides``: the application, mostly


def providers_using(app: Any, dependency: Callable[..., Any]) -> list[Provider]:
    """The applications whose overrides reach the routes that use ``dependency``.

    Empty when no route uses it, directly or through other dependencies, or when
    none of those routes reads an application's overrides.
    """
    found: list[Provider] = []
    routes = dependants(app.routes, app, set())
    for provider, dependant in routes:
        new = provider is not None and provider not in found
        if new and uses(dependant, dependency):
            found.append(provider)
    return found


def dependants(
    routes: Any, provider: Provider, seen: set[int]
) -> Iterator[tuple[Provider, Any]]:
    """Every route's dependant, with the object whose overrides it reads."""
    for route in routes:
        dependant = getattr(route, "dependant", None)
        if dependant is not None:
            # A route of an included router keeps its own router's provider (often
            # None); the application that included it is the one that answers.
            own = getattr(route, "dependency_overrides_provider", None)
            yield (own if own is not None else provider), dependant
        included = getattr(route, "original_router", None)
        if included is not None and id(included) not in seen:
            seen.add(id(included))
            context = getattr(route, "include_context", None)
            outer = getattr(context, "dependency_overrides_provider", None)
            inner = outer if outer is not None else provider
            for depends in getattr(context, "dependencies", ()):
                yield inner, parameterless(depends)
            yield from dependants(included.routes, inner, seen)
        # A route's ``app`` is its handler; only a Mount's or a Host's has routes.
        mounted = getattr(route, "app", None)
        plain = dependant is None and included is None
        if plain and mounted is not None and id(mounted) not in seen:
            seen.add(id(mounted))
            yield from mounted_dependants(route, mounted, provider, seen)


def mounted_dependants(
    route: Any, mounted: Any, provider: Provider, seen: set[int]
) -> Iterator[tuple[Provider, Any]]:
    # Mount(..., middleware=...) wraps the application; the routes are on the base.
    base = getattr(route, "_base_app", mounted)
    if isinstance(getattr(base, "dependency_overrides", None), dict):
        yield from dependants(getattr(base, "routes", ()), base, seen)
    else:
        # Its routes read their own provider's overrides (None: no override reaches
        # them); only include_router hands them the parent's.
        yield from dependants(getattr(route, "routes", None) or (), None, seen)


def parameterless(depends: Any) -> Any:
    """The dependant of a ``Depends(...)`` in ``include_router(dependencies=...)``."""
    from fastapi.dependencies.utils import get_parameterless_sub_dependant

    return get_parameterless_sub_dependant(depends=depends, path="")


def uses(dependant: Any, dependency: Callable[..., Any]) -> bool:
    pending = [dependant]
    while pending:
        current = pending.pop()
        if current.call == dependency:
            return True
        pending.extend(current.dependencies)
    return False
