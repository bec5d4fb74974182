"""The bookshop's catalogue API."""
