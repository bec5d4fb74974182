"""The schema from alembic's migrations (``tuneup_schema = alembic``).

The project's env.py must take the URL from ``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import URL


def alembic_config(ini: str, url: URL | None = None) -> Config:
    config = Config(ini)
    if url is not None:
        # ConfigParser interpolation: a % in a password must be doubled.
        rendered = url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", rendered)
    return config


def head(ini: str) -> str:
    """The newest revision: a new migration changes the schema's fingerprint."""
    return str(ScriptDirectory.from_config(alembic_config(ini)).get_current_head())


def upgrade(ini: str, url: URL) -> None:
    """Run the migrations up to head on an empty database, as production builds it."""
    command.upgrade(alembic_config(ini, url), "head")
