"""The static import graph: names, relative imports, transitive closure."""

from __future__ import annotations

from pathlib import Path

from pytest_tuneup.changed.graph import Graph, imported_names, names_of


def test_a_file_answers_to_every_dotted_tail_of_its_path() -> None:
    assert names_of("src/shop/orders.py") == {
        "orders",
        "shop.orders",
        "src.shop.orders",
    }
    assert names_of("src/shop/__init__.py") == {"shop", "src.shop"}


def test_imports_include_their_packages_and_from_members() -> None:
    source = "import a.b.c\nfrom x.y import z, w\n"
    assert imported_names(source, "m.py") >= {"a", "a.b", "a.b.c", "x", "x.y", "x.y.z"}


def test_imports_inside_functions_and_pytest_plugins_count() -> None:
    source = "pytest_plugins = ['app.fixtures']\ndef f():\n    import late.module\n"
    assert {"app.fixtures", "late.module"} <= imported_names(source, "conftest.py")


def write(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return list(files)


def test_the_closure_follows_absolute_and_relative_imports(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/prices.py": "VAT = 20\n",
            "src/shop/orders.py": "from .prices import VAT\n",
            "src/shop/stock.py": "",
            "tests/helpers.py": "",
            "tests/test_orders.py": "from shop.orders import place\nimport helpers\n",
            "tests/test_stock.py": "from shop import stock\n",
        },
    )
    graph = Graph(tmp_path, files)
    assert graph.closure(["tests/test_orders.py"]) == {
        "tests/test_orders.py",
        "tests/helpers.py",
        "src/shop/__init__.py",
        "src/shop/orders.py",
        "src/shop/prices.py",
    }
    # ``from shop import stock``: stock may be a module of the package.
    assert "src/shop/stock.py" in graph.closure(["tests/test_stock.py"])
    assert "src/shop/prices.py" not in graph.closure(["tests/test_stock.py"])


def test_a_deleted_module_still_links_its_importers(tmp_path: Path) -> None:
    files = write(tmp_path, {"tests/test_gone.py": "import shop.gone\n"})
    graph = Graph(tmp_path, [*files, "src/shop/gone.py"])
    assert "src/shop/gone.py" in graph.closure(["tests/test_gone.py"])


def test_a_file_that_does_not_parse_imports_nothing(tmp_path: Path) -> None:
    files = write(tmp_path, {"broken.py": "def (:\n"})
    assert Graph(tmp_path, files).imports("broken.py") == set()
