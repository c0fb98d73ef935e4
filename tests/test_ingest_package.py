"""pipeline/ingest/ keeps the shape its __init__ docstring draws: every module listed, each importing only
the modules listed above it, and no SQL (the store's API answers every question ingest asks)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline" / "ingest"


def listed_modules() -> list[str]:
    """The module names of the docstring's list, in import order."""
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))) or ""
    block = doc.split("each imports only those above it:", 1)[1]
    return [line.split()[0] for line in block.splitlines() if line.startswith("  ") and line.strip()]


def ingest_imports(path: Path) -> set[str]:
    """Modules of the package that a file imports (`pipeline.ingest.x` or `from pipeline.ingest import x`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "pipeline.ingest":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("pipeline.ingest."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("pipeline.ingest."))
    return found


def test_ingest_package_lists_every_module_it_has():
    files = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert sorted(listed_modules()) == files


@pytest.mark.parametrize("module", listed_modules())
def test_ingest_package_module_imports_only_modules_above_it(module):
    order = listed_modules()
    above = set(order[: order.index(module)])
    assert ingest_imports(PACKAGE / f"{module}.py") <= above, f"{module} imports a module listed below it"


@pytest.mark.parametrize("module", listed_modules())
def test_ingest_package_module_runs_no_sql(module):
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    touched = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)} & {
        "con",
        "execute",
        "sql",
    }
    assert not touched, f"{module} reaches into the database ({touched}); add a method to store/ instead"
