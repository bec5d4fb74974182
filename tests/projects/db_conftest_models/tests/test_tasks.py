"""Each test starts with no tasks, though ``add`` commits."""

import pytest
from sqlalchemy import text

from todo import add, open_count


@pytest.mark.parametrize("attempt", range(1, 5))
def test_the_same_task_is_new_in_every_test(db_session, task_class, attempt):
    add(db_session, task_class, "water the plants")

    assert open_count(db_session, task_class) == 1


@pytest.mark.parametrize("attempt", range(1, 3))
def test_rows_written_on_the_connection_are_rolled_back(db_connection, attempt):
    db_connection.execute(text("INSERT INTO task (title, done) VALUES ('buy milk', false)"))

    assert db_connection.execute(text("SELECT count(*) FROM task")).scalar_one() == 1
