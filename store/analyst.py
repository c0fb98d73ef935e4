"""The three questions analysts ask first, as functions returning pandas DataFrames.

Open the published snapshot read-only and ask:

    import store
    s = store.connect("out/demo.snapshot.duckdb", read_only=True)
    store.brand_claims(s, "aito", year=2025)      # what did sources claim for Aito's sales in 2025?
    store.brand_claims(s, "seres", include_children=True)  # Seres with its brands, every year
    store.conflicting_claims(s, subject="aito")   # where do sources conflict?
    store.single_source_claims(s, metric="sales_volume")  # which claims only one source makes?

Every value is a bound parameter, never formatted into the SQL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from store.db import Store

_CLAIM_COLUMNS = (
    "subject, subject_name, metric, value_low, value_high, unit, qualifier, modality, segment, "
    "geography, period_start, period_end, period_text, outlet, published, url, sentence, "
    "cluster_id, claim_id"
)


def brand_claims(
    store: Store,
    subject: str,
    year: int | None = None,
    metric: str = "sales_volume",
    *,
    include_children: bool = False,
) -> pd.DataFrame:
    """What sources claimed for `subject`'s `metric`, in a calendar year or (default) in every year.

    With a year, a claim counts when its period overlaps it (a trailing twelve months ending in June
    does); claims without a period count by their article's publication date. No year means all of
    them: a default tied to today's date would hide a snapshot of older news. With
    `include_children`, claims about the subject's brands and models too (registry descendants).
    Ordered by period, then publication date.
    """
    subjects = _family(store, subject) if include_children else [subject]
    params: list = [subjects, metric]
    in_year = ""
    if year is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        in_year = """AND CASE WHEN period_end IS NULL THEN published BETWEEN ? AND ?
                              ELSE period_end >= ? AND coalesce(period_start, period_end) <= ? END"""
        params += [start, end, start, end]
    # list_contains keeps the scan filter pushed down (an IN over a recursive CTE made it 15x slower).
    sql = f"""SELECT {_CLAIM_COLUMNS}
              FROM claims_enriched
              WHERE list_contains(CAST(? AS VARCHAR[]), subject) AND metric = ? {in_year}
              ORDER BY period_start NULLS LAST, period_end NULLS LAST, published NULLS LAST, claim_id"""
    return store.query_df(sql, params)


def _family(store: Store, subject: str) -> list[str]:
    """`subject` and its descendants in the entity registry (a company's brands and their models)."""
    rows = store.query_df(
        """WITH RECURSIVE family(entity_id) AS (
               SELECT CAST(? AS VARCHAR)
               UNION
               SELECT e.entity_id FROM entities e JOIN family f ON e.parent_id = f.entity_id)
           SELECT entity_id FROM family ORDER BY 1""",
        [subject],
    )
    return rows["entity_id"].tolist()


def conflicting_claims(store: Store, subject: str | None = None, metric: str | None = None) -> pd.DataFrame:
    """Where sources conflict: one row per claim of each 'conflict' group, with the group's reason.

    Optionally only one subject and/or metric. Ordered by group, then value.
    """
    sql = """SELECT group_id, subject, metric, segment, basis, geography, period_start, period_end, relation,
                    reason, n_sources, value_low, value_high, unit, qualifier, outlet, published, url, sentence,
                    claim_id
             FROM conflicts
             WHERE {where}
             ORDER BY subject, metric, period_start NULLS LAST, group_id, value_low, claim_id"""
    where, params = _filters(subject=subject, metric=metric)
    return store.query_df(sql.format(where=where), params)


def single_source_claims(store: Store, subject: str | None = None, metric: str | None = None) -> pd.DataFrame:
    """Claims that only one independent source makes (groups with verdict 'single_source').

    Optionally only one subject and/or metric. Ordered by subject, metric and period.
    """
    sql = f"""SELECT g.group_id, g.reason, {", ".join("ce." + c.strip() for c in _CLAIM_COLUMNS.split(","))}
              FROM recon_groups g
              JOIN group_members m USING (group_id)
              JOIN claims_enriched ce USING (claim_id)
              WHERE g.verdict = 'single_source' AND {{where}}
              ORDER BY ce.subject, ce.metric, ce.period_start NULLS LAST, ce.published NULLS LAST, ce.claim_id"""
    where, params = _filters("g.", subject=subject, metric=metric)
    return store.query_df(sql.format(where=where), params)


def _filters(prefix: str = "", **values: str | None) -> tuple[str, list]:
    """`col = ?` for each value given (column names are ours; the values are bound parameters)."""
    given = {k: v for k, v in values.items() if v is not None}
    where = " AND ".join(f"{prefix}{k} = ?" for k in given) or "true"
    return where, list(given.values())
