"""One row per figure: headline and body of one article, and copies in one near-duplicate cluster."""

from __future__ import annotations

import dataclasses

from pipeline.figures import merge_figures
from pipeline.report import period_words, report_claim


def _row(cid, cluster, outlet, sentence, period=("2025-01-01", "2025-03-31"), text="Q1 2025", **extra):
    row = {
        "claim_id": cid,
        "subject": "seres",
        "metric": "sales_volume",
        "value_low": 80000.0,
        "value_high": 80000.0,
        "unit": "vehicles",
        "qualifier": "more_than",
        "period_start": period[0],
        "period_end": period[1],
        "period_text": text,
        "sentence": sentence,
        "outlet": outlet,
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{cid}",
        "published": "2025-05-02",
        "cluster_id": cluster,
    }
    row.update(extra)
    return report_claim(row)


HEAD = "Seres passes 80,000 sales in the first quarter"
BODY = "Seres sold more than 80,000 units in Q1 2025."


def test_figures_headline_and_body_and_syndicated_copy_are_one_row():
    claims = [
        _row("a-head", "c1", "EV Ledger", HEAD, text="the first quarter"),
        _row("a-body", "c1", "EV Ledger", BODY),
        _row("b-head", "c1", "Volt Wire", HEAD, text="the first quarter"),
        _row("b-body", "c1", "Volt Wire", BODY),
    ]
    rows = merge_figures(claims, period_words)
    assert len(rows) == 1
    (row,) = rows
    assert row.claim_ids == ["a-head", "a-body", "b-head", "b-body"]
    assert row.outlets == ["EV Ledger", "Volt Wire"]
    assert row.wordings == [HEAD, BODY]
    assert len(row.urls) == 4
    assert row.period == "2025-01-01 to 2025-03-31 (“the first quarter”, “Q1 2025”)"


def test_figures_other_sources_values_or_periods_stay_apart():
    claims = [
        _row("a", "c1", "EV Ledger", BODY),
        _row("b", "c2", "Volt Wire", BODY),  # another independent source: reconciliation compares it
        _row("c", "c1", "EV Ledger", BODY, value_low=81000.0, value_high=81000.0),
        _row("d", "c1", "EV Ledger", BODY, period=("2025-04-01", "2025-06-30")),
    ]
    rows = merge_figures(claims, period_words)
    assert [r.claim_ids for r in rows] == [["a"], ["b"], ["c"], ["d"]]


def test_figures_undated_headline_joins_the_one_dated_figure_of_its_source():
    head = _row("h", "c1", "EV Ledger", "Aito outsells BMW", period=(None, None), text=None)
    body = _row("b", "c1", "EV Ledger", "Aito outsold BMW in 2025.", period=("2025-01-01", "2025-12-31"))
    (row,) = merge_figures([head, body], period_words)
    assert row.claim_ids == ["h", "b"] and row.period_end == "2025-12-31"
    assert row.wordings == ["Aito outsells BMW", "Aito outsold BMW in 2025."]
    # with two dated figures it cannot tell which the headline repeats: it stays a row of its own
    other = _row("o", "c1", "EV Ledger", "Aito outsold BMW in 2024.", period=("2024-01-01", "2024-12-31"))
    rows = merge_figures([head, body, other], period_words)
    assert [r.claim_ids for r in rows] == [["h"], ["b"], ["o"]]


def test_figures_member_and_related_roles_stay_apart():
    member = _row("m", "c1", "EV Ledger", BODY)
    related = dataclasses.replace(_row("r", "c1", "EV Ledger", BODY), role="related")
    assert len(merge_figures([member, related], period_words)) == 2
