"""To-do lists: functions that work on whatever mapped task class they are given."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def add(session, task_class, title):
    task = task_class(title=title)
    session.add(task)
    session.commit()
    return task


def open_count(session: Session, task_class) -> int:
    query = select(func.count()).select_from(task_class).where(task_class.done.is_(False))
    return session.scalar(query) or 0
