"""Plain functions the tests share: a claim record to build on, a standalone script loaded as a module."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from contract.spec import empty_claim

Y2024 = ("2024-01-01", "2024-12-31")


def claim(
    value: float | None = 1000,
    *,
    high: float | None = None,
    period: tuple[str | None, str | None] = Y2024,
    unit: str = "vehicles",
    qualifier: str = "exact",
    **fields,
) -> dict:
    """A reported claim with every spec field (null unless given): Aito's sales of `value` `unit` in
    `period` (a range when `high` is given; no unit or qualifier without a value). `fields` set or
    override any key, bookkeeping keys (claim_id, doc_id, article_id) included."""
    c = empty_claim()
    c.update(
        subject="aito",
        metric="sales_volume",
        value_low=value,
        value_high=high if high is not None else value,
        unit=unit if value is not None else None,
        qualifier=qualifier if value is not None else None,
        period_start=period[0],
        period_end=period[1],
        modality="reported",
    )
    c.update(fields)
    return c


def load_module(path: Path, name: str | None = None) -> ModuleType:
    """A script that is not on the import path (../shared/tools, tools/) loaded as a module."""
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def claim_tuples(claims: list[dict], *names: str) -> set[tuple]:
    """The claims as a set of tuples of the named fields, for comparing what was extracted."""
    return {tuple(c[name] for name in names) for c in claims}
