"""Facets of a whole mirror table from counts made at publish time (store/mirror.py `facet_counts`).

Datasette counts each facet column with a GROUP BY over the table on every page view: five facets of a
million claims took ~0.8 s. The mirror is a snapshot, so the counts of an unfiltered table never
change; `evclaims serve` registers this module in place of Datasette's own facet classes, and a
column facet of an unfiltered table reads its counts. Filtered, searched or SQL views count as
Datasette always does (the parent class), and so does any database without the counts table.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet, DateFacet
from datasette.utils import detect_json1, escape_sqlite, path_with_added_args, path_with_removed_args

from store.mirror import FACET_TABLE


class PrecountedColumnFacet(ColumnFacet):
    """Datasette's column facet, answered from facet_counts when the view is the whole table."""

    async def facet_results(self):
        configs = self.get_configs()
        if not configs or not await self._precounted(
            [c["config"].get("column") or c["config"]["simple"] for c in configs]
        ):
            return await super().facet_results()
        results = []
        qs_pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for item in configs:
            config, source = item["config"], item["source"]
            column = config.get("column") or config["simple"]
            rows = (
                await self.ds.execute(
                    self.database,
                    f"SELECT value, count FROM {FACET_TABLE} WHERE table_name = :t AND column_name = :c "
                    "ORDER BY count DESC, value LIMIT :n",
                    {"t": self.table, "c": column, "n": size + 1},
                )
            ).rows
            expanded = await self.ds.expand_foreign_keys(
                self.database, self.table, column, [r["value"] for r in rows[:size]]
            )
            values = []
            for r in rows[:size]:
                column_qs = f"{column}__exact" if column.startswith("_") else column
                selected = (column_qs, str(r["value"])) in qs_pairs
                toggle = (
                    path_with_removed_args(self.request, {column_qs: str(r["value"])})
                    if selected
                    else path_with_added_args(self.request, {column_qs: r["value"]})
                )
                values.append(
                    {
                        "value": r["value"],
                        "label": expanded.get((column, r["value"]), r["value"]),
                        "count": r["count"],
                        "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                    "results": values,
                    "truncated": len(rows) > size,
                }
            )
        return results, []

    async def _precounted(self, columns: list[str]) -> bool:
        """The view is the whole table (no filter, search or SQL) and every column asked for was counted
        at publish (a facet added in the URL for another column is counted live, with the others)."""
        if (
            not self.table
            or self.params
            or not self.sql.strip().endswith(f"from {escape_sqlite(self.table)}")
        ):
            return False
        if FACET_TABLE not in await self.ds.get_database(self.database).table_names():
            return False
        rows = await self.ds.execute(
            self.database,
            f"SELECT DISTINCT column_name FROM {FACET_TABLE} WHERE table_name = :t",
            {"t": self.table},
        )
        return set(columns) <= {r[0] for r in rows.rows}


@hookimpl
def register_facet_classes():
    classes = [PrecountedColumnFacet, DateFacet]
    if detect_json1():
        classes.append(ArrayFacet)
    return classes
