"""Owners and their dogs."""

import pytest


def test_a_new_owner_gets_an_id(client):
    response = client.post("/owners", json={"name": "Jon", "email": "jon@example.org"})
    assert response.status_code == 201
    assert response.json()["id"] >= 1


def test_an_email_is_taken_once(client, owner):
    again = client.post("/owners", json={"name": "Other", "email": owner["email"]})
    assert again.status_code == 409


def test_an_unknown_owner_is_404(client):
    assert client.get("/owners/999").status_code == 404


def test_each_test_starts_with_no_owners(client):
    # Nobody registered in this test: any owner seen here leaked from another test.
    assert client.get("/owners/1").status_code == 404


@pytest.mark.parametrize("names", [["Rex"], ["Rex", "Ada"], ["Zed", "Ada", "Milo"]])
def test_an_owner_lists_their_dogs_by_name(client, owner, names):
    for name in names:
        assert client.post(f"/owners/{owner['id']}/dogs", json={"name": name}).status_code == 201
    assert client.get(f"/owners/{owner['id']}").json()["dogs"] == sorted(names)


def test_two_dogs_of_one_owner_have_two_names(client, owner, dog):
    again = client.post(f"/owners/{owner['id']}/dogs", json={"name": dog["name"]})
    assert again.status_code == 409


def test_two_owners_may_each_have_a_biscuit(client, dog):
    other = client.post("/owners", json={"name": "Lee", "email": "lee@example.org"}).json()
    response = client.post(f"/owners/{other['id']}/dogs", json={"name": dog["name"]})
    assert response.status_code == 201


def test_a_dog_needs_an_owner(client):
    assert client.post("/owners/7/dogs", json={"name": "Stray"}).status_code == 404


@pytest.mark.parametrize("email", ["a@example.org", "b@example.org", "c@example.org", "d@example.org"])
def test_owners_registered_one_by_one(client, email):
    response = client.post("/owners", json={"name": "Someone", "email": email})
    assert response.json()["id"] == 1
