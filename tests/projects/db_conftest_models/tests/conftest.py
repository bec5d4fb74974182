"""The suite's own models: the tables the tests run against."""

import pytest
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80), unique=True)
    done: Mapped[bool] = mapped_column(default=False)


@pytest.fixture
def task_class():
    return Task
