"""A modular monolith: ten modules, each with a declarative base of its own."""

MODULES = ["billing", "catalog", "crm", "hr", "inventory", "messaging", "reports", "search", "shipping", "support"]
