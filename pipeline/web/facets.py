"""Facets of a whole mirror table from counts made at publish time (store/mirror.py `facet_counts`),
and of a large filtered view from a sample of it.

Datasette counts each facet column with a GROUP BY over the table on every page view: five facets of a
million claims took ~0.8 s. The mirror is a snapshot, so the counts of an unfiltered table never
change; `evclaims serve` registers this module in place of Datasette's own facet classes, and a
column facet of an unfiltered table reads its counts. A filtered, searched or SQL view counts as
Datasette always does (the parent class) up to large.FACET_ROWS rows; a larger one, or one whose
count stopped, reads its first large.SAMPLE_ROWS rows once and counts every facet of them (a broad
search: the rows among its first matches, pipeline/web/large.py), and each facet says so (`sample`
in the JSON, a note on the page). Their SQL is in store/mirror_tables.py.
Any database without the counts table is faceted as Datasette does.
"""

from __future__ import annotations

from collections import Counter

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.utils import detect_json1, escape_sqlite, path_with_added_args, path_with_removed_args

from pipeline.web import large
from store.mirror_tables import counted_columns, facet_counts, sample_rows


class PrecountedColumnFacet(ColumnFacet):
    """Datasette's column facet, answered from facet_counts when the view is the whole table, and from
    one sample of the view's rows when it is large."""

    async def facet_results(self):
        configs = [
            (c["config"].get("column") or c["config"]["simple"], c["source"]) for c in self.get_configs()
        ]
        if not configs:
            return [], []
        size = self.get_facet_size()
        if await self._precounted([column for column, _ in configs]):
            results = []
            for column, source in configs:
                counts = await facet_counts(self._db(), self.table, column, size + 1)
                results.append(await self._facet(column, source, counts, size))
            return results, []
        n = self.row_count
        if n is not None and not isinstance(n, large.AtLeast) and n <= large.FACET_ROWS:
            return await super().facet_results()
        return await self._sampled(configs, size)

    async def _sampled(self, configs: list[tuple[str, str]], size: int):
        """Every facet from one read of the view's first SAMPLE_ROWS rows (a broad search: among its first
        matches), counted here; Datasette would read the view once per facet."""
        sample = large.SAMPLE_ROWS
        columns = [column for column, _ in configs]
        try:
            rows = await sample_rows(
                self._db(), self.sql, columns, self.params, sample, self.ds.setting("facet_time_limit_ms")
            )
        except QueryInterrupted:
            return [], columns
        results = []
        for i, (column, source) in enumerate(configs):
            counts = Counter(r[i] for r in rows if r[i] is not None)
            # as SQLite orders `count DESC, value`: numbers before text
            ranked = sorted(counts.items(), key=lambda kv: (-kv[1], isinstance(kv[0], str), kv[0]))
            facet = await self._facet(column, source, ranked[: size + 1], size)
            facet["sample"] = sample
            results.append(facet)
        return results, []

    async def _facet(self, column: str, source: str, rows: list[tuple], size: int) -> dict:
        """A facet as Datasette's ColumnFacet gives it, from (value, count) rows (size + 1 at most)."""
        qs_pairs = self.get_querystring_pairs()
        expanded = await self.ds.expand_foreign_keys(
            self.database, self.table, column, [v for v, _ in rows[:size]]
        )
        values = []
        for value, count in rows[:size]:
            column_qs = f"{column}__exact" if column.startswith("_") else column
            selected = (column_qs, str(value)) in qs_pairs
            toggle = (
                path_with_removed_args(self.request, {column_qs: str(value)})
                if selected
                else path_with_added_args(self.request, {column_qs: value})
            )
            values.append(
                {
                    "value": value,
                    "label": expanded.get((column, value), value),
                    "count": count,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                    "selected": selected,
                }
            )
        return {
            "name": column,
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": values,
            "truncated": len(rows) > size,
        }

    async def _precounted(self, columns: list[str]) -> bool:
        """The view is the whole table (no filter, search or SQL) and every column asked for was counted
        at publish (a facet added in the URL for another column is counted live, with the others)."""
        if (
            not self.table
            or self.params
            or not self.sql.strip().endswith(f"from {escape_sqlite(self.table)}")
        ):
            return False
        counted = await counted_columns(self._db(), self.table)
        return bool(counted) and set(columns) <= counted

    def _db(self):
        return self.ds.databases[self.database]


@hookimpl
def register_facet_classes():
    classes = [PrecountedColumnFacet, DateFacet]
    if detect_json1():
        classes.append(ArrayFacet)
    return classes
