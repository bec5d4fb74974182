"""The bakery's application factory."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from bakery.extensions import db


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("BAKERY_DATABASE_URL", "sqlite:///bakery.sqlite3")
    app.config.update(overrides or {})
    db.init_app(app)

    from bakery.routes import loaves

    app.register_blueprint(loaves)

    # The loyalty plugin's models are imported here, and only here.
    from bakery_loyalty import init_plugin

    init_plugin(app)
    return app
