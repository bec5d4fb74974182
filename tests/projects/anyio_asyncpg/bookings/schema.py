"""The tables, created by the application at start-up (and by the tests per connection)."""

DDL = """
CREATE TABLE IF NOT EXISTS rooms (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    seats integer NOT NULL CHECK (seats > 0)
);
CREATE TABLE IF NOT EXISTS bookings (
    id serial PRIMARY KEY,
    room_id integer NOT NULL REFERENCES rooms (id),
    member text NOT NULL,
    starts timestamptz NOT NULL,
    ends timestamptz NOT NULL,
    CHECK (ends > starts)
);
"""
