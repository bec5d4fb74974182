"""The Flask-SQLAlchemy extension, bound to an application by create_app()."""

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
