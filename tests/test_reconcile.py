"""Reconciliation rules of shared/spec/claims.md on hand-built claims, the JSONL door and the store."""

from __future__ import annotations

import json

import pytest
from helpers import claim as base_claim
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.errors import ConfigError
from extractors.registry import load_registry
from pipeline.reconcile import (
    ReconcileError,
    claim_value,
    compare_values,
    reconcile,
    reconcile_jsonl,
    reconcile_store,
    written_step,
)

Q1_2025 = ("2025-01-01", "2025-03-31")
Y2024 = ("2024-01-01", "2024-12-31")


def claim(
    cid: str,
    doc: str,
    subject: str = "nio",
    metric: str = "deliveries",
    value: float | None = 1000,
    *,
    high: float | None = None,
    unit: str = "vehicles",
    qualifier: str = "exact",
    period: tuple[str | None, str | None] = Y2024,
    sentence: str | None = None,
    **extra,
) -> dict:
    fields = {"subject": subject, "metric": metric, "sentence": sentence, "claim_id": cid, "doc_id": doc}
    return base_claim(value, high=high, unit=unit, qualifier=qualifier, period=period, **(fields | extra))


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def members_of(groups, claim_id):
    return [g for g in groups if claim_id in g.claim_ids]


def only_group(groups, *ids):
    """The one non-scope group holding exactly these claims."""
    found = [g for g in groups if sorted(g.claim_ids) == sorted(ids) and g.verdict != "different_scope"]
    assert len(found) == 1, [(g.verdict, g.claim_ids) for g in groups]
    return found[0]


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        # (value, unit, qualifier, sentence) pairs from the spec and the dev-set README
        ((7.3, "percent", "exact", "a 7.3% share"), (7, "percent", "exact", "a 7% share"), "agree"),
        (
            (4272145, "vehicles", "exact", "sold 4,272,145 cars"),
            (4270000, "vehicles", "exact", "sold 4.27 million cars"),
            "agree",
        ),
        (
            (27000, "vehicles", "more_than", "over 27,000 cars"),
            (27307, "vehicles", "exact", "27,307 cars"),
            "agree",
        ),
        (
            (80000, "vehicles", "more_than", "more than 80,000 units"),
            (84000, "vehicles", "exact", "84,000"),
            "compatible",
        ),
        (
            (3800000, "vehicles", "more_than", "more than 3.8 million"),
            (4910000, "vehicles", "exact", "4.91 million"),
            "compatible",
        ),
        (
            (1200000, "vehicles", "approx", "about 1.2 million"),
            (1100000, "vehicles", "exact", "1.1 million"),
            "conflict",
        ),
        ((8, "percent", "approx", "about 8%"), (7, "percent", "exact", "7%"), "conflict"),
        (
            (-8.6, "percent", "exact", "closing down 8.6%"),
            (-8.25, "percent", "at_most", "as much as 8.25%"),
            "conflict",
        ),
        ((100.5, "percent", "exact", "up 100.5%"), (100, "percent", "exact", "up 100%"), "agree"),
    ],
)
def test_reconcile_pair_verdicts_follow_spec_examples(a, b, verdict):
    def val(v):
        c = claim("x", "d", value=v[0], unit=v[1], qualifier=v[2], sentence=v[3])
        return claim_value(c)

    assert compare_values(val(a), val(b))[0] == verdict


def test_reconcile_range_admits_point_is_compatible():
    rng = claim_value(claim("a", "d", metric="gross_margin", value=15, high=20, unit="percent"))
    pt = claim_value(claim("b", "d", metric="gross_margin", value=18, unit="percent"))
    assert compare_values(rng, pt)[0] == "compatible"


def test_reconcile_negative_bound_describes_size_of_change():
    fell = claim_value(
        claim("a", "d", metric="deliveries_growth", value=-3, unit="percent", qualifier="more_than")
    )
    assert fell.high == -3 and fell.low == float("-inf")
    assert compare_values(fell, claim_value(claim("b", "d", value=-5, unit="percent")))[0] == "compatible"
    assert compare_values(fell, claim_value(claim("c", "d", value=-1, unit="percent")))[0] == "conflict"


def test_reconcile_written_step_reads_scale_words_from_sentence():
    assert written_step(1100000, "vehicles", "sold 1.1 million cars") == pytest.approx(100000)
    assert written_step(22402000000, "CNY", "a net loss of RMB22.402 billion") == pytest.approx(1e6)
    assert written_step(500508, "vehicles", "delivered 500,508 vehicles") == 1
    assert written_step(10, "percent", "a 10% share") == 1


def test_reconcile_equal_figures_from_two_sources_agree(registry):
    groups = reconcile([claim("a", "d1", value=72689), claim("b", "d2", value=72689)], registry)
    g = only_group(groups, "a", "b")
    assert g.verdict == "agree" and g.n_sources == 2
    assert g.key == {
        "subject": "nio",
        "metric": "deliveries",
        "segment": "nev",
        "basis": None,
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "geography": None,
    }


def test_reconcile_syndicated_copy_does_not_corroborate(registry):
    groups = reconcile(
        [
            claim("a", "d1", value=72689, cluster_id="k1"),
            claim("b", "d2", value=72689, cluster_id="k1"),
        ],
        registry,
    )
    g = only_group(groups, "a", "b")
    assert g.verdict == "single_source" and g.n_sources == 1


def test_reconcile_group_takes_worst_pair(registry):
    groups = reconcile(
        [
            claim("a", "d1", value=1000),
            claim("b", "d2", value=1000),
            claim("c", "d3", value=1500),
        ],
        registry,
    )
    assert only_group(groups, "a", "b", "c").verdict == "conflict"


def test_reconcile_one_source_with_two_figures_keeps_them_apart(registry):
    # an article giving the company total and a brand's figure under one key does not contradict itself
    groups = reconcile(
        [
            claim("a", "d1", value=72689),
            claim("b", "d2", value=72689),
            claim("c", "d2", value=52760),
        ],
        registry,
    )
    assert only_group(groups, "a", "b").verdict == "agree"
    assert only_group(groups, "c").verdict == "single_source"
    scope = [g for g in groups if g.verdict == "different_scope"]
    assert len(scope) == 1 and sorted(scope[0].claim_ids) == ["a", "b", "c"]
    assert "definition" in scope[0].reason


def test_reconcile_nested_period_is_different_scope(registry):
    groups = reconcile(
        [
            claim("a", "d1", value=221970),
            claim("b", "d2", value=72689, period=("2024-10-01", "2024-12-31")),
        ],
        registry,
    )
    scope = [g for g in groups if g.verdict == "different_scope"]
    assert len(scope) == 1 and sorted(scope[0].claim_ids) == ["a", "b"]
    assert "period" in scope[0].reason
    assert all(g.verdict == "single_source" for g in groups if g.verdict != "different_scope")


def test_reconcile_disjoint_periods_are_not_linked(registry):
    groups = reconcile(
        [claim("a", "d1", value=500508), claim("b", "d2", value=376030, period=("2023-01-01", "2023-12-31"))],
        registry,
    )
    assert [g.verdict for g in groups] == ["single_source", "single_source"]


def test_reconcile_unstated_segment_is_nev_for_nev_only_maker(registry):
    groups = reconcile(
        [claim("a", "d1", subject="byd"), claim("b", "d2", subject="byd", segment="nev")], registry
    )
    assert only_group(groups, "a", "b").verdict == "agree"
    # BMW also sells combustion cars: its unstated segment is not NEV
    groups = reconcile(
        [claim("a", "d1", subject="bmw"), claim("b", "d2", subject="bmw", segment="nev")], registry
    )
    assert {g.verdict for g in groups} == {"single_source", "different_scope"}


def test_reconcile_unstated_geography_compares_with_the_one_named_market(registry):
    groups = reconcile([claim("a", "d1"), claim("b", "d2", geography="GLOBAL")], registry)
    assert only_group(groups, "a", "b").verdict == "agree"
    groups = reconcile([claim("a", "d1"), claim("b", "d2", geography="CN")], registry)
    assert only_group(groups, "a", "b").verdict == "agree"


def test_reconcile_different_named_markets_are_different_scope(registry):
    groups = reconcile(
        [claim("a", "d1"), claim("b", "d2", geography="CN"), claim("c", "d3", geography="US")], registry
    )
    assert {g.verdict for g in groups if len(g.claim_ids) == 1} == {"single_source"}
    scope = [g for g in groups if g.verdict == "different_scope"]
    assert (
        len(scope) == 1 and sorted(scope[0].claim_ids) == ["a", "b", "c"] and "geography" in scope[0].reason
    )


def test_reconcile_different_basis_is_different_scope(registry):
    groups = reconcile(
        [
            claim("a", "d1", metric="revenue_growth", value=24.5, unit="percent", basis="qoq"),
            claim("b", "d2", metric="revenue_growth", value=12.1, unit="percent", basis="yoy"),
        ],
        registry,
    )
    assert "different_scope" in {g.verdict for g in members_of(groups, "a") if "b" in g.claim_ids}
    assert not [g for g in groups if g.verdict == "conflict"]


def test_reconcile_brand_claim_compares_with_parent(registry):
    groups = reconcile(
        [
            claim("a", "d1", subject="aito", value=100000, period=Q1_2025),
            claim("s", "d2", subject="seres", value=80000, qualifier="more_than", period=Q1_2025),
        ],
        registry,
    )
    g = only_group(groups, "a", "s")
    assert g.verdict == "compatible" and g.kind == "levels"
    assert g.relation == "aito is a brand of seres"
    assert g.key["subject"] == "seres"


def test_reconcile_brand_above_parent_is_conflict(registry):
    groups = reconcile(
        [
            claim("a", "d1", subject="aito", value=200000, period=Q1_2025),
            claim("s", "d2", subject="seres", value=90000, period=Q1_2025),
        ],
        registry,
    )
    g = only_group(groups, "a", "s")
    assert g.verdict == "conflict" and "brand of seres" in g.reason


def test_reconcile_seed_story_links_aito_twelve_months_with_seres_quarter(registry):
    aito = claim(
        "aito-151k",
        "seed0",
        subject="aito",
        metric="sales_volume",
        value=151000,
        period=("2024-06-10", "2025-06-10"),
        sentence="with 151,000 vehicles sold in just twelve months",
    )
    seres = claim(
        "seres-80k",
        "seed3",
        subject="seres",
        metric="sales_volume",
        value=80000,
        qualifier="more_than",
        period=Q1_2025,
        sentence="Seres posting more than 80,000 units sold in Q1 2025",
    )
    groups = reconcile([aito, seres], registry)
    scope = [g for g in groups if g.verdict == "different_scope"]
    assert len(scope) == 1
    assert scope[0].relation == "aito is a brand of seres"
    assert sorted(scope[0].claim_ids) == ["aito-151k", "seres-80k"]
    assert "period" in scope[0].reason and "subject" in scope[0].reason


def test_reconcile_model_relation_names_every_step(registry):
    groups = reconcile(
        [
            claim("m", "d1", subject="aito-m9", value=10000, period=Q1_2025),
            claim("s", "d2", subject="seres", value=80000, period=Q1_2025),
        ],
        registry,
    )
    assert only_group(groups, "m", "s").relation == "aito-m9 is a model of aito, a brand of seres"


def test_reconcile_comparative_checked_against_numbers_for_both_sides(registry):
    def comp(cid, doc, rel="greater_than"):
        return claim(
            cid,
            doc,
            subject="aito",
            metric="sales_volume",
            value=None,
            relation=rel,
            object="bmw",
            period=Q1_2025,
        )

    nums = [
        claim("na", "d3", subject="aito", metric="sales_volume", value=150000, period=Q1_2025),
        claim("nb", "d4", subject="bmw", metric="sales_volume", value=120000, period=Q1_2025),
    ]
    groups = reconcile([comp("c1", "d1"), *nums], registry)
    g = only_group(groups, "c1")
    assert g.verdict == "agree" and g.related_claim_ids == ["na", "nb"]
    assert "bear out" in g.reason

    groups = reconcile([comp("c1", "d1", rel="less_than"), *nums], registry)
    assert only_group(groups, "c1").verdict == "conflict"


def test_reconcile_comparative_against_open_bounds_on_one_side(registry):
    """ "More than 80,000" and "less than 90,000" for one side span everything: compatible, no crash."""
    comp = claim(
        "c1",
        "d1",
        subject="aito",
        metric="sales_volume",
        value=None,
        relation="greater_than",
        object="bmw",
        period=Q1_2025,
    )
    nums = [
        claim(
            "na",
            "d2",
            subject="aito",
            metric="sales_volume",
            value=80000,
            qualifier="more_than",
            period=Q1_2025,
        ),
        claim(
            "nb",
            "d3",
            subject="aito",
            metric="sales_volume",
            value=90000,
            qualifier="less_than",
            period=Q1_2025,
        ),
        claim("nc", "d4", subject="bmw", metric="sales_volume", value=50000, period=Q1_2025),
    ]
    g = only_group(reconcile([comp, *nums], registry), "c1")
    assert g.verdict == "compatible" and "aito of no settled size against bmw 50,000" in g.reason


def test_reconcile_counts_a_comparative_with_an_unknown_relation_as_skipped(registry):
    odd = claim(
        "c1",
        "d1",
        subject="aito",
        metric="sales_volume",
        value=None,
        relation="equal_to",
        object="bmw",
        period=Q1_2025,
    )
    skipped: dict[str, int] = {}
    assert reconcile([odd, dict(odd, claim_id="c2", doc_id="d2")], registry, skipped=skipped) == []
    assert skipped == {"unknown relation": 2}


def test_reconcile_comparative_without_figures_counts_sources(registry):
    aito_first = claim(
        "c1",
        "d1",
        subject="aito",
        metric="sales_volume",
        value=None,
        relation="greater_than",
        object="bmw",
        period=Q1_2025,
    )
    bmw_first = claim(
        "c2",
        "d2",
        subject="bmw",
        metric="sales_volume",
        value=None,
        relation="less_than",
        object="aito",
        period=Q1_2025,
    )
    g = only_group(reconcile([aito_first, bmw_first], registry), "c1", "c2")
    assert g.verdict == "agree" and g.key["object"] in ("aito", "bmw")
    contrary = dict(bmw_first, relation="greater_than")
    assert only_group(reconcile([aito_first, contrary], registry), "c1", "c2").verdict == "conflict"
    assert only_group(reconcile([aito_first], registry), "c1").verdict == "single_source"


def test_reconcile_comparative_converts_figures_in_other_currencies(registry):
    comp = claim(
        "c", "d1", subject="byd", metric="revenue", value=None, relation="greater_than", object="tesla"
    )
    nums = [
        claim("b", "d2", subject="byd", metric="revenue", value=777e9, unit="CNY"),
        claim("t", "d3", subject="tesla", metric="revenue", value=97.7e9, unit="USD"),
    ]
    g = only_group(reconcile([comp, *nums], registry), "c")
    # $97.7 billion is about 713 billion yuan at the ECB's 2024-12-31 rate: the figures bear it out
    assert g.verdict == "agree" and "converted at 1 USD = 7." in g.reason and "2024-12-31" in g.reason
    # $120 billion would be above 777 billion yuan at any rate of 2024: contradicted
    more = [nums[0], dict(nums[1], value_low=120e9, value_high=120e9)]
    assert only_group(reconcile([comp, *more], registry), "c").verdict == "conflict"
    # no period and no publication day: nothing to take a rate on, so not checked
    undated = [
        dict(n, claim_id=f"u{n['claim_id']}", doc_id="d1", period_start=None, period_end=None) for n in nums
    ]
    comp_undated = dict(comp, period_start=None, period_end=None)
    g = only_group(reconcile([comp_undated, *undated], registry), "c")
    assert undated[0]["doc_id"] == comp_undated["doc_id"]  # the article's own figures are the ones checked
    assert g.verdict == "single_source" and "different units" in g.reason


def test_reconcile_group_ids_are_stable_and_distinct(registry):
    claims = [claim("a", "d1"), claim("b", "d2"), claim("c", "d3", period=("2024-10-01", "2024-12-31"))]
    first = [g.group_id for g in reconcile(claims, registry)]
    again = [g.group_id for g in reconcile(list(reversed(claims)), registry)]
    assert sorted(first) == sorted(again) and len(set(first)) == len(first)


def test_reconcile_accepts_a_dataframe_with_dates(registry):
    import datetime as dt

    import pandas as pd

    rows = [claim("a", "d1"), claim("b", "d2")]
    df = pd.DataFrame(rows)
    df["period_start"] = [dt.date(2024, 1, 1)] * 2
    df["period_end"] = pd.to_datetime(["2024-12-31", "2024-12-31"])
    groups = reconcile(df, registry)
    assert only_group(groups, "a", "b").key["period_end"] == "2024-12-31"


def test_reconcile_duplicate_claim_id_is_an_error(registry):
    with pytest.raises(ReconcileError, match="duplicate claim_id 'a'"):
        reconcile([claim("a", "d1"), claim("a", "d2")], registry)


def test_reconcile_jsonl_writes_one_group_per_line(tmp_path, registry):
    src = tmp_path / "claims.jsonl"
    src.write_text("\n".join(json.dumps(c) for c in [claim("a", "d1"), claim("b", "d2")]) + "\n")
    out = tmp_path / "groups.jsonl"
    assert reconcile_jsonl(src, out, registry) == 1
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["verdict"] == "agree" and line["claim_ids"] == ["a", "b"] and line["n_sources"] == 2
    assert {"group_id", "key", "relation", "reason"} <= set(line)


def test_reconcile_jsonl_names_the_bad_line(tmp_path, registry):
    src = tmp_path / "claims.jsonl"
    src.write_text(json.dumps(claim("a", "d1")) + "\n" + json.dumps({"claim_id": "b"}) + "\n")
    with pytest.raises(ReconcileError, match=r"claims.jsonl:2: missing doc_id"):
        reconcile_jsonl(src, tmp_path / "out.jsonl", registry)
    with pytest.raises(ConfigError, match="not found"):
        reconcile_jsonl(tmp_path / "nope.jsonl", tmp_path / "out.jsonl", registry)


def test_reconcile_store_writes_groups_and_members(tmp_path, registry):
    import store

    st = store.connect(tmp_path / "c.duckdb")
    try:
        st.load_articles(
            [
                {
                    "article_id": "a1",
                    "url": "https://one.example/x",
                    "title": "One",
                    "published": "2025-03-01",
                    "cluster_id": "a1",
                },
                {
                    "article_id": "a2",
                    "url": "https://two.example/y",
                    "title": "Two",
                    "published": "2025-03-02",
                    "cluster_id": "a2",
                },
                {
                    "article_id": "a3",
                    "url": "https://three.example/y",
                    "title": "Copy of two",
                    "published": "2025-03-02",
                    "cluster_id": "a2",
                },
            ]
        )
        claims = [
            dict(claim(f"c{i}", f"a{i}", value=v), article_id=f"a{i}")
            for i, v in ((1, 500), (2, 500), (3, 700))
        ]
        st.replace_claims([{"article_id": a} for a in ("a1", "a2", "a3")], claims, "test-1")
        result = reconcile_store(st, registry)
        # c2 and c3 are one near-duplicate cluster: 500 is backed by two sources, 700 by one
        assert result.n_claims == 3 and result.by_verdict["conflict"] == 1
        rows = st.query_df("select verdict, n_claims, n_sources from recon_groups order by verdict")
        assert rows.to_dict("records") == [
            {"verdict": "agree", "n_claims": 2, "n_sources": 2},
            {"verdict": "conflict", "n_claims": 3, "n_sources": 2},
        ]
        roles = st.query_df("select role, count(*) as n from group_members group by role")
        assert roles.to_dict("records") == [{"role": "member", "n": 5}]
    finally:
        st.close()


def test_reconcile_group_rows_carry_kind_and_links_into_the_store(tmp_path, registry):
    import store
    from pipeline.reconcile import group_rows

    groups = reconcile(
        [
            claim("n1", "d1", value=72689),
            claim("n2", "d2", value=72689),
            claim("n3", "d3", value=52760),  # a conflict; 72,689 from two sources is its side
            claim("n4", "d4", value=18000, period=("2024-10-01", "2024-12-31")),  # inside 2024: scope
            claim("a1", "d5", subject="aito", metric="sales_volume", value=100000, period=Q1_2025),
            claim(
                "s1",
                "d6",
                subject="seres",
                metric="sales_volume",
                value=80000,
                qualifier="more_than",
                period=Q1_2025,
            ),  # aito is a brand of seres: levels
            claim(
                "c1",
                "d7",
                subject="aito",
                metric="sales_volume",
                value=None,
                relation="greater_than",
                object="bmw",
                period=Q1_2025,
            ),
        ],
        registry,
    )
    grows, mrows, rrows = group_rows(groups)
    assert [(r["group_id"], r["kind"], r["related_group_ids"]) for r in grows] == [
        (g.group_id, g.kind, g.related_group_ids) for g in groups
    ]
    assert {r["kind"] for r in grows} == {"member", "camp", "levels", "scope", "comparative"}
    with store.connect(tmp_path / "c.duckdb") as st:
        st.replace_groups(grows, mrows, rrows)
        stored = st.query_df("select group_id, kind, related_group_ids from recon_groups")
        assert {r.group_id: (r.kind, list(r.related_group_ids)) for r in stored.itertuples()} == {
            g.group_id: (g.kind, g.related_group_ids) for g in groups
        }
        # what analysts can now ask in SQL: which conflict is a side the side of, and what it backs
        sides = st.query_df(
            """select s.verdict, c.verdict as of_verdict, c.kind as of_kind, s.n_claims, c.n_claims as of_n
               from recon_groups s join recon_groups c on c.group_id = s.related_group_ids[1]
               where s.kind = 'camp'"""
        )
        assert sides.to_dict("records") == [
            {"verdict": "agree", "of_verdict": "conflict", "of_kind": "member", "n_claims": 2, "of_n": 3}
        ]
        linked = st.query_df(
            "select kind from recon_groups where list_contains(related_group_ids, ?) order by kind",
            [next(g.group_id for g in groups if g.verdict == "conflict")],
        )
        assert list(linked["kind"]) == ["camp", "scope"]
        assert (
            st.query_df("select count(*) n from recon_groups where len(related_group_ids) = 0")["n"][0] == 1
        )


def test_reconcile_conflict_keeps_the_camp_several_sources_back(registry):
    groups = reconcile(
        [
            claim("a", "d1", value=72689),
            claim("b", "d2", value=72689),
            claim("c", "d3", value=52760),
        ],
        registry,
    )
    conflict = only_group(groups, "a", "b", "c")
    side = only_group(groups, "a", "b")
    assert conflict.verdict == "conflict" and side.verdict == "agree"
    assert side.related_group_ids == [conflict.group_id] and conflict.related_group_ids == [side.group_id]
    assert side.reason.startswith("camp 1 of a group whose verdict is conflict")
    assert (conflict.kind, side.kind) == ("member", "camp")
    assert [c["claim_ids"] for c in conflict.camps] == [["a", "b"], ["c"]]
    assert conflict.camp_relations == [
        {
            "camps": [1, 2],
            "verdict": "conflict",
            "reason": "72,689 against 52,760: 27% apart, no bound admits both",
        }
    ]


def test_reconcile_same_figure_for_periods_apart_is_linked(registry):
    groups = reconcile(
        [
            claim("a", "d1", value=500508),
            claim("b", "d2", value=500508, period=("2023-01-01", "2023-12-31")),
            claim("c", "d3", value=376030, period=("2023-01-01", "2023-12-31")),
        ],
        registry,
    )
    scope = [g for g in groups if g.verdict == "different_scope"]
    assert len(scope) == 1 and sorted(scope[0].claim_ids) == ["a", "b", "c"]
    assert "do not overlap" in scope[0].reason


def test_reconcile_same_figure_of_unrelated_subjects_is_not_linked(registry):
    groups = reconcile(
        [
            claim("a", "d1", subject="nio", value=5000),
            claim("b", "d2", subject="byd", value=5000, period=("2023-01-01", "2023-12-31")),
        ],
        registry,
    )
    assert [g.verdict for g in groups] == ["single_source", "single_source"]


def test_reconcile_corrected_copy_in_one_cluster_is_a_conflict(registry):
    groups = reconcile(
        [claim("a", "d1", value=500, cluster_id="k"), claim("b", "d2", value=700, cluster_id="k")], registry
    )
    g = only_group(groups, "a", "b")
    assert g.verdict == "conflict" and g.n_sources == 1 and "near-duplicate copies" in g.reason


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["nio", "onvo", "byd", "aito", "seres"]),
            st.sampled_from([1000, 1200, 80000, 84000, 151000]),
            st.sampled_from(["exact", "approx", "more_than", "less_than"]),
            st.sampled_from([Y2024, Q1_2025, ("2024-10-01", "2024-12-31"), (None, None)]),
            st.integers(0, 4),
        ),
        max_size=14,
    ),
    st.randoms(use_true_random=False),
)
@settings(max_examples=60, deadline=None)
def test_reconcile_every_claim_has_one_member_group_whatever_the_order(rows, rnd):
    registry = load_registry()
    claims = [
        claim(f"c{i}", f"d{doc}", subject=s, value=v, qualifier=q, period=p)
        for i, (s, v, q, p, doc) in enumerate(rows)
    ]
    groups = reconcile(claims, registry)
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    again = reconcile(shuffled, registry)
    assert {(g.verdict, tuple(g.claim_ids)) for g in groups} == {
        (g.verdict, tuple(g.claim_ids)) for g in again
    }
    assert len({g.group_id for g in groups}) == len(groups)
    own = [g for g in groups if g.kind in ("member", "comparative")]
    for c in claims:
        assert sum(c["claim_id"] in g.claim_ids for g in own) == 1, c["claim_id"]


def test_reconcile_a_camp_shared_by_a_member_and_a_levels_group_is_one_group():
    """Five claims agreeing under one key are a camp of nio's member group and of the levels group
    around it: one camp group, related to both (hypothesis found the duplicate ids)."""
    registry = load_registry()
    rows = [("nio", 1000, 0)] * 4 + [("nio", 1000, 1), ("nio", 80000, 2), ("onvo", 80000, 0)]
    claims = [
        claim(f"c{i}", f"d{doc}", subject=s, value=v, period=Y2024) for i, (s, v, doc) in enumerate(rows)
    ]
    groups = reconcile(claims, registry)
    assert len({g.group_id for g in groups}) == len(groups)
    camps = [g for g in groups if g.kind == "camp" and g.claim_ids == ["c0", "c1", "c2", "c3", "c4"]]
    assert len(camps) == 1
    parents = [g for g in groups if camps[0].group_id in g.related_group_ids]
    assert len(parents) >= 2 and set(camps[0].related_group_ids) == {g.group_id for g in parents}


def test_reconcile_package_exports_its_public_names():
    """Callers import from pipeline.reconcile whichever of its modules holds a name."""
    import inspect

    import pipeline.reconcile as package

    public = {n for n, v in vars(package).items() if not n.startswith("_") and not inspect.ismodule(v)}
    assert (
        public
        == set(package.__all__)
        == {
            "ADDITIVE_METRICS",
            "DEFAULT_MARKETS",
            "Group",
            "ReconcileError",
            "ReconcileResult",
            "Value",
            "claim_value",
            "compare_values",
            "describe_relation",
            "group_rows",
            "read_claims_jsonl",
            "reconcile",
            "reconcile_jsonl",
            "reconcile_store",
            "split_camps",
            "summarize",
            "written_step",
        }
    )
