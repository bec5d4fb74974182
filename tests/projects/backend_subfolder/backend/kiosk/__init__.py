"""The canteen kiosk's backend: menu, orders and their totals."""
