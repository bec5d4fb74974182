"""A supplier answers a price request after a delay, or not at all."""

import asyncio
from dataclasses import dataclass


@dataclass
class Supplier:
    name: str
    unit_price: float
    delay: float = 0.0
    in_stock: bool = True

    async def quote(self, item: str, quantity: int) -> float:
        await asyncio.sleep(self.delay)
        if not self.in_stock:
            raise LookupError(f"{self.name} has no {item}")
        discount = 0.9 if quantity >= 100 else 1.0
        return round(self.unit_price * quantity * discount, 2)
