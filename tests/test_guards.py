"""Heavy resources kept out of tests: mocked initializers, the network block, the
environment and asyncio guards, and the leak checks.

The template goes into tests/projects/heavy_services (relay: a service whose connection
pool and WebSocket hub each start a thread and write a line to a start journal) and into
the async database project, and their suites run for real in subprocesses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tuneup_hooks.answers import Answers
from tuneup_hooks.errors import HookError
from tuneup_testing import Renders, copy_template, make_project, needs_postgresql, run_make, tool_env, tree

pytestmark = pytest.mark.slow

MOCKED = "relay.pool:ConnectionPool,relay.hub.WebSocketHub"


def adopt(renders: Renders, folder: Path, **answers: Any) -> Path:
    """heavy_services adopted with these answers and committed: a copy of the run's render."""
    answers = {"async_mode": "auto", "coverage": False, **answers}
    return renders.copy("heavy_services", answers, folder, commit="adopt pytest-tuneup", name=folder.name)


def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The project's suite in order (no pytest-randomly), in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**tool_env(), **env},
        timeout=600,
    )


def journal(runtime: Path) -> list[str]:
    """What the real pool and hub wrote when they started: one line per start."""
    path = runtime / "relay.starts"
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def mocked(renders: Renders, tmp_path: Path) -> Path:
    return adopt(renders, tmp_path / "adopted-mocked" / "relay", mock_targets=MOCKED)


@pytest.fixture
def unmocked(renders: Renders, tmp_path: Path) -> Path:
    """Default answers: the real pool and hub start in every test, as before adopting."""
    return adopt(renders, tmp_path / "adopted-unmocked" / "relay")


# ---- mocked initializers ------------------------------------------------------------


def test_a_mocked_initializer_is_never_started(mocked: Path, unmocked: Path, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "mocked").mkdir()

    real = run(unmocked, RELAY_RUNTIME_DIR=str(tmp_path / "real"))
    assert real.returncode == 0, real.stdout + real.stderr
    assert "9 passed" in real.stdout
    starts = journal(tmp_path / "real")
    assert len(starts) == 18 and {line.split()[0] for line in starts} == {"pool", "hub"}, starts

    result = run(mocked, RELAY_RUNTIME_DIR=str(tmp_path / "mocked"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 passed" in result.stdout
    assert "tuneup_mocks: mocked for the run: relay.pool:ConnectionPool, relay.hub.WebSocketHub" in result.stdout
    assert journal(tmp_path / "mocked") == [], "neither the pool nor the hub really started"


MOCK_CONTRACT = """
from unittest.mock import NonCallableMock

import pytest

import relay
import relay.service
from relay import ConnectionPool, WebSocketHub
from relay.pool import ConnectionPool as PoolFromItsModule


def test_every_name_for_the_pool_holds_the_mock(tuneup_mocks):
    pool = tuneup_mocks["relay.pool:ConnectionPool"]
    # relay/__init__.py and relay/service.py imported the real class before the patch.
    assert relay.ConnectionPool is pool
    assert relay.service.ConnectionPool is pool
    assert ConnectionPool is pool and PoolFromItsModule is pool
    assert relay.service.WebSocketHub is tuneup_mocks["relay.hub.WebSocketHub"]


def test_a_call_that_does_not_fit_the_real_signature_still_fails():
    with pytest.raises(TypeError):
        ConnectionPool("amqp://relay@broker.internal:5672/", sizes=2)
    pool = ConnectionPool("amqp://relay@broker.internal:5672/", size=2)
    with pytest.raises(TypeError):
        pool.acquire("one too many")
    with pytest.raises(AttributeError):
        pool.acquire_all()


def test_the_service_talks_to_the_mocked_hub(service, tuneup_mocks):
    service.notify(7, "Your order shipped")

    hub = tuneup_mocks["relay.hub.WebSocketHub"].return_value
    hub.publish.assert_called_once_with("user:7", "Your order shipped")
    hub.publish.return_value = 3
    hub.publish.side_effect = RuntimeError("configured for this test only")


def test_calls_and_configuration_are_reset_for_the_next_test(tuneup_mocks):
    hub_class = tuneup_mocks["relay.hub.WebSocketHub"]
    hub_class.assert_not_called()
    hub = WebSocketHub(heartbeat=1.0)
    hub.publish.assert_not_called()
    assert hub.publish("user:7", "hello") != 3
    assert isinstance(hub, NonCallableMock), "still the autospec'd instance"
    with pytest.raises(TypeError):
        hub.publish("user:7")


@pytest.mark.tuneup_real("relay.pool:ConnectionPool")
def test_the_marker_gives_one_test_the_real_pool(tmp_path, tuneup_mocks):
    pool = ConnectionPool("amqp://relay@broker.internal:5672/", size=1, runtime_dir=str(tmp_path))
    try:
        assert type(pool).__module__ == "relay.pool" and not isinstance(pool, NonCallableMock)
        assert relay.service.ConnectionPool is ConnectionPool is PoolFromItsModule
        assert (tmp_path / "relay.starts").read_text().startswith("pool ")
        assert WebSocketHub is tuneup_mocks["relay.hub.WebSocketHub"], "the other target stays mocked"
    finally:
        pool.close()


def test_after_the_marked_test_the_mock_is_back(tuneup_mocks):
    assert relay.ConnectionPool is tuneup_mocks["relay.pool:ConnectionPool"]
    assert relay.service.ConnectionPool is tuneup_mocks["relay.pool:ConnectionPool"]


@pytest.mark.tuneup_real("relay.pool.WebSocket")
def test_a_marker_with_a_path_that_is_not_mocked():
    pass
"""


def test_mocks_are_autospecced_reset_after_each_test_and_real_with_a_marker(mocked: Path) -> None:
    contract = mocked / "tests" / "test_mock_contract.py"
    contract.write_text(MOCK_CONTRACT)
    try:
        result = run(mocked, "tests/test_mock_contract.py", "-rA")
    finally:
        contract.unlink()  # the project is shared with other tests
    output = result.stdout + result.stderr
    assert "6 passed, 1 error" in output, output
    assert re.search(
        r"ERROR tests/test_mock_contract.py::test_a_marker_with_a_path_that_is_not_mocked - "
        r"Failed: tuneup_real: relay.pool.WebSocket is not in tuneup_mock_targets "
        r"\(relay.pool:ConnectionPool, relay.hub.WebSocketHub\)",
        output,
    )


BAD_TARGETS = {
    "relay.pools:Pool": "ModuleNotFoundError: No module named 'relay.pools'",
    "relay.hub:WebSocketHb": "AttributeError: module 'relay.hub' has no attribute 'WebSocketHb'",
    "relay.hub.WebSocketHub.broadcast": "AttributeError: type object 'WebSocketHub' has no attribute 'broadcast'",
}


def test_a_path_that_does_not_import_stops_the_run_with_one_line(renders: Renders, tmp_path: Path) -> None:
    project = adopt(renders, tmp_path / "relay", mock_targets="relay.pool:ConnectionPool, relay.pools:Pool")
    config = project / "pyproject.toml"
    generated = config.read_text()
    assert generated.count('"relay.pools:Pool"') == 1, "the answer is a line of tuneup_mock_targets"
    for target, reason in BAD_TARGETS.items():
        # The first one as answered; the others as if edited in the configuration afterwards.
        config.write_text(generated.replace('"relay.pools:Pool"', f'"{target}"'))
        result = run(project)
        output = result.stdout + result.stderr
        assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
        lines = [line for line in output.splitlines() if line.strip()]
        assert lines == [f"ERROR: tuneup_mocks: tuneup_mock_targets entry '{target}' does not import: {reason}"]


def test_a_malformed_path_is_refused_before_anything_is_written(
    template: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Given as --data, the hook refuses it in one line (copier's validator covers prompts only)."""
    import copier

    project = make_project("heavy_services", tmp_path / "relay")
    before = tree(project)
    with pytest.raises(Exception, match="returned non-zero exit status 1"):
        copier.run_copy(
            str(template), str(project), data={"mock_targets": "relay.hub:WebSocketHub,relay pool"},
            defaults=True, unsafe=True, vcs_ref="v1.0.0",
        )  # fmt: skip
    assert "mock_targets: 'relay pool' is not an import path; write module:attribute" in capfd.readouterr().err
    assert tree(project) == before
    # The hook checks again, for scripts that call it directly.
    with pytest.raises(HookError, match="mock_targets: 'relay' is not an import path"):
        Answers.from_mapping({"mock_targets": "relay"})
    assert Answers.from_mapping({"mock_targets": " a.b:C , a.b.D "}).mock_targets == ("a.b:C", "a.b.D")
    assert Answers.from_mapping({"mock_targets": ""}).mock_targets == ()


# ---- the network block --------------------------------------------------------------

NETWORK_TESTS = """
import http.server
import socket
import threading

import pytest

from relay.push import PushGateway


def test_push_to_an_outside_address():
    PushGateway("http://203.0.113.10/v1", timeout=2).send(7, "hello")


def test_push_by_host_name():
    PushGateway("https://push.example.com/v1", timeout=2).send(7, "hello")


class Accepting(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_server_on_this_machine_is_reachable():
    server = http.server.HTTPServer(("127.0.0.1", 0), Accepting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        assert PushGateway(f"http://127.0.0.1:{port}/v1").send(7, "hello") == 202
        assert PushGateway(f"http://localhost:{port}/v1").send(7, "hello") == 202
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.enable_socket
def test_a_marked_test_may_go_out():
    # Whether these reach anything depends on the machine; they must not be blocked.
    try:
        socket.create_connection(("203.0.113.10", 9), timeout=0.2).close()
    except OSError:
        pass
    try:
        socket.getaddrinfo("relay-test.invalid", 80)
    except OSError:
        pass
"""


def test_an_outbound_connection_fails_with_a_clear_message_and_loopback_works(renders: Renders, tmp_path: Path) -> None:
    project = adopt(renders, tmp_path / "relay", block_network=True)
    (project / "tests" / "test_network.py").write_text(NETWORK_TESTS)
    assert "pytest-socket>=0.7" in (project / "pyproject.toml").read_text(), "a required plugin"

    result = run(project, "tests/test_network.py")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 failed, 2 passed" in output, output
    assert "tuneup_guards: network blocked except 127.0.0.1,::1,localhost" in output
    assert (
        "FAILED tests/test_network.py::test_push_to_an_outside_address - pytest_socket.SocketConnectBlockedError:"
        ' A test tried to use socket.socket.connect() with host "203.0.113.10"'
    ) in output
    assert (
        "FAILED tests/test_network.py::test_push_by_host_name - pytest_socket.SocketBlockedError:"
        ' A test tried to use socket.getaddrinfo() with host "push.example.com" (allowed: "127.0.0.1,::1,localhost").'
    ) in output
    assert output.count("Outbound network is blocked in tests (pytest-tuneup, answer block_network)") == 2

    let_out = run(project, "--collect-only", "--force-enable-socket")
    assert let_out.returncode == 0 and "network blocked" not in let_out.stdout


def test_the_network_block_is_off_by_default(unmocked: Path) -> None:
    config = (unmocked / "pyproject.toml").read_text()
    assert "pytest-socket" not in config
    assert "network blocked" not in run(unmocked, "--collect-only", "-q").stdout


OUTBOUND_TEST = """
import socket

import pytest


def test_outbound_connections_are_blocked_in_this_run():
    with pytest.raises(RuntimeError, match='socket.connect.. with host "203.0.113.10"'):
        socket.create_connection(("203.0.113.10", 5432), timeout=1)
"""


def test_the_database_on_loopback_keeps_working_with_the_network_blocked(template: Path, tmp_path: Path) -> None:
    """asyncpg connects through Python's sockets, so pytest-socket sees every connection."""
    needs_postgresql(server_programs_will_do=True)
    project = make_project("db_async", tmp_path / "kitchen")
    answers = {"database": "postgresql", "db_api": "async", "async_mode": "auto", "models": "kitchen.models:Base"}
    copy_template(template, project, {**answers, "coverage": False, "block_network": True})
    (project / "tests" / "test_outbound.py").write_text(OUTBOUND_TEST)
    # A URL with a host name, as CI services have: its host joins the allowed ones.
    header = run(project, "--collect-only", TEST_DATABASE_URL="postgresql://app@db.internal:5432/kitchen_test")
    assert "network blocked except 127.0.0.1,::1,localhost,db.internal" in header.stdout, header.stdout

    result = run(project)  # TEST_DATABASE_URL from scripts/test, or a throwaway server on 127.0.0.1
    assert result.returncode == 0, result.stdout + result.stderr
    assert "33 passed" in result.stdout

    # Sabotage: with only ::1 allowed the database is blocked too, so its connections
    # really went through the guard.
    guards = project / "tests" / "tuneup" / "pytest_tuneup" / "guards.py"
    allowing = 'config.option.allow_hosts = ",".join(allowed_hosts(config))'
    assert allowing in guards.read_text()
    guards.write_text(guards.read_text().replace(allowing, 'config.option.allow_hosts = "::1"'))
    blocked = run(project, "-x")
    assert blocked.returncode != 0
    assert 'A test tried to use socket.socket.connect() with host "127.0.0.1"' in blocked.stdout + blocked.stderr


# ---- environment and asyncio debug --------------------------------------------------

ENVIRONMENT_TESTS = """
import asyncio
import os

import pytest
import relay.settings


def test_declared_variables_are_set_before_conftest_imports_the_code():
    assert relay.settings.ENVIRONMENT == "test"
    assert os.environ["RELAY_POOL_SIZE"] == "1"


def test_a_test_that_changes_the_environment():
    os.environ["RELAY_ENV"] = "production"
    os.environ["RELAY_FEATURE_FLAGS"] = "beta"
    del os.environ["RELAY_POOL_SIZE"]


def test_the_next_test_gets_it_back():
    assert os.environ["RELAY_ENV"] == "test"
    assert "RELAY_FEATURE_FLAGS" not in os.environ
    assert os.environ["RELAY_POOL_SIZE"] == "1"


@pytest.fixture(scope="session")
def session_variable():
    os.environ["RELAY_SESSION_VAR"] = "kept"
    yield
    os.environ.pop("RELAY_SESSION_VAR", None)


@pytest.fixture
def fixture_variable():
    os.environ["RELAY_FIXTURE_VAR"] = "set up"
    yield
    os.environ["RELAY_TEARDOWN_VAR"] = "torn down"


def test_fixtures_that_change_the_environment(session_variable, fixture_variable):
    assert os.environ["RELAY_FIXTURE_VAR"] == "set up"


def test_a_function_fixtures_changes_are_undone_a_session_fixtures_kept(session_variable):
    assert "RELAY_FIXTURE_VAR" not in os.environ
    assert "RELAY_TEARDOWN_VAR" not in os.environ
    assert os.environ["RELAY_SESSION_VAR"] == "kept"


async def test_the_tests_event_loop_is_not_in_debug_mode():
    assert not asyncio.get_running_loop().get_debug()


def test_a_loop_the_code_starts_is_not_in_debug_mode_either():
    async def debug():
        return asyncio.get_running_loop().get_debug()

    assert asyncio.run(debug()) is False
"""


def test_each_test_gets_the_environment_back_and_asyncio_debug_stays_off(unmocked: Path, tmp_path: Path) -> None:
    project = unmocked
    pyproject = project / "pyproject.toml"
    config = pyproject.read_text()
    section = "[tool.pytest.ini_options]\n"
    declared = 'tuneup_env = ["RELAY_ENV=test", "RELAY_POOL_SIZE=1"]\n'
    pyproject.write_text(config.replace(section, section + declared, 1))
    (project / "tests" / "test_environment.py").write_text(ENVIRONMENT_TESTS)
    try:
        debug_env = {"PYTHONASYNCIODEBUG": "1", "RELAY_RUNTIME_DIR": str(tmp_path)}
        result = run(project, "tests/test_environment.py", **debug_env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "7 passed" in result.stdout
        assert "tuneup_guards: asyncio debug off, PYTHONASYNCIODEBUG=1 ignored" in result.stdout

        asked = run(project, "tests/test_environment.py", "--tuneup-asyncio-debug", **debug_env)
        assert "2 failed, 5 passed" in asked.stdout, asked.stdout
        assert "FAILED tests/test_environment.py::test_the_tests_event_loop_is_not_in_debug_mode" in asked.stdout

        pyproject.write_text(config.replace(section, section + 'tuneup_env = ["RELAY_ENV"]\n', 1))
        bad = run(project, "tests/test_environment.py")
        assert bad.returncode == pytest.ExitCode.USAGE_ERROR
        assert [line for line in (bad.stdout + bad.stderr).splitlines() if line.strip()] == [
            "ERROR: tuneup_env: 'RELAY_ENV' is not NAME=value"
        ]
    finally:
        pyproject.write_text(config)
        (project / "tests" / "test_environment.py").unlink()


# ---- leak checks --------------------------------------------------------------------

LEAKY_TESTS = """
import threading

HOARD = []


async def test_schedules_a_reminder_and_forgets_it(service):
    notification = service.notify(7, "Standup in 5 minutes")
    await service.deliver_later(notification, delay=60)


async def test_awaits_its_reminder(service):
    notification = service.notify(7, "Standup in 5 minutes")
    await (await service.deliver_later(notification, delay=0))


def test_starts_a_worker_and_leaves_it_running():
    stop = threading.Event()
    threading.Thread(target=stop.wait, args=(30,), name="forgotten-worker", daemon=True).start()


def test_keeps_eighty_megabytes():
    HOARD.append(b"\\x01" * (80 * 1024 * 1024))


def test_leaves_nothing_behind(service):
    service.notify(8, "hello")
"""

SHARED_LOOP_TESTS = """
import asyncio

import pytest
import pytest_asyncio

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def feed():
    task = asyncio.create_task(asyncio.sleep(3600), name="module-feed")
    yield task
    task.cancel()


async def test_reads_the_feed(feed):
    await asyncio.sleep(0)
    assert not feed.done()


async def test_leaves_a_poller_on_the_shared_loop(feed):
    asyncio.get_running_loop().create_task(asyncio.sleep(3600), name="stray-poller")


async def test_comes_after_it_on_the_same_loop(feed):
    await asyncio.sleep(0)
"""

LEAKS = {
    "test_leaky.py::test_schedules_a_reminder_and_forgets_it": (
        "1 asyncio task(s) pending: remind-user-7 (NotificationService._remind)"
    ),
    "test_leaky.py::test_starts_a_worker_and_leaves_it_running": "1 thread(s) running: forgotten-worker",
    "test_leaky.py::test_keeps_eighty_megabytes": "memory grown by 8",
    "test_shared_loop.py::test_leaves_a_poller_on_the_shared_loop": "1 asyncio task(s) pending: stray-poller (sleep)",
}


def reported(output: str) -> dict[str, str]:
    """Test -> what the leak check said it left, from the short summary."""
    found = re.findall(r"^ERROR tests/(\S+) - Failed: tuneup_leaks: the test left (.*)$", output, re.MULTILINE)
    return dict(found)


def test_the_leak_check_names_each_test_that_leaves_something_behind(renders: Renders, tmp_path: Path) -> None:
    """The real pool and hub here: the fixture closes them, so they leak nothing."""
    project = adopt(renders, tmp_path / "relay")
    (project / "tests" / "test_leaky.py").write_text(LEAKY_TESTS)
    (project / "tests" / "test_shared_loop.py").write_text(SHARED_LOOP_TESTS)
    env = {"RELAY_RUNTIME_DIR": str(tmp_path)}

    quiet = run(project, **env)
    assert quiet.returncode == 0, "opt-in: without the flag nothing is checked"
    assert "17 passed" in quiet.stdout

    checked = run(project, "--tuneup-leaks", **env)
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1, output
    assert "17 passed, 4 errors" in output
    assert "tuneup_leaks: on (asyncio tasks, threads, memory growth over 50 MB per test)" in output
    found = reported(output)
    assert set(found) == set(LEAKS), output
    for test, what in LEAKS.items():
        assert found[test].startswith(what), (test, found[test])
    assert "module-feed" not in output, "a module fixture's own task is not the test's"

    roomy = run(project, "--tuneup-leaks", "-o", "tuneup_leak_memory_mb=500", **env)
    assert set(reported(roomy.stdout)) == set(LEAKS) - {"test_leaky.py::test_keeps_eighty_megabytes"}

    parallel = run(project, "--tuneup-leaks", "-n", "2", **env)
    assert set(reported(parallel.stdout)) == set(LEAKS), parallel.stdout

    made = run_make(project, "test-leaks", "PYTEST_ARGS=-p no:randomly tests/test_leaky.py -k reminder")
    assert made.returncode != 0
    assert set(reported(made.stdout)) == {"test_leaky.py::test_schedules_a_reminder_and_forgets_it"}


def test_answer_leak_checks_turns_the_checks_on_for_every_run(renders: Renders, tmp_path: Path) -> None:
    project = adopt(renders, tmp_path / "relay", leak_checks=True, mock_targets=MOCKED)
    assert '"--tuneup-leaks"' in (project / "pyproject.toml").read_text()
    suite = run(project)
    assert suite.returncode == 0 and "9 passed" in suite.stdout, "with the mocks, the suite leaks nothing"
    (project / "tests" / "test_leaky.py").write_text(LEAKY_TESTS)
    result = run(project, "tests/test_leaky.py")
    assert result.returncode == 1
    assert "test_leaky.py::test_starts_a_worker_and_leaves_it_running" in reported(result.stdout)
