"""Ask all suppliers at once; keep the answers that arrive before the deadline."""

import asyncio
from dataclasses import dataclass

from quotes.suppliers import Supplier


@dataclass(frozen=True)
class Quote:
    supplier: str
    total: float


class QuoteBoard:
    def __init__(self, suppliers: list[Supplier], deadline: float = 0.5) -> None:
        self.suppliers = suppliers
        self.deadline = deadline

    async def collect(self, item: str, quantity: int) -> list[Quote]:
        async def ask(supplier: Supplier) -> Quote | None:
            try:
                total = await asyncio.wait_for(supplier.quote(item, quantity), self.deadline)
            except (LookupError, TimeoutError, asyncio.TimeoutError):
                return None
            return Quote(supplier.name, total)

        answers = await asyncio.gather(*(ask(supplier) for supplier in self.suppliers))
        return sorted((quote for quote in answers if quote is not None), key=lambda quote: quote.total)

    async def best(self, item: str, quantity: int) -> Quote:
        quotes = await self.collect(item, quantity)
        if not quotes:
            raise LookupError(f"nobody quoted {quantity} x {item} in time")
        return quotes[0]
