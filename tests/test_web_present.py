"""Mirror rows → what the pages show (pipeline/web/present.py): camps, charts, evidence, periods."""

from __future__ import annotations

import re

from pipeline.web import present


def _claim(cid, value, outlet, cluster, **extra):
    row = {
        "claim_id": cid,
        "subject": "nio",
        "metric": "deliveries",
        "value_low": value,
        "value_high": value,
        "unit": "vehicles",
        "qualifier": "exact",
        "period_start": "2024-10-01",
        "period_end": "2024-12-31",
        "period_text": "Q4",
        "sentence": f"NIO delivered {value:,.0f} vehicles in Q4.",
        "outlet": outlet,
        "url": f"https://{outlet.lower()}.test/{cid}",
        "published": "2025-01-02",
        "cluster_id": cluster,
        "role": "member",
    }
    row.update(extra)
    return row


MEMBERS = [
    _claim("a", 72689, "One", "c1"),
    _claim("b", 72689, "Two", "c2"),
    _claim("c", 62689, "Three", "c3"),
    _claim("d", 62689, "Three", "c3", sentence="Headline: NIO 62,689", period_text=None),  # its headline
]


def test_web_present_camps_are_one_per_figure_without_camp_records():
    camps = present.camps(MEMBERS)
    assert [c.title for c in camps] == ["72,689 vehicles", "62,689 vehicles"]
    assert [c.note for c in camps] == ["2 sources", "1 source"]
    assert [len(c.rows) for c in camps] == [2, 1]  # the headline and body of one source: one figure row
    assert camps[1].rows[0].wordings == ["NIO delivered 62,689 vehicles in Q4.", "Headline: NIO 62,689"]


def test_web_present_camps_follow_the_side_groups_of_a_conflict():
    side = {"group_id": "s1", "verdict": "agree", "n_sources": 2}
    camps = present.camps(MEMBERS, [(side, {"a", "b"})])
    assert camps[0].group_id == "s1" and camps[0].note == "agree, 2 sources"
    assert [c.title for c in camps] == ["72,689 vehicles", "62,689 vehicles"]


def test_web_present_camps_follow_a_camp_column_when_the_store_records_one():
    rows = [dict(m, camp=1 if m["claim_id"] in ("a", "c") else 2) for m in MEMBERS]
    camps = present.camps(rows)
    assert [sorted(i for r in c.rows for i in r.claim_ids) for c in camps] == [["a", "c"], ["b", "d"]]
    related = [dict(MEMBERS[0], claim_id="r", role="related")]
    assert [c.title for c in present.camps(MEMBERS + related)] == ["72,689 vehicles", "62,689 vehicles"]


def test_web_present_entity_charts_cap_series_and_points():
    rows = [
        {
            "metric": "sales_volume",
            "unit": "vehicles",
            "outlet": f"outlet{o}",
            "period_start": f"20{20 + y}-{m:02d}-01",
            "period_end": f"20{20 + y}-{m:02d}-28",
            "n": 3,
            "lo": 1000.0 * (o + 1),
            "hi": 1500.0 * (o + 1),
            "qualifier": "exact",
            "published": "2025-01-01",
        }
        for o in range(20)
        for y in range(3)
        for m in range(1, 13)
    ]
    rows.append(dict(rows[0], metric="revenue", unit="USD", n=1, lo=5e9, hi=5e9, qualifier="more_than"))
    charts = present.entity_charts(rows, "BYD")
    assert [c.metric for c in charts] == ["sales_volume", "revenue"]
    big = charts[0]
    assert (
        len(set(re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="4.5" fill="(#[0-9a-f]+)">', big.svg)))
        <= present.MAX_SERIES
    )
    assert big.svg.count("<g>") <= present.MAX_POINTS and "smaller outlets drawn as one series" in big.note
    assert "more than 5 billion USD" in charts[1].svg  # one claim keeps its qualifier (an open bound)


def test_web_present_highlight_places_the_sentence_in_its_paragraph():
    paragraph = {"text": "Before. NIO delivered 5 cars. After.", "start_char": 100}
    claim = {"sentence": "NIO delivered 5 cars.", "start_char": 108, "end_char": 129}
    assert present.highlight(paragraph, claim) == ("Before. ", "NIO delivered 5 cars.", " After.")
    moved = dict(claim, start_char=0, end_char=5)  # offsets off: found by its text
    assert present.highlight(paragraph, moved) == ("Before. ", "NIO delivered 5 cars.", " After.")
    assert present.highlight(paragraph, dict(claim, sentence="elsewhere", start_char=0, end_char=3)) is None
    assert present.highlight(None, claim) is None


def test_web_present_period_reading_says_words_days_and_anchor():
    row = present.figure_rows([MEMBERS[0]])[0]
    assert (
        present.period_reading(row)
        == "“Q4” read as 2024-10-01 to 2024-12-31, against publication on 2025-01-02"
    )
    undated = present.figure_rows(
        [dict(MEMBERS[0], period_start=None, period_end=None, period_text="lately")]
    )[0]
    assert present.period_reading(undated) == "“lately”: no dates resolved"
