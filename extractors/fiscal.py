"""Fiscal years that do not end in December (Japanese and Indian makers close theirs in March).

Data lives in `data/fiscal_years.jsonl`, one company a line: `{"id", "fiscal_year_end", "named_by"}`
(a month number; "start" or "end": the calendar year a fiscal year is numbered by). Brands and
models take their company's year ("Lexus" → toyota), so "the full year" of a Honda forecast is April
to March, Toyota's "fiscal 2020" is April 2020 to March 2021 (Japanese makers number a year by its
start) and Tata Motors' "FY24" is April 2023 to March 2024 (Indian companies number it by its end).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from contract.errors import PatternError
from contract.jsonl import iter_objects
from extractors.periods import month_end
from extractors.registry import Registry, data_path


def read_fiscal_years(path: Path) -> dict[str, tuple[int, str]]:
    """Parse and check a fiscal-year file (id → (end month, named_by)); errors name the file and line."""
    out: dict[str, tuple[int, str]] = {}
    for n, row in iter_objects(path, PatternError):
        month, named_by = row.get("fiscal_year_end"), row.get("named_by", "end")
        if not isinstance(row.get("id"), str) or not isinstance(month, int) or not 1 <= month <= 12:
            raise PatternError(
                f"{path}:{n}: needs an 'id' and a 'fiscal_year_end' month from 1 to 12",
                path=str(path),
                line=n,
            )
        if named_by not in ("start", "end"):
            raise PatternError(f"{path}:{n}: 'named_by' must be 'start' or 'end'", path=str(path), line=n)
        if row["id"] in out:
            raise PatternError(f"{path}:{n}: duplicate id {row['id']!r}", path=str(path), line=n)
        out[row["id"]] = (month, named_by)
    return out


@lru_cache(maxsize=4)
def load_fiscal_years(path: str | None = None) -> dict[str, tuple[int, str]]:
    return read_fiscal_years(Path(path) if path else data_path("fiscal_years.jsonl"))


def fiscal_year(registry: Registry, slug: str | None) -> tuple[int, str]:
    """(end month, named_by) of `slug`'s fiscal year: its own, else its nearest parent's, else the
    calendar year."""
    if not slug:
        return 12, "end"
    table = load_fiscal_years()
    for s in (slug, *registry.ancestors(slug)):
        if s in table:
            return table[s]
    return 12, "end"


def fiscal_year_end(registry: Registry, slug: str | None) -> int:
    """The month `slug`'s fiscal year ends in: its own, else its nearest parent's, else December."""
    return fiscal_year(registry, slug)[0]


def fiscal_quarter(year: int, q: int, fiscal_end: int, named_by: str) -> tuple[dt.date, dt.date]:
    """Quarter `q` of fiscal year `year` for a company whose year ends in month `fiscal_end`, named by
    the calendar year it ends in ("end") or starts in ("start")."""
    start_year = year - 1 if named_by == "end" else year
    first = fiscal_end % 12 + 1
    months = first - 1 + 3 * (q - 1)
    y, m = start_year + months // 12, months % 12 + 1
    end_m = m + 2
    ey, em = y + (end_m - 1) // 12, (end_m - 1) % 12 + 1
    return dt.date(y, m, 1), month_end(ey, em)
