"""Double-entry bookkeeping: every entry debits and credits the same amount."""
