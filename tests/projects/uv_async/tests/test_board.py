import pytest

from quotes import Quote, QuoteBoard, Supplier


@pytest.fixture
def board():
    return QuoteBoard(
        [
            Supplier("slow-cheap", 1.0, delay=5),
            Supplier("fast", 3.0),
            Supplier("mid", 2.0, delay=0.01),
            Supplier("empty", 0.5, in_stock=False),
        ],
        deadline=0.2,
    )


@pytest.mark.asyncio
async def test_late_and_empty_suppliers_are_left_out(board):
    quotes = await board.collect("washer", 10)
    assert quotes == [Quote("mid", 20.0), Quote("fast", 30.0)]


@pytest.mark.asyncio
async def test_best_is_the_cheapest_in_time(board):
    assert (await board.best("washer", 10)).supplier == "mid"


@pytest.mark.asyncio
async def test_nobody_in_time_is_an_error():
    board = QuoteBoard([Supplier("late", 1.0, delay=5)], deadline=0.05)
    with pytest.raises(LookupError, match="in time"):
        await board.best("gear", 1)


def test_an_empty_board_has_no_suppliers():
    assert QuoteBoard([]).suppliers == []
