"""hooks/tuneup_hooks/plugins.py: the -p modules and the tuneup_* settings, from the answers alone."""

from __future__ import annotations

from typing import Any

import pytest
from tuneup_hooks.answers import Answers
from tuneup_hooks.errors import HookError
from tuneup_hooks.merge import Setting
from tuneup_hooks.plugins import plugin_args, plugin_modules, plugin_path, plugin_settings
from tuneup_testing import REPO


def answers(**data: Any) -> Answers:
    return Answers.from_mapping({"tests_dir": "tests", **data})


def test_the_defaults_load_the_core_guards_and_leaks_and_set_nothing() -> None:
    plain = answers()
    assert plugin_modules(plain) == ["pytest_tuneup.plugin", "pytest_tuneup.guards", "pytest_tuneup.leaks"]
    assert plugin_args(plain)[:2] == ["-p", "pytest_tuneup.plugin"]
    assert plugin_settings(plain) == [Setting("tuneup_block_network", "scalar", False)]
    assert plugin_path(plain) == "tests/tuneup"
    assert plugin_path(answers(plugin_source="installed")) is None


def test_every_plugin_and_setting_an_answer_set_asks_for() -> None:
    chosen = answers(
        database="postgresql",
        db_api="async",
        async_mode="strict",
        models="shop.models:Base, shop.audit:metadata",
        schema="alembic",
        db_url_env="SHOP_DB",
        framework="fastapi",
        app="shop.api:create_app",
        session_dependency="shop.db:get_session",
        mock_targets="shop.ws:Hub,shop.mail.Smtp",
        block_network=True,
    )
    assert plugin_modules(chosen) == [
        "pytest_tuneup.plugin",
        "pytest_tuneup.db",
        "pytest_tuneup.app",
        "pytest_tuneup.guards",
        "pytest_tuneup.leaks",
        "pytest_tuneup.mocks",
    ]
    assert plugin_settings(chosen) == [
        Setting("tuneup_database", "scalar", "postgresql"),
        Setting("tuneup_db_api", "scalar", "async"),
        Setting("tuneup_models", "lines", ("shop.models:Base", "shop.audit:metadata")),
        Setting("tuneup_schema", "scalar", "alembic"),
        Setting("tuneup_db_url_env", "scalar", "SHOP_DB"),
        Setting("tuneup_flask_app", "scalar", ""),
        Setting("tuneup_app", "scalar", "shop.api:create_app"),
        Setting("tuneup_client", "scalar", "async"),
        Setting("tuneup_session_dependency", "scalar", "shop.db:get_session"),
        Setting("tuneup_mock_targets", "lines", ("shop.ws:Hub", "shop.mail.Smtp")),
        Setting("tuneup_block_network", "scalar", True),
    ]


@pytest.mark.parametrize(
    ("data", "client"),
    [
        ({"database": "sqlite", "db_api": "sync", "async_mode": "auto"}, "sync"),
        ({"database": "sqlite", "db_api": "async", "async_mode": "auto"}, "async"),
        ({"async_mode": "strict"}, "async"),
        ({"async_mode": "off"}, "sync"),
    ],
)
def test_the_client_follows_the_database_api_or_else_async_mode(data: dict[str, Any], client: str) -> None:
    settings = {setting.key: setting.value for setting in plugin_settings(answers(framework="fastapi", **data))}
    assert settings["tuneup_client"] == client


def test_the_session_dependency_is_empty_without_a_database() -> None:
    alone = answers(framework="fastapi", session_dependency="shop.db:get_session")
    settings = {setting.key: setting.value for setting in plugin_settings(alone)}
    assert settings["tuneup_session_dependency"] == ""


def test_a_setting_that_can_be_turned_off_is_always_written_while_its_plugin_loads() -> None:
    """Otherwise turning the answer off later would leave the old line (and the feature) on."""
    chosen = answers(framework="fastapi", database="sqlite", session_dependency="")
    off = {setting.key: setting.value for setting in plugin_settings(chosen)}
    assert off["tuneup_block_network"] is False
    assert off["tuneup_session_dependency"] == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"plugin_source": "pip"}, "plugin_source: 'pip' is not allowed; use vendored or installed"),
        ({"database": "sqlite", "models": "shop.models"}, "models: 'shop.models' is not an import path"),
        ({"database": "sqlite", "schema": "django"}, "schema: 'django' is not allowed; use metadata or alembic"),
        ({"database": "sqlite", "db_url_env": "db-url"}, "db_url_env: 'db-url' is not an environment variable name"),
    ],
)
def test_the_hook_refuses_bad_plugin_answers(data: dict[str, Any], message: str) -> None:
    with pytest.raises(HookError, match=message):
        answers(**data)


def test_every_module_named_here_exists_in_the_package() -> None:
    everything = answers(database="sqlite", framework="fastapi", mock_targets="a.b:C")
    for module in plugin_modules(everything):
        relative = module.removeprefix("pytest_tuneup.").replace(".", "/")
        package = REPO / "src" / "pytest_tuneup"
        assert (package / f"{relative}.py").is_file() or (package / relative / "__init__.py").is_file(), module
