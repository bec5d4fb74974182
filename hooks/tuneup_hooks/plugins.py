"""The pytest plugins pytest-tuneup loads and the ``tuneup_*`` settings they read: the one list.

The plugins are modules of the ``pytest_tuneup`` package (src/pytest_tuneup), loaded by
``-p`` from the project's configuration, never by entry points. With
``plugin_source=vendored`` the package is copied to ``<tests_dir>/tuneup/pytest_tuneup``
and that folder goes on ``pythonpath``; with ``installed`` the project installs the
distribution and nothing goes on ``pythonpath``. Either way the same names load.

The answers reach the plugins as ini keys (``pytest_tuneup.settings`` registers and
checks them), so a changed answer changes a config line, not the plugin's code.
"""

from __future__ import annotations

from .answers import AUTO, Answers
from .merge import Setting

PACKAGE = "pytest_tuneup"
CORE = f"{PACKAGE}.plugin"
DB = f"{PACKAGE}.db"
APP = f"{PACKAGE}.app"
GUARDS = f"{PACKAGE}.guards"
LEAKS = f"{PACKAGE}.leaks"
MOCKS = f"{PACKAGE}.mocks"


def plugin_modules(answers: Answers) -> list[str]:
    """The ``-p`` names, in load order: the core plugin first, it checks the settings."""
    modules = [CORE]
    if answers.database != "none":
        modules.append(DB)
    if answers.framework == "fastapi":
        modules.append(APP)
    # Guards (environment, asyncio debug, network) and leak checks (off unless asked)
    # always; the mocks when there are targets.
    modules += [GUARDS, LEAKS]
    if answers.mock_targets:
        modules.append(MOCKS)
    return modules


def plugin_args(answers: Answers) -> list[str]:
    """``addopts`` tokens that load the plugins: ``-p name`` for each."""
    return [token for module in plugin_modules(answers) for token in ("-p", module)]


def plugin_path(answers: Answers) -> str | None:
    """The folder that holds the vendored package, for ``pythonpath``; None when installed."""
    return f"{answers.tests_dir}/tuneup" if answers.plugin_source == "vendored" else None


def uses_async_client(answers: Answers) -> bool:
    """The app client is async with an async database, or with async tests and no database."""
    if answers.database != "none":
        return answers.db_api == "async"
    return answers.async_mode != "off"


def plugin_settings(answers: Answers) -> list[Setting]:
    """The ``tuneup_*`` keys the chosen plugins read, from the answers.

    A key is written whenever its plugin is loaded, even when its value means "off"
    (``tuneup_block_network = false``, an empty ``tuneup_session_dependency``): an answer
    turned off later must change the line, and a key we stopped writing would stay.
    """
    settings: list[Setting] = []
    if answers.database != "none":
        settings += [
            Setting("tuneup_database", "scalar", answers.database),
            Setting("tuneup_db_api", "scalar", answers.db_api),
            Setting("tuneup_models", "lines", answers.models),
            Setting("tuneup_schema", "scalar", answers.schema),
            Setting("tuneup_db_url_env", "scalar", answers.db_url_env),
            # Empty unless the project is on Flask-SQLAlchemy (detected: its app).
            Setting("tuneup_flask_app", "scalar", "" if answers.flask_app == AUTO else answers.flask_app),
        ]
    if answers.framework == "fastapi":
        settings += [
            Setting("tuneup_app", "scalar", answers.app),
            Setting("tuneup_client", "scalar", "async" if uses_async_client(answers) else "sync"),
        ]
        # Without a database there is no db_session to answer the dependency with.
        dependency = answers.session_dependency if answers.database != "none" else ""
        settings.append(Setting("tuneup_session_dependency", "scalar", dependency))
    if answers.mock_targets:
        settings.append(Setting("tuneup_mock_targets", "lines", answers.mock_targets))
    # The guards plugin is always loaded.
    settings.append(Setting("tuneup_block_network", "scalar", answers.block_network))
    return settings
