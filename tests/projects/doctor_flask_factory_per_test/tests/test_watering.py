"""Which plants are thirsty on a given day."""

import pytest

from greenhouse.extensions import db
from greenhouse.models import Species


@pytest.fixture
def planted(client, bed, tomato):
    db.session.add(Species(name="cactus", water_every_days=20))
    db.session.commit()
    for name in ("tomato", "cactus"):
        body = {"species": name, "count": 1, "day": "2026-05-01"}
        assert client.post(f"/beds/{bed['id']}/plantings", json=body).status_code == 201
    return bed


def test_never_watered_means_all_are_thirsty(client, planted):
    assert client.get(f"/beds/{planted['id']}/thirsty", query_string={"day": "2026-05-02"}).json == ["cactus", "tomato"]


@pytest.mark.parametrize(
    ("day", "thirsty"),
    [("2026-05-02", []), ("2026-05-03", ["tomato"]), ("2026-05-20", ["tomato"]), ("2026-05-21", ["cactus", "tomato"])],
)
def test_each_species_after_its_own_interval(client, planted, day, thirsty):
    client.post(f"/beds/{planted['id']}/waterings", json={"day": "2026-05-01", "litres": 4.5})
    assert client.get(f"/beds/{planted['id']}/thirsty", query_string={"day": day}).json == thirsty


def test_watering_an_unknown_bed_is_404(client):
    assert client.post("/beds/3/waterings", json={"day": "2026-05-01", "litres": 1}).status_code == 404


def test_a_bed_without_plants_is_never_thirsty(client, bed):
    assert client.get(f"/beds/{bed['id']}/thirsty", query_string={"day": "2026-05-01"}).json == []
