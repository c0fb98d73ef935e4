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
reads its rows in the page's order: a broad search within it stops after a page too. The SQL of each
is in store/mirror_tables.py; the limits are here (read at each use).
"""

from __future__ import annotations

from store.mirror_tables import AtLeast, BoundedCountDatabase, CountLimits

__all__ = ["AtLeast", "MirrorDatabase"]
COUNT_MS = 50  # an exact count of a filtered view, when it takes no longer
COUNT_LIMIT = 10_000  # else counted up to this (+1, to tell "more"), when that takes under CAPPED_MS
CAPPED_MS = 50
FACET_ROWS = 20_000  # a view with more rows (or unknown) is faceted over a sample
SAMPLE_ROWS = 10_000
BROAD_MATCHES = 50_000  # searches matching more rows are tested row by row (see filters.py)


class MirrorDatabase(BoundedCountDatabase):
    """Datasette's Database for the immutable mirror, whose count of a filtered table view is
    bounded and kept (module docstring). Every other statement runs as Datasette runs it."""

    def count_limits(self) -> CountLimits:
        return CountLimits(exact_ms=COUNT_MS, limit=COUNT_LIMIT, capped_ms=CAPPED_MS)
