"""A small shop: products, stock, prices and orders."""
