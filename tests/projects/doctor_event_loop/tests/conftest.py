"""One broker for the run; debug mode so a forgotten await fails loudly (REL-12)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from relay.broker import Broker

os.environ.setdefault("PYTHONASYNCIODEBUG", "1")


@pytest.fixture(scope="session")
def event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def broker() -> AsyncIterator[Broker]:
    broker = Broker()
    await broker.connect()
    yield broker
    await broker.close()


@pytest.fixture(autouse=True)
def drain() -> Iterator[None]:
    yield
    # Let the delivery callbacks of the last test finish before the next one starts.
    time.sleep(0.02)
