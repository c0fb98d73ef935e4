"""Fiscal years that do not end in December (Japanese and Indian makers close theirs in March).

Data lives in `data/fiscal_years.jsonl`, one company a line: `{"id", "fiscal_year_end"}` (a month
number). Brands and models take their company's year ("Lexus" → toyota), so "the full year" of a
Honda forecast is April to March and "fiscal 2024" of a March-year maker, which makers number by
either end, stays unresolved.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from contract.errors import PatternError
from contract.jsonl import iter_objects
from extractors.registry import Registry, data_path


def read_fiscal_years(path: Path) -> dict[str, int]:
    """Parse and check a fiscal-year file; errors name the file and line."""
    out: dict[str, int] = {}
    for n, row in iter_objects(path, PatternError):
        month = row.get("fiscal_year_end")
        if not isinstance(row.get("id"), str) or not isinstance(month, int) or not 1 <= month <= 12:
            raise PatternError(
                f"{path}:{n}: needs an 'id' and a 'fiscal_year_end' month from 1 to 12",
                path=str(path),
                line=n,
            )
        if row["id"] in out:
            raise PatternError(f"{path}:{n}: duplicate id {row['id']!r}", path=str(path), line=n)
        out[row["id"]] = month
    return out


@lru_cache(maxsize=4)
def load_fiscal_years(path: str | None = None) -> dict[str, int]:
    return read_fiscal_years(Path(path) if path else data_path("fiscal_years.jsonl"))


def fiscal_year_end(registry: Registry, slug: str | None) -> int:
    """The month `slug`'s fiscal year ends in: its own, else its nearest parent's, else December."""
    if not slug:
        return 12
    table = load_fiscal_years()
    for s in (slug, *registry.ancestors(slug)):
        if s in table:
            return table[s]
    return 12
