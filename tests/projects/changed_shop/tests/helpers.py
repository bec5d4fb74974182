"""Test helpers: expected totals written out by hand."""


def expected_total(price_cents: int, quantity: int) -> int:
    gross = price_cents * quantity * 120 // 100
    return gross - gross // 10 if quantity >= 10 else gross
