"""Push stock levels to the ERP every few minutes, from a thread of its own."""

from __future__ import annotations

import logging
import os
import threading

from sqlalchemy import select

from inventory.db import SessionLocal
from inventory.models import Product

log = logging.getLogger(__name__)

THREAD_NAME = "erp-stock-sync"


class StockSync:
    def __init__(self, every: float = 300.0) -> None:
        self.every = every
        self.erp_url = os.environ.get("INVENTORY_ERP_URL", "https://erp.example.invalid/stock")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def push_once(self) -> int:
        with SessionLocal() as session:
            levels = dict(session.execute(select(Product.sku, Product.on_hand)).tuples())
        log.info("would send %d stock levels to %s", len(levels), self.erp_url)
        return len(levels)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.push_once()
