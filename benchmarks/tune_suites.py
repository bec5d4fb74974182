"""Writes the generated suites benchmarks/tune_measure.sh runs make tune on.

cheap DIR [COUNT]: a package and COUNT (default 600) cheap tests in 20 modules.
db DIR [COUNT]: tests/projects/db_sync plus COUNT (default 220) tests that each write
and read rows through db_session.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHEAP_MODULE = """\
import pytest

from shelf.sizes import fits


@pytest.mark.parametrize("width", range({count}))
def test_fits_{index}(width):
    assert fits(width, width + 1)
    assert not fits(width + 1, width)
"""

DB_MODULE = """\
import pytest
from sqlalchemy import func, select

from library.models import Author
from library.services import add_author, add_book


@pytest.mark.parametrize("n", range({count}))
def test_author_with_books_{index}(db_session, make_isbn, n):
    author = add_author(db_session, f"Author {{n}}")
    add_book(db_session, author, f"Book {{n}}", make_isbn(n), 1990 + n % 30)
    assert db_session.scalar(select(func.count()).select_from(Author)) == 1
    assert [book.title for book in author.books] == [f"Book {{n}}"]
"""


def cheap(folder: Path, count: int) -> None:
    (folder / "src" / "shelf").mkdir(parents=True)
    (folder / "tests").mkdir()
    (folder / "src" / "shelf" / "__init__.py").write_text("")
    (folder / "src" / "shelf" / "sizes.py").write_text("def fits(width, space):\n    return width <= space\n")
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "shelf"\nversion = "1.0"\nrequires-python = ">=3.10"\n\n'
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["src"]\n'
    )
    modules = 20
    for index in range(modules):
        share = count // modules + (1 if index < count % modules else 0)
        text = CHEAP_MODULE.format(count=share, index=index)
        (folder / "tests" / f"test_sizes_{index:02d}.py").write_text(text)


def db(folder: Path, count: int) -> None:
    shutil.copytree(ROOT / "tests" / "projects" / "db_sync", folder)
    modules = 4
    for index in range(modules):
        share = count // modules + (1 if index < count % modules else 0)
        text = DB_MODULE.format(count=share, index=index)
        (folder / "tests" / f"test_generated_{index}.py").write_text(text)


if __name__ == "__main__":
    kind, target = sys.argv[1], Path(sys.argv[2])
    number = int(sys.argv[3]) if len(sys.argv) > 3 else (600 if kind == "cheap" else 220)
    {"cheap": cheap, "db": db}[kind](target, number)
