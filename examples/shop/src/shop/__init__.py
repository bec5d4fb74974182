"""Backend for a small online shop."""

from shop.inventory import Inventory, OutOfStock
from shop.models import Customer, LoyaltyTier, Order, OrderLine, OrderStatus, Product
from shop.orders import OrderError, OrderService

__all__ = [
    "Customer",
    "Inventory",
    "LoyaltyTier",
    "Order",
    "OrderError",
    "OrderLine",
    "OrderService",
    "OrderStatus",
    "OutOfStock",
    "Product",
]
