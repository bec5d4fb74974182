"""A fresh application and database for every test."""

import pytest

from greenhouse import create_app
from greenhouse.extensions import db
from greenhouse.models import Species


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'greenhouse.db'}"})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def tomato(app):
    species = Species(name="tomato", water_every_days=2, spacing_m2=0.5)
    db.session.add(species)
    db.session.commit()
    return species


@pytest.fixture
def bed(client):
    return client.post("/beds", json={"label": "N1", "area_m2": 4.0}).json
