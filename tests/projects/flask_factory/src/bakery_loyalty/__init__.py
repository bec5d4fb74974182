"""The loyalty plugin: stamp cards. Its models exist once init_plugin() ran."""

from flask import Flask


def init_plugin(app: Flask) -> None:
    from bakery_loyalty.routes import cards

    app.register_blueprint(cards, url_prefix="/loyalty")
