"""Guards from pytest-tuneup, loaded by ``-p pytest_tuneup.guards``.

- Environment: each test gets ``os.environ`` back as it found it, whatever the test or
  its fixtures changed. The ``tuneup_env`` setting (``NAME=value`` lines) sets variables
  for the whole run, before conftest.py files and the code they import read them.
- asyncio's debug mode (slow, meant for hunting bugs) stays off unless asked for with
  ``--tuneup-asyncio-debug``: a ``PYTHONASYNCIODEBUG`` left in the environment no longer
  slows down every event loop of the run.
- Network, with ``tuneup_block_network = true``: through pytest-socket, a test may only
  connect to this machine (127.0.0.1, ::1, localhost) and look up only those names;
  the test database's host (from ``tuneup_db_url_env``) stays reachable too.
  ``@pytest.mark.enable_socket`` lets one test out; ``pytest --force-enable-socket``
  lets every test out.
"""

from __future__ import annotations

import functools
import importlib
import os
import socket
from collections.abc import Callable, Generator, Mapping
from typing import Any
from urllib.parse import urlsplit

import pytest

from . import settings

#: The variable that puts every new asyncio event loop in debug mode.
ASYNCIO_DEBUG_ENV = "PYTHONASYNCIODEBUG"
#: The values the run changed, as they were before, to put back at the end.
OUTSIDE_VALUES = pytest.StashKey[dict[str, "str | None"]]()
#: pytest's own variable, naming the running test and its phase: not the test's change.
CURRENT_TEST_ENV = "PYTEST_CURRENT_TEST"
#: Hosts every test may reach: this machine.
LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: How pytest-socket's messages (and ours, for name lookups) begin.
BLOCKED = "A test tried to use socket."
HINT = (
    "Outbound network is blocked in tests (pytest-tuneup, answer block_network): only"
    " this machine is reachable. Replace the client (mock_targets, a fake, a local"
    " server), or mark the test @pytest.mark.enable_socket if it really must go out."
)
REAL_GETADDRINFO = socket.getaddrinfo


def pytest_addoption(parser: pytest.Parser) -> None:
    settings.add_ini_keys(parser)
    parser.getgroup("tuneup").addoption(
        "--tuneup-asyncio-debug",
        action="store_true",
        help="Run every asyncio event loop in debug mode (slow callbacks, unawaited"
        " coroutines).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Set the run's environment before conftest.py files are imported."""
    wanted: dict[str, str | None] = dict(settings.read(early_config).env)
    debug = early_config.known_args_namespace.tuneup_asyncio_debug
    wanted[ASYNCIO_DEBUG_ENV] = "1" if debug else None
    early_config.stash[OUTSIDE_VALUES] = {name: os.environ.get(name) for name in wanted}
    for name, value in wanted.items():
        set_variable(name, value)


def set_variable(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("tuneup_asyncio_debug") and hasattr(
        config.option, "asyncio_debug"
    ):
        config.option.asyncio_debug = True  # pytest-asyncio's own loops too
    if settings.read(config).block_network:
        settings.require_modules("tuneup_block_network", "pytest_socket")
        # Before pytest-socket reads its options (tryfirst): block, except this machine.
        config.option.disable_socket = True
        config.option.allow_unix_socket = True
        config.option.allow_hosts = ",".join(allowed_hosts(config))
        config.pluginmanager.register(NetworkBlock(), "tuneup_network_block")


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in config.stash.get(OUTSIDE_VALUES, {}).items():
        set_variable(name, value)


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = []
    if settings.read(config).block_network and not config.getoption(
        "force_enable_socket"
    ):
        hosts = config.getoption("allow_hosts")
        lines.append(
            f"tuneup_guards: network blocked except {hosts}"
            " (@pytest.mark.enable_socket)"
        )
    outside = config.stash.get(OUTSIDE_VALUES, {}).get(ASYNCIO_DEBUG_ENV)
    if outside and not config.getoption("tuneup_asyncio_debug"):
        lines.append(
            f"tuneup_guards: asyncio debug off, {ASYNCIO_DEBUG_ENV}={outside} ignored"
            " (--tuneup-asyncio-debug turns it on)"
        )
    return lines


def _environ_store() -> Mapping[Any, Any]:
    """CPython's ``os.environ`` keeps its variables encoded in ``_data``: copying and
    comparing that store costs a few microseconds, where ``dict(os.environ)`` decodes
    every variable (150-400 us around each test, a few per cent of a quick suite).
    Elsewhere, ``os.environ`` itself."""
    store = getattr(os.environ, "_data", None)
    return store if isinstance(store, dict) else os.environ


ENVIRON_STORE = _environ_store()
# pytest rewrites it at each phase of every test: not a change the test made.
CURRENT_TEST_KEY = (
    os.environ.encodekey(CURRENT_TEST_ENV)
    if ENVIRON_STORE is not os.environ
    else CURRENT_TEST_ENV
)


def _environ_untouched(before: dict[Any, Any]) -> bool:
    after = dict(ENVIRON_STORE)
    before.pop(CURRENT_TEST_KEY, None)
    after.pop(CURRENT_TEST_KEY, None)
    return after == before


#: The environment as the running test found it, until it is put back.
ENVIRON_BEFORE = pytest.StashKey[dict[Any, Any]]()


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> None:
    if fixturedef.scope == "function":
        keep_environ(request.node)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    keep_environ(item)  # a test with no function-scoped fixture


def keep_environ(item: pytest.Item) -> None:
    """Put ``os.environ`` back after the test, as ``monkeypatch.setenv`` would.

    Taken before the test's first function-scoped fixture is set up (after the
    wider-scoped ones it uses, whose changes are theirs), and put back by the test's
    first finalizer, which runs after the last of its fixtures' teardowns, before the
    wider-scoped fixtures' own. Two hook calls instead of an autouse fixture: pytest's
    set-up and tear-down of a fixture cost about ten times more, on every test.
    """
    if ENVIRON_BEFORE not in item.stash:
        item.stash[ENVIRON_BEFORE] = dict(ENVIRON_STORE)
        item.addfinalizer(functools.partial(restore_environ, item.stash))


def restore_environ(stash: pytest.Stash) -> None:
    store = stash[ENVIRON_BEFORE]
    del stash[ENVIRON_BEFORE]  # not kept for the rest of the run; a rerun takes anew
    if _environ_untouched(store):
        return
    before = (
        store
        if ENVIRON_STORE is os.environ
        else {
            os.environ.decodekey(name): os.environ.decodevalue(value)
            for name, value in store.items()
        }
    )
    for name in os.environ.keys() - before.keys() - {CURRENT_TEST_ENV}:
        del os.environ[name]
    for name, value in before.items():
        if name != CURRENT_TEST_ENV and os.environ.get(name) != value:
            os.environ[name] = value


def allowed_hosts(config: pytest.Config) -> list[str]:
    """Hosts from ``--allow-hosts``, this machine and the test database's host."""
    hosts = [
        host.strip() for host in (config.getoption("allow_hosts") or "").split(",")
    ]
    wanted = [*LOOPBACK]
    found = settings.read(config)
    if found.database:
        database_host = urlsplit(os.environ.get(found.db_url_env, "")).hostname
        if database_host:
            wanted.append(database_host)
    return [host for host in hosts if host] + [
        host for host in wanted if host not in hosts
    ]


class NetworkBlock:
    """Name lookups blocked like connections, and a hint on tests that hit the block."""

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        names = names_to_look_up(item)
        if names is not None:
            socket.getaddrinfo = guarded_getaddrinfo(names)

    def pytest_runtest_teardown(self) -> None:
        if getattr(socket.getaddrinfo, "tuneup_guard", False):
            socket.getaddrinfo = REAL_GETADDRINFO

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.excinfo is not None and blocked_by_guard(call.excinfo.value):
            report.sections.append(("tuneup_guards", HINT))
        return report


def names_to_look_up(item: pytest.Item) -> set[str] | None:
    """The host names a test may look up; None when pytest-socket decides alone.

    pytest-socket checks the address of each connection but lets any name lookup
    through, so a blocked test would still ask the DNS server (or wait for it, offline).
    """
    fixtures = getattr(item, "fixturenames", ())
    if (
        item.config.getoption("force_enable_socket")
        or item.get_closest_marker("enable_socket")
        or item.get_closest_marker("disable_socket")
        or {"socket_enabled", "socket_disabled"} & set(fixtures)
    ):
        return None
    marker = item.get_closest_marker("allow_hosts")
    hosts = (
        marker.args[0]
        if marker and marker.args
        else item.config.getoption("allow_hosts")
    )
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    return {str(host).strip().lower() for host in hosts or ()}


def guarded_getaddrinfo(names: set[str]) -> Callable[..., Any]:
    def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        host = args[0] if args else kwargs.get("host")
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        if not name or name.lower() in names or is_address(name):
            return REAL_GETADDRINFO(*args, **kwargs)
        # pytest-socket's own error, so tests that expect it catch ours too. Imported
        # by name: the module is needed only when the network is blocked.
        blocked_error: type[Exception] = importlib.import_module(
            "pytest_socket"
        ).SocketBlockedError
        allowed = ",".join(sorted(names))
        raise blocked_error(
            f'{BLOCKED}getaddrinfo() with host "{name}" (allowed: "{allowed}").'
        )

    getaddrinfo.tuneup_guard = True  # type: ignore[attr-defined]
    return getaddrinfo


def is_address(name: str) -> bool:
    """An IP address needs no lookup; pytest-socket checks the connection itself."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, name)
        except (OSError, ValueError):
            continue
        return True
    return False


def blocked_by_guard(error: BaseException | None) -> bool:
    """Whether the error (or one it came from), is a blocked connection or lookup."""
    seen = 0
    while error is not None and seen < 10:
        if str(error).startswith(BLOCKED):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False
