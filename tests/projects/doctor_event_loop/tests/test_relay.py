from __future__ import annotations

import pytest
from relay.broker import Broker, Closed


async def test_subscribers_get_the_message(broker: Broker) -> None:
    inbox = broker.subscribe("orders")
    await broker.publish("orders", "order 1")
    assert inbox == ["order 1"]


@pytest.mark.parametrize("count", [1, 5, 20])
async def test_messages_arrive_in_order(broker: Broker, count: int) -> None:
    inbox = broker.subscribe(f"topic{count}")
    for index in range(count):
        await broker.publish(f"topic{count}", str(index))
    assert inbox == [str(index) for index in range(count)]


async def test_every_subscriber_gets_a_copy(broker: Broker, request: pytest.FixtureRequest) -> None:
    topic = f"news for {request.node.nodeid}"  # the broker lives for the whole run
    inboxes = [broker.subscribe(topic) for _ in range(3)]
    assert await broker.publish(topic, "hello") == 3
    assert all(inbox == ["hello"] for inbox in inboxes)


async def test_a_closed_broker_refuses() -> None:
    broker = Broker()
    with pytest.raises(Closed):
        await broker.publish("x", "y")
