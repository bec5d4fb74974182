"""The greenhouse's application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from greenhouse.extensions import db


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("GREENHOUSE_DATABASE_URL", "sqlite:///greenhouse.sqlite3")
    app.config.update(config or {})
    db.init_app(app)

    from greenhouse import models  # noqa: F401  (the tables, for create_all)
    from greenhouse.views import beds

    app.register_blueprint(beds)
    return app
