"""Import of stock counts exported by the old warehouse system.

The old system wrote ``SKU;QTY`` lines with lower-case, unpadded SKUs such as
``ab-7``. New code should use :mod:`inventory.stock` directly.
"""

from __future__ import annotations

import re
import warnings

_LEGACY_SKU = re.compile(r"^([A-Za-z]{2})-(\d{1,4})$")


def normalize_sku(code: str) -> str:
    """Convert a legacy SKU like ``ab-7`` to the current ``AB-0007`` form."""
    match = _LEGACY_SKU.match(code.strip())
    if match is None:
        raise ValueError(f"not a legacy SKU: {code!r}")
    prefix, number = match.groups()
    normalized = f"{prefix.upper()}-{int(number):04d}"
    if normalized != code:
        warnings.warn(f"legacy SKU {code!r} normalized to {normalized!r}", UserWarning)
    return normalized


def import_counts(text: str) -> dict[str, int]:
    """Parse a legacy ``SKU;QTY`` export into a mapping of SKU to quantity.

    Blank lines and ``#`` comments are skipped. Duplicate SKUs are summed.
    """
    warnings.warn(
        "import_counts() is deprecated; load stock with StockLevels.receive() instead",
        DeprecationWarning,
        stacklevel=2,
    )
    counts: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            code, qty = line.split(";")
            quantity = int(qty)
        except ValueError:
            raise ValueError(f"line {lineno}: expected 'SKU;QTY', got {raw!r}") from None
        sku = normalize_sku(code)
        counts[sku] = counts.get(sku, 0) + quantity
    return counts
