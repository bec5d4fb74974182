"""The application's settings, from its environment (as pydantic-settings would)."""

import os


class Settings:
    DATABASE_URL: str = os.environ.get("APP_DATABASE_URL", "sqlite:///dev.sqlite3")


settings = Settings()
