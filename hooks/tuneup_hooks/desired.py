"""The pytest settings pytest-tuneup wants, computed from the answers and the project."""

from __future__ import annotations

import re

from .answers import Answers
from .environment import PYTEST_FLOOR, PYTEST_NATIVE_TOML, ProjectEnvironment, normalize
from .merge import Setting
from .plugins import plugin_args, plugin_modules, plugin_path, plugin_settings
from .project import ProjectFacts

#: The floor we write: the oldest pytest the configuration and plugins support. Never
#: more: a higher minversion would stop a project whose pytest works.
PYTEST_MINVERSION = ".".join(map(str, PYTEST_FLOOR))
#: In ``pytest.toml`` / ``[tool.pytest]`` the floor is 9.0: no older pytest reads them.
NATIVE_MINVERSION = ".".join(map(str, PYTEST_NATIVE_TOML))
#: pytest 9 added the ``strict_config`` / ``strict_markers`` ini keys; before, only the flags.
PYTEST_STRICT_KEYS = (9, 0)
#: pytest-asyncio 0.26 added ``asyncio_default_test_loop_scope``.
ASYNCIO_TEST_LOOP_SCOPE = (0, 26)
#: From pytest 8.4 on, pytest puts ``pythonpath`` on sys.path before it imports the ``-p``
#: plugins of addopts (``Config._preparse`` calls ``_configure_python_path`` first).
#: pytest 7.4 to 8.3 import them first, so a plugin found only through ``pythonpath``
#: fails: ``ImportError: Error importing plugin "tuneup_plugin": No module named ...``
#: (checked with 8.0.2, 8.1.2, 8.2.2, 8.3.5: fail; 8.4.2 and 9.x: load). The order that
#: works there: ``pythonpath`` first (pytest's python_path plugin applies it in the first
#: ``pytest_load_initial_conftests``), then the initial conftests, whose ``pytest_plugins``
#: pytest imports at once. So for those versions the plugins are named in a conftest.py at
#: the project root (the rootdir, loaded for every run below it) instead of ``-p``.
PYTEST_PYTHONPATH_BEFORE_PLUGINS = (8, 4)

STRICT_COMMENT = (
    "pytest-tuneup: strict gates, off until the suite meets them.\n"
    "`make test-strict` runs with all of them on and lists what fails."
)
STRICT_ON_COMMENT = "pytest-tuneup: strict gates, on (answer strict=true)."


ASYNCIO_UNSET_SCOPE = (
    "ignore:The configuration option .asyncio_default_fixture_loop_scope. is unset:pytest.PytestDeprecationWarning"
)


#: The first line of the root conftest.py the hook writes, which marks it as ours.
#: What the configuration requires when the suite runs on pytest-asyncio (its oldest
#: release with the loop-scope settings written below).
ASYNCIO_REQUIREMENT = "pytest-asyncio>=0.24"

ROOT_CONFTEST_HEAD = '"""pytest-tuneup: loads the plugins in'


def plugins_from_root_conftest(answers: Answers, env: ProjectEnvironment, keep_addopts: bool = False) -> bool:
    """Whether the plugins load from a root conftest.py instead of ``-p`` in addopts: where
    the user's one-string addopts stays as it is, or vendored plugins on pytest 8.0 to 8.3."""
    version = env.pytest_version
    before_8_4 = version is not None and version < PYTEST_PYTHONPATH_BEFORE_PLUGINS
    return keep_addopts or (plugin_path(answers) is not None and before_8_4)


def render_root_conftest(answers: Answers) -> str:
    """The root conftest.py that loads the plugins where ``-p`` cannot (pytest 8.0 to 8.3)."""
    names = "".join(f'    "{name}",\n' for name in plugin_modules(answers))  # as ruff format writes it
    return (
        f"{ROOT_CONFTEST_HEAD} {plugin_path(answers)}.\n"
        "\n"
        "Written by pytest-tuneup's copier task where addopts cannot name them: pytest before\n"
        "8.4 imports the -p plugins of addopts before it applies pythonpath, where they are\n"
        "(it imports the pytest_plugins of this file after), or addopts is one TOML string\n"
        "that would have to be rewritten.\n"
        '"""\n'
        "\n"
        f"pytest_plugins = [\n{names}]\n"
    )


def desired_settings(
    answers: Answers,
    facts: ProjectFacts,
    plugins: tuple[str, ...],
    env: ProjectEnvironment | None = None,
    *,
    native_table: bool = False,
    keep_addopts: bool = False,
) -> list[Setting]:
    """Our settings in the order they are written into a new configuration.

    ``plugins`` are the pytest plugins the answers chose, as requirements
    (``pytest-timeout>=2.3``); ``env`` is the project's test environment: every key fits
    the pytest (and pytest-asyncio) it runs. ``native_table``: the settings go into
    ``pytest.toml`` or ``[tool.pytest]``, which only pytest 9 reads. ``keep_addopts``: the
    user's ``addopts`` is one TOML string, which cannot grow without rewriting their line:
    no ``addopts`` then, and the plugins load from the root conftest.py.
    """
    env = env or ProjectEnvironment()
    strict_keys = env.effective_pytest >= PYTEST_STRICT_KEYS
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
    addopts = ["-ra", "--import-mode=importlib"]
    if not plugins_from_root_conftest(answers, env, keep_addopts):
        addopts += plugin_args(answers)
    if answers.leak_checks:
        addopts.append("--tuneup-leaks")
    if answers.strict and not strict_keys:
        # pytest 8 knows only the flags (an unknown ini key is a warning, an error under
        # --strict-config); pytest 9 gets the ini keys below.
        addopts += ["--strict-markers", "--strict-config"]
    # No coverage options: plain `pytest` never measures coverage, so no gate applies to a
    # partial run and a project running `coverage run -m pytest` keeps its figure. The
    # make targets add them (TUNEUP_COV_PACKAGES, see coverage_packages).

    exemptions: tuple[str, ...] = ()
    if answers.async_mode == "off":
        # pytest-asyncio, when installed anyway, warns at start-up that its loop scope is
        # unset; under warnings-as-errors that stops pytest before the first test.
        exemptions = (ASYNCIO_UNSET_SCOPE,)

    strict_comment = STRICT_ON_COMMENT if answers.strict else STRICT_COMMENT
    settings = []
    if env.pytest_version is None or env.pytest_version >= PYTEST_FLOOR:
        settings.append(Setting("minversion", "scalar", NATIVE_MINVERSION if native_table else PYTEST_MINVERSION))
    settings += [
        Setting("testpaths", "args", (answers.tests_dir,)),
        Setting("pythonpath", "args", tuple(pythonpath)),
        *([] if keep_addopts else [Setting("addopts", "args", tuple(addopts))]),
        Setting("log_level", "scalar", "INFO"),
    ]
    if strict_keys:
        settings += [
            Setting("strict_config", "scalar", answers.strict, strict_comment),
            Setting("strict_markers", "scalar", answers.strict),
            Setting("xfail_strict", "scalar", answers.strict),
        ]
    else:
        settings.append(Setting("xfail_strict", "scalar", answers.strict, strict_comment))
    # "default" shows each warning once per place; "error" fails the test.
    settings.append(Setting("filterwarnings", "lines", ("error" if answers.strict else "default", *exemptions)))
    # pytest-cov is not required: coverage runs only from the make targets.
    required = tuple(plugin for plugin in plugins if _distribution(plugin) != "pytest-cov")
    if answers.async_mode != "off" and "pytest-asyncio" not in {_distribution(plugin) for plugin in required}:
        # async_mode read from the suite: tuneup.mk was rendered before the hook knew it.
        required += (ASYNCIO_REQUIREMENT,)
    if required:
        settings.append(Setting("required_plugins", "args", required))
    if answers.async_mode != "off":
        # An async database engine lives on the session's event loop; tests and fixtures
        # that use it must run there too, or asyncpg and aiosqlite fail with "attached to
        # a different loop". Otherwise each test gets a fresh loop, pytest-asyncio's default.
        loop_scope = "session" if answers.database != "none" and answers.db_api == "async" else "function"
        settings += [
            Setting("asyncio_mode", "scalar", answers.async_mode),
            # The fixture loop scope always set: pytest-asyncio warns when it is unset,
            # and under warnings-as-errors that warning stops pytest.
            Setting("asyncio_default_fixture_loop_scope", "scalar", loop_scope),
        ]
        asyncio_version = env.version_of("pytest-asyncio")
        if asyncio_version is None or asyncio_version >= ASYNCIO_TEST_LOOP_SCOPE:
            settings.append(Setting("asyncio_default_test_loop_scope", "scalar", loop_scope))
    settings += plugin_settings(answers)
    if answers.test_timeout > 0:
        # A string: pytest-timeout declares the option as one, and native TOML checks types.
        settings.append(Setting("timeout", "scalar", str(answers.test_timeout)))
    return settings


def coverage_packages(
    answers: Answers, facts: ProjectFacts, env: ProjectEnvironment, user_cov: bool
) -> tuple[tuple[str, ...], list[str]]:
    """What the make targets measure (TUNEUP_COV_PACKAGES), and a note when that is nothing.

    ``user_cov``: the user's addopts already have ``--cov*`` options. Then their options
    measure, and a ``--cov`` from us would change their figure; a project that runs
    ``coverage run`` itself would record nothing under pytest-cov (``No data was collected``).
    """
    if not answers.coverage:
        return (), []
    if env.coverage_run:
        where = ", ".join(env.coverage_run)
        return (), [f"coverage: you run `coverage run` yourself ({where}); the make targets add no --cov"]
    if user_cov:
        return (), ["coverage: your addopts have --cov options; the make targets add none of theirs"]
    if not facts.packages:
        return (), [
            "coverage: cannot tell which package to measure; answer `package` (copier update --data package=NAME)"
        ]
    return facts.packages, []


def _distribution(requirement: str) -> str:
    return normalize(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip())
