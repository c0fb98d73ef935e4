"""The SQL of Datasette's table pages over the mirror on a million claims: bounded counts of a filtered
view, broad full-text searches tested row by row, facet counts read from facet_counts or over a sample.

pipeline/web/large.py says why and sets the limits (a count's time budgets, how many matches make a
search broad, how many rows a facet sample reads); pipeline/web/facets.py and filters.py plug these
into Datasette. Every function takes Datasette's Database for the mirror.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from datasette.database import Database, QueryInterrupted, Results
from datasette.utils import escape_sqlite

from store.mirror import FACET_TABLE

_KEPT_COUNTS = 1024

# The count Datasette's table view runs: `select count(*) from <table> where ... ` (views/table.py).
_VIEW_COUNT = re.compile(
    r'select count\(\*\) from (?P<table>\[[^\]]+\]|"[^"]+"|[A-Za-z_][A-Za-z0-9_]*) (?P<where>where .*)?',
    re.S,
)
# Broad-search clauses (broad_clause) and, for each, the same search limited to its first n matches.
_BROAD: dict[str, str] = {}


@dataclass(frozen=True)
class CountLimits:
    """How a filtered view is counted: exactly when that takes under `exact_ms`, else up to `limit` + 1
    rows when that takes under `capped_ms`, else not at all."""

    exact_ms: int
    limit: int
    capped_ms: int


class AtLeast(int):
    """A count that stopped at its limit + 1: formats as '>10,000' (Datasette's templates format
    counts with '{:,}'), and is 10,001 in JSON."""

    def __format__(self, spec: str) -> str:
        return ">" + format(int(self) - 1, spec)


# -- full-text searches ------------------------------------------------------------------------
def search_match(target: str, param: str, raw: bool) -> str:
    """The MATCH condition of a search of `target` (an escaped FTS table or column name), as Datasette
    writes it: the parameter as given (`_searchmode=raw`) or through escape_fts."""
    return f"{target} match {':' + param if raw else f'escape_fts(:{param})'}"


def search_clause(fts: str, match: str, pk: str) -> str:
    """Datasette's own clause of a search: every match listed first (fine for a narrow search)."""
    return f"{pk} in (select rowid from {fts} where {match})"


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


async def matches_more_than(db: Database, fts: str, match: str, params: dict, n: int, ms: int) -> bool:
    """Whether the full-text index has more than n rows matching, counted in at most `ms`. Raises
    QueryInterrupted when it cannot tell that quickly, sqlite3.Error when the search is not valid."""
    found = await db.execute(
        f"select count(*) from (select rowid from {fts} where {match} limit {n + 1})",
        params,
        custom_time_limit=ms,
        log_sql_errors=False,
    )
    return found.rows[0][0] > n


# -- facets ------------------------------------------------------------------------------------
async def counted_columns(db: Database, table: str) -> set[str]:
    """The columns of `table` whose values were counted at publish (none without facet_counts)."""
    if FACET_TABLE not in await db.table_names():
        return set()
    rows = await db.execute(
        f"SELECT DISTINCT column_name FROM {FACET_TABLE} WHERE table_name = :t", {"t": table}
    )
    return {r[0] for r in rows.rows}


async def facet_counts(db: Database, table: str, column: str, n: int) -> list[tuple]:
    """The `n` commonest values of a column of the whole table, as counted at publish: (value, count)."""
    rows = await db.execute(
        f"SELECT value, count FROM {FACET_TABLE} WHERE table_name = :t AND column_name = :c "
        "ORDER BY count DESC, value LIMIT :n",
        {"t": table, "c": column, "n": n},
    )
    return [(r[0], r[1]) for r in rows.rows]


async def sample_rows(db: Database, view_sql: str, columns: list[str], params, n: int, ms: int) -> list:
    """`columns` of the first `n` rows of a view (a broad search: of its first n matches), read once in at
    most `ms` (QueryInterrupted when slower)."""
    names = ", ".join(escape_sqlite(column) for column in columns)
    result = await db.execute(
        f"SELECT {names} FROM ({sampled(view_sql, n)}) LIMIT {n}", params, custom_time_limit=ms
    )
    return result.rows


# -- counts ------------------------------------------------------------------------------------
class BoundedCountDatabase(Database):
    """Datasette's Database for the immutable mirror, whose count of a filtered table view is bounded by
    `count_limits()` and kept (the mirror never changes). Every other statement runs as Datasette runs it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._counts: OrderedDict[tuple, int] = OrderedDict()

    def count_limits(self) -> CountLimits:
        raise NotImplementedError

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
                self._counts[key] = None  # too slow to count even to the limit: not tried again
            while len(self._counts) > _KEPT_COUNTS:
                self._counts.popitem(last=False)
        self._counts.move_to_end(key)
        if self._counts[key] is None:
            raise QueryInterrupted(None, sql, params)
        return Results([(self._counts[key],)], False, [("count(*)",) + (None,) * 6])

    async def _count(self, table: str, where: str, params) -> int:
        """Exact when quick; else AtLeast(limit + 1) when there are more; else QueryInterrupted
        (Datasette's table view then shows no count)."""
        run = super().execute
        limits = self.count_limits()
        if not where:
            return (await run(f"select count(*) from {table}", params)).rows[0][0]
        capped = f"select count(*) from (select 1 from {table} {where}limit {limits.limit + 1})"
        if only_broad(where):  # it matches more than the broad-search limit: count its first matches
            n = (await run(sampled(capped, limits.limit + 1), params)).rows[0][0]
        else:
            exact = f"select count(*) from {table} {where}"
            try:
                return (await run(exact, params, custom_time_limit=limits.exact_ms)).rows[0][0]
            except QueryInterrupted:
                pass
            n = (await run(capped, params, custom_time_limit=limits.capped_ms)).rows[0][0]
        return AtLeast(n) if n > limits.limit else n
