import pytest

from quotes import Supplier


@pytest.mark.asyncio
async def test_price_is_unit_price_times_quantity():
    assert await Supplier("acme", 2.5).quote("bolt", 4) == 10.0


@pytest.mark.asyncio
async def test_bulk_orders_get_ten_percent_off():
    assert await Supplier("acme", 1.0).quote("bolt", 100) == 90.0


@pytest.mark.asyncio
async def test_out_of_stock_raises():
    with pytest.raises(LookupError, match="no nut"):
        await Supplier("bare", 1.0, in_stock=False).quote("nut", 1)
