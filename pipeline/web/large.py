"""Datasette's table pages on a million claims: bounded counts, facets over a sample, broad searches.

Datasette 0.65 counts every row of a filtered view, counts each facet over every row of it, and
finds the rows of a full-text search through a list of every match (`rowid in (select rowid from
claims_fts ...)`), which SQLite builds whole before it reads a row: a word in every sentence of a
million claims took 2.5 s a page (the list, a sort of a million claims, the count, five facets).
Datasette 1.0 stops counting at 10,000 rows (simonw/datasette#2408); this does the same on 0.65,
and more:

  counts    a filtered view is counted exactly when that takes under COUNT_MS, else up to
            COUNT_LIMIT + 1 rows in CAPPED_MS (shown as ">10,000 rows"; its JSON count is then
            10,001, as in Datasette 1.0), else not at all. Counts are kept (the mirror is immutable).
  facets    a filtered view of more than FACET_ROWS rows, or of unknown size, is faceted over a
            sample: its first SAMPLE_ROWS rows (pipeline/web/facets.py; the page says so).
  searches  a search matching more than BROAD_MATCHES rows is tested row by row (a correlated
            EXISTS on the full-text index), so a page reads its ~50 rows without listing a million
            matches (pipeline/web/filters.py); its count and facet sample read the first matches
            from the full-text index.

The mirror indexes each facet column with claim_id (store/mirror.py), so a view of one facet value
reads its rows in the page's order: a broad search within it stops after a page too.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from datasette.database import Database, QueryInterrupted, Results

COUNT_MS = 50  # an exact count of a filtered view, when it takes no longer
COUNT_LIMIT = 10_000  # else counted up to this (+1, to tell "more"), when that takes under CAPPED_MS
CAPPED_MS = 50
FACET_ROWS = 20_000  # a view with more rows (or unknown) is faceted over a sample
SAMPLE_ROWS = 10_000
BROAD_MATCHES = 50_000  # searches matching more rows are tested row by row (see filters.py)
_KEPT_COUNTS = 1024

# The count Datasette's table view runs: `select count(*) from <table> where ... ` (views/table.py).
_VIEW_COUNT = re.compile(
    r'select count\(\*\) from (?P<table>\[[^\]]+\]|"[^"]+"|[A-Za-z_][A-Za-z0-9_]*) (?P<where>where .*)?',
    re.S,
)
# Broad-search clauses (filters.py) and, for each, the same search limited to its first n matches.
_BROAD: dict[str, str] = {}


class AtLeast(int):
    """A count that stopped at COUNT_LIMIT + 1: formats as '>10,000' (Datasette's templates format
    counts with '{:,}'), and is 10,001 in JSON."""

    def __format__(self, spec: str) -> str:
        return ">" + format(int(self) - 1, spec)


def broad_clause(fts: str, match: str, table: str, pk: str) -> str:
    """`pk in (select rowid from fts where match)` tested row by row: an EXISTS on the index.
    `fts`, `table` and `pk` are escaped names; `match` is the MATCH condition with its parameter."""
    clause = f"exists (select 1 from {fts} where {match} and {fts}.rowid = {table}.{pk})"
    _BROAD[clause] = f"{pk} in (select rowid from {fts} where {match} limit {{n}})"
    return clause


def sampled(sql: str, n: int) -> str:
    """`sql` with each broad-search clause limited to the first `n` matches of its search: a sample of a
    view read from the index, where walking the view's rows through the EXISTS would probe the index
    for each row (~18 µs each: 10,000 matches of a word in every sentence took 180 ms)."""
    for clause, first in _BROAD.items():
        sql = sql.replace(clause, first.format(n=n))
    return sql


def only_broad(where: str) -> bool:
    """Whether a WHERE is one broad-search clause and nothing else."""
    return where.strip().removeprefix("where ").strip() in _BROAD


class MirrorDatabase(Database):
    """Datasette's Database for the immutable mirror, whose count of a filtered table view is
    bounded and kept (module docstring). Every other statement runs as Datasette runs it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._counts: OrderedDict[tuple, int] = OrderedDict()

    async def execute(
        self, sql, params=None, truncate=False, custom_time_limit=None, page_size=None, log_sql_errors=True
    ):
        view = None if (truncate or custom_time_limit or page_size) else _VIEW_COUNT.fullmatch(sql)
        if view is None:
            return await super().execute(sql, params, truncate, custom_time_limit, page_size, log_sql_errors)
        key = (
            sql,
            tuple(sorted((params or {}).items())) if isinstance(params, dict) else tuple(params or ()),
        )
        if key not in self._counts:
            try:
                self._counts[key] = await self._count(view["table"], view["where"] or "", params)
            except QueryInterrupted:
                self._counts[key] = None  # too slow to count even to COUNT_LIMIT: not tried again
            while len(self._counts) > _KEPT_COUNTS:
                self._counts.popitem(last=False)
        self._counts.move_to_end(key)
        if self._counts[key] is None:
            raise QueryInterrupted(None, sql, params)
        return Results([(self._counts[key],)], False, [("count(*)",) + (None,) * 6])

    async def _count(self, table: str, where: str, params) -> int:
        """Exact when quick; else AtLeast(COUNT_LIMIT + 1) when there are more; else QueryInterrupted
        (Datasette's table view then shows no count)."""
        run = super().execute
        if not where:
            return (await run(f"select count(*) from {table}", params)).rows[0][0]
        capped = f"select count(*) from (select 1 from {table} {where}limit {COUNT_LIMIT + 1})"
        if only_broad(where):  # it matches more than BROAD_MATCHES rows: count its first matches
            n = (await run(sampled(capped, COUNT_LIMIT + 1), params)).rows[0][0]
        else:
            exact = f"select count(*) from {table} {where}"
            try:
                return (await run(exact, params, custom_time_limit=COUNT_MS)).rows[0][0]
            except QueryInterrupted:
                pass
            n = (await run(capped, params, custom_time_limit=CAPPED_MS)).rows[0][0]
        return AtLeast(n) if n > COUNT_LIMIT else n
