"""The API and the test share one session: each sees what the other wrote."""

from sqlalchemy import func, select

from inventory.models import Movement, Product


def test_a_product_written_through_db_session_is_served_by_the_api(client, db_session):
    db_session.add(Product(sku="NUT-M8", name="Hex nut M8", on_hand=250))
    db_session.flush()  # not even committed: the request runs on this very session

    response = client.get("/products")

    assert response.status_code == 200
    assert [(p["sku"], p["on_hand"]) for p in response.json()] == [("NUT-M8", 250)]


def test_a_product_added_through_the_api_is_in_db_session(client, db_session):
    response = client.post("/products", json={"sku": "WASHER-8", "name": "Washer 8 mm"})

    assert response.status_code == 201
    stored = db_session.scalar(select(Product).where(Product.sku == "WASHER-8"))
    assert stored is not None
    assert (stored.name, stored.on_hand) == ("Washer 8 mm", 0)


def test_stock_movements_are_rows_stamped_by_the_clock(client, db_session, product, fixed_clock):
    client.post("/products/BOLT-M8/movements", json={"delta": 40, "reason": "received"})
    response = client.post("/products/BOLT-M8/movements", json={"delta": -15, "reason": "shipped"})

    assert response.status_code == 201
    assert response.json()["on_hand"] == 35
    rows = db_session.execute(select(Movement.delta, Movement.at).order_by(Movement.id)).all()
    assert [tuple(row) for row in rows] == [(40, fixed_clock), (-15, fixed_clock)]


def test_shipping_more_than_is_on_hand_is_refused(client, db_session, product):
    response = client.post("/products/BOLT-M8/movements", json={"delta": -11, "reason": "shipped"})

    assert response.status_code == 409
    assert response.json() == {"detail": "only 10 of BOLT-M8 on hand"}
    db_session.refresh(product)
    assert product.on_hand == 10


def test_a_duplicate_sku_is_a_conflict_and_the_session_keeps_working(client, db_session, product):
    response = client.post("/products", json={"sku": "BOLT-M8", "name": "Another bolt"})

    assert response.status_code == 409
    # The handler rolled back its own work; what the test committed before is still there.
    assert [p["name"] for p in client.get("/products").json()] == ["Hex bolt M8"]
    assert db_session.scalar(select(func.count()).select_from(Product)) == 1


def test_only_products_in_stock(client, db_session, product):
    db_session.add(Product(sku="RIVET-4", name="Blind rivet 4 mm", on_hand=0))
    db_session.commit()

    assert [p["sku"] for p in client.get("/products?in_stock=true").json()] == ["BOLT-M8"]


def test_an_unknown_product_is_not_found(client):
    response = client.get("/products/NOPE-1")

    assert response.status_code == 404


def test_a_bad_product_is_refused_before_touching_the_database(client, db_session):
    response = client.post("/products", json={"sku": "lower case", "name": ""})

    assert response.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(Product)) == 0
