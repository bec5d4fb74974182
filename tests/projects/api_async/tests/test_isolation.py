"""Nothing one test writes, through the API or db_session, reaches another test.

The same uniquely named ticket is opened again and again: had a previous test's ticket
survived, the API would answer 409 or count more than this test wrote, in whatever
order (or worker) the tests run.
"""

import pytest
from sqlalchemy import func, select

from tickets.models import Ticket


@pytest.mark.parametrize("attempt", range(1, 6))
async def test_the_same_ticket_is_new_in_every_test(client, db_session, attempt):
    response = await client.post(
        "/tickets", json={"subject": "Monitor flickers", "customer": f"caller {attempt}"}
    )

    assert response.status_code == 201, response.text
    assert (await client.get("/tickets/count")).json() == {"open": 1}
    assert await db_session.scalar(select(func.count()).select_from(Ticket)) == 1


@pytest.mark.parametrize("count", [0, 1, 3])
async def test_the_api_counts_exactly_what_this_test_wrote(client, db_session, count):
    db_session.add_all(Ticket(subject=f"Paper jam #{n}", customer="Moss") for n in range(count))
    await db_session.commit()

    assert (await client.get("/tickets/count")).json() == {"open": count}
