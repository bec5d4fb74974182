from bookings.schema import DDL


def test_the_schema_creates_both_tables():
    assert DDL.count("CREATE TABLE IF NOT EXISTS") == 2
