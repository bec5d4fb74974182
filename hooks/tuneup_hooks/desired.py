"""The pytest settings pytest-tuneup wants, computed from the answers and the project."""

from __future__ import annotations

from .answers import Answers
from .merge import Setting
from .plugins import plugin_args, plugin_path, plugin_settings
from .project import ProjectFacts

PYTEST_MINVERSION = "9.0"

STRICT_COMMENT = (
    "pytest-tuneup: strict gates, off until the suite meets them.\n"
    "`make test-strict` runs with all of them on and lists what fails."
)
STRICT_ON_COMMENT = "pytest-tuneup: strict gates, on (answer strict=true)."


ASYNCIO_UNSET_SCOPE = (
    "ignore:The configuration option .asyncio_default_fixture_loop_scope. is unset:pytest.PytestDeprecationWarning"
)


def desired_settings(answers: Answers, facts: ProjectFacts, plugins: tuple[str, ...]) -> list[Setting]:
    """Our settings in the order they are written into a new configuration.

    ``plugins`` are the pytest plugins the answers chose, as requirements (``pytest-cov>=5``).
    """
    vendored = plugin_path(answers)
    pythonpath = [vendored] if vendored else []
    if facts.src_layout:
        pythonpath.append("src")
    elif facts.flat_packages:
        # pytest's importlib mode does not put the project root on sys.path the way
        # prepend mode did for packaged tests; bare `pytest` keeps importing the code.
        pythonpath.append(".")
    if facts.sibling_imports:
        pythonpath.append(answers.tests_dir)

    # "--import-mode=importlib": each module is imported once under one name, so
    # nothing is loaded twice and sys.path stays as it was (seed 000's memory win).
    addopts = ["-ra", "--import-mode=importlib", *plugin_args(answers)]
    if answers.leak_checks:
        addopts.append("--tuneup-leaks")
    if answers.coverage:
        addopts += [f"--cov={package}" for package in facts.packages]
        addopts += ["--cov-branch", "--cov-report=term-missing:skip-covered"]
        if answers.strict:
            addopts.append(f"--cov-fail-under={answers.coverage_fail_under}")

    exemptions: tuple[str, ...] = ()
    if answers.async_mode == "off":
        # pytest-asyncio, when installed anyway, warns at start-up that its loop scope is
        # unset; under warnings-as-errors that stops pytest before the first test.
        exemptions = (ASYNCIO_UNSET_SCOPE,)

    settings = [
        Setting("minversion", "scalar", PYTEST_MINVERSION),
        Setting("testpaths", "args", (answers.tests_dir,)),
        Setting("pythonpath", "args", tuple(pythonpath)),
        Setting("addopts", "args", tuple(addopts)),
        Setting("log_level", "scalar", "INFO"),
        Setting("strict_config", "scalar", answers.strict, STRICT_ON_COMMENT if answers.strict else STRICT_COMMENT),
        Setting("strict_markers", "scalar", answers.strict),
        Setting("xfail_strict", "scalar", answers.strict),
        # "default" shows each warning once per place; "error" fails the test.
        Setting("filterwarnings", "lines", ("error" if answers.strict else "default", *exemptions)),
    ]
    if plugins:
        settings.append(Setting("required_plugins", "args", plugins))
    if answers.async_mode != "off":
        # An async database engine lives on the session's event loop; tests and fixtures
        # that use it must run there too, or asyncpg and aiosqlite fail with "attached to
        # a different loop". Otherwise each test gets a fresh loop, pytest-asyncio's default.
        loop_scope = "session" if answers.database != "none" and answers.db_api == "async" else "function"
        settings += [
            Setting("asyncio_mode", "scalar", answers.async_mode),
            # Both loop scopes always set: pytest-asyncio warns when the fixture one is
            # unset, and under warnings-as-errors that warning stops pytest.
            Setting("asyncio_default_fixture_loop_scope", "scalar", loop_scope),
            Setting("asyncio_default_test_loop_scope", "scalar", loop_scope),
        ]
    settings += plugin_settings(answers)
    if answers.test_timeout > 0:
        # A string: pytest-timeout declares the option as one, and native TOML checks types.
        settings.append(Setting("timeout", "scalar", str(answers.test_timeout)))
    return settings
