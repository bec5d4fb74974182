"""Beds and what fits in them."""

import pytest
from sqlalchemy import func, select

from greenhouse.extensions import db
from greenhouse.models import Bed, Planting, Species


def test_a_new_bed_is_listed(client, bed):
    assert client.get("/beds").json == ["N1"]


def test_a_label_is_taken_once(client, bed):
    assert client.post("/beds", json={"label": "N1", "area_m2": 1.0}).status_code == 409


def test_every_test_starts_without_beds(client):
    assert client.get("/beds").json == []


@pytest.mark.parametrize("labels", [["S2", "N1"], ["A", "C", "B"], ["W9"]])
def test_beds_are_listed_by_label(client, labels):
    for label in labels:
        client.post("/beds", json={"label": label, "area_m2": 2.0})
    assert client.get("/beds").json == sorted(labels)


@pytest.mark.parametrize(("count", "status", "free"), [(2, 201, 3.0), (8, 201, 0.0), (9, 409, None)])
def test_plants_fit_in_the_beds_area(client, bed, tomato, count, status, free):
    body = {"species": "tomato", "count": count, "day": "2026-04-01"}
    response = client.post(f"/beds/{bed['id']}/plantings", json=body)
    assert response.status_code == status
    if free is not None:
        assert response.json["free_m2"] == free


def test_an_unknown_species_is_404(client, bed):
    body = {"species": "kudzu", "count": 1, "day": "2026-04-01"}
    assert client.post(f"/beds/{bed['id']}/plantings", json=body).status_code == 404


def test_an_unknown_bed_is_404(client, tomato):
    body = {"species": "tomato", "count": 1, "day": "2026-04-01"}
    assert client.post("/beds/77/plantings", json=body).status_code == 404


def test_what_a_route_commits_is_in_the_applications_session(client, bed, tomato):
    client.post(f"/beds/{bed['id']}/plantings", json={"species": "tomato", "count": 3, "day": "2026-04-02"})
    assert db.session.scalar(select(func.sum(Planting.count))) == 3


def test_a_bed_the_test_adds_is_served(client, app):
    db.session.add(Bed(label="T7", area_m2=1.5))
    db.session.commit()
    assert client.get("/beds").json == ["T7"]


def test_species_are_added_one_per_test(tomato):
    assert db.session.scalar(select(func.count()).select_from(Species)) == 1


@pytest.mark.parametrize("name", ["basil", "chard", "leek", "pea"])
def test_the_first_species_gets_id_one(app, name):
    species = Species(name=name)
    db.session.add(species)
    db.session.commit()
    assert species.id == 1
