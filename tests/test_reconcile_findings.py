"""Issue 13's rules on real-looking claims, each with its negatives: camps, bound thresholds,
comparatives that agree, prices without period, currencies (ECB rates shipped offline) and the
`inconsistent` verdict; camps and findings through the store; the case set of tests/data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.registry import load_registry
from pipeline.reconcile import reconcile, reconcile_jsonl, reconcile_store
from tests.test_reconcile import Q1_2025, Y2024, claim, only_group

CASES = Path(__file__).resolve().parent / "data" / "reconcile_cases"
H1_2025 = ("2025-01-01", "2025-06-30")
Q2_2025 = ("2025-04-01", "2025-06-30")
Q4_2024 = ("2024-10-01", "2024-12-31")
Y2023 = ("2023-01-01", "2023-12-31")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def findings(groups):
    return [g for g in groups if g.verdict == "inconsistent"]


def test_reconcile_camp_keeps_agreement_beside_a_looser_bound(registry):
    fell = [
        claim(f"t{i}", f"d{i}", subject="tesla", metric="registrations_growth", value=-28, unit="percent",
              basis="yoy", geography="DE", sentence="Tesla's registrations fell 28% in January.")
        for i in range(3)
    ]  # fmt: skip
    bound = claim("q", "d9", subject="tesla", metric="registrations_growth", value=-25, unit="percent",
                  qualifier="more_than", basis="yoy", geography="DE",
                  sentence="Tesla's registrations shrank by more than a quarter.")  # fmt: skip
    groups = reconcile([*fell, bound], registry)
    whole = only_group(groups, "t0", "t1", "t2", "q")
    assert whole.verdict == "compatible" and whole.kind == "member"
    camp = only_group(groups, "t0", "t1", "t2")
    assert (camp.verdict, camp.kind, camp.related_group_ids) == ("agree", "camp", [whole.group_id])
    assert [c["claim_ids"] for c in whole.camps] == [["t0", "t1", "t2"], ["q"]]
    assert [(r["camps"], r["verdict"]) for r in whole.camp_relations] == [([1, 2], "compatible")]
    assert "camps: 1) -28 (3 sources), 2) more than -25 (1 source)" in whole.reason


def test_reconcile_camps_never_chain_figures_that_disagree(registry):
    # 1.2m ~ 1.15m ~ 1.14m ~ 1.1m pair by pair, but 1.2 million and 1.1 million conflict
    rows = [
        claim("a", "d1", value=1200000, qualifier="approx", sentence="about 1.2 million"),
        claim("b", "d2", value=1150000, sentence="1,150,000"),
        claim("c", "d3", value=1140000, sentence="1,140,000"),
        claim("d", "d4", value=1100000, sentence="1.1 million"),
    ]
    g = only_group(reconcile(rows, registry), "a", "b", "c", "d")
    for camp in g.camps:
        assert not {"a", "d"} <= set(camp["claim_ids"])


def test_reconcile_one_camp_needs_no_camp_groups(registry):
    rows = [
        claim("a", "d1", value=4272145, sentence="4,272,145"),
        claim("b", "d2", value=4270000, sentence="4.27 million"),
    ]
    groups = reconcile(rows, registry)
    assert [g.kind for g in groups] == ["member"] and groups[0].camps == [] and groups[0].verdict == "agree"


def test_reconcile_bound_threshold_equal_to_the_figure_agrees_inside_a_conflict(registry):
    rows = [
        claim("a", "d1", subject="tesla", value=495570, period=Q4_2024, sentence="495,570"),
        claim("b", "d2", subject="tesla", value=495570, qualifier="more_than", period=Q4_2024, sentence="over 495,570"),
        claim("c", "d3", subject="tesla", value=510000, period=Q4_2024, sentence="510,000"),
    ]  # fmt: skip
    groups = reconcile(rows, registry)
    assert only_group(groups, "a", "b", "c").verdict == "conflict"
    assert only_group(groups, "a", "b").verdict == "agree"
    # negative: a bound above the figure only admits it
    rows = [claim("a", "d1", value=84000, sentence="84,000"),
            claim("b", "d2", value=80000, qualifier="more_than", sentence="more than 80,000")]  # fmt: skip
    assert only_group(reconcile(rows, registry), "a", "b").verdict == "compatible"


def _comp(cid, doc, subject="byd", obj="tesla", rel="greater_than", period=Y2024):
    return claim(cid, doc, subject=subject, metric="sales_volume", value=None, relation=rel, object=obj,
                 period=period, segment="bev")  # fmt: skip


def test_reconcile_comparatives_that_agree_stay_agree_beside_unsettling_figures(registry):
    figures = [
        claim("nb", "d3", subject="byd", metric="sales_volume", value=1700000, qualifier="more_than", segment="bev"),
        claim("nt", "d4", subject="tesla", metric="sales_volume", value=1790000, segment="bev"),
    ]  # fmt: skip
    groups = reconcile(
        [_comp("c1", "d1"), _comp("c2", "d2", "tesla", "byd", "less_than"), *figures], registry
    )
    g = only_group(groups, "c1", "c2")
    assert g.verdict == "agree" and "neither prove nor refute" in g.reason
    # one statement alone against the same figures stays compatible; refuting figures make a conflict
    assert only_group(reconcile([_comp("c1", "d1"), *figures], registry), "c1").verdict == "compatible"
    low = [figures[0] | {"value_low": 1500000, "value_high": 1500000, "qualifier": "exact"}, figures[1]]
    assert only_group(
        reconcile([_comp("c1", "d1"), _comp("c2", "d2"), *low], registry), "c1", "c2"
    ).verdict == ("conflict")


def _price(cid, doc, value, qualifier="exact", period=(None, None), subject="byd-dolphin"):
    return claim(cid, doc, subject=subject, metric="vehicle_price", value=value, unit="EUR",
                 qualifier=qualifier, period=period, geography="DE", published="2025-03-10")  # fmt: skip


def test_reconcile_price_without_period_is_judged_with_the_dated_one(registry):
    rows = [
        _price("a", "d1", 22990, "at_least"),
        _price("b", "d2", 18990, period=("2025-01-01", "2025-12-31")),
    ]
    g = only_group(reconcile(rows, registry), "a", "b")
    assert g.verdict == "conflict" and "17% apart" in g.reason
    # the dated one leaving the market unstated is the same price too
    g = only_group(reconcile([rows[0], dict(rows[1], geography=None)], registry), "a", "b")
    assert g.verdict == "conflict"
    # negative: two stated periods keep the undated price apart (linked, not judged)
    rows.append(_price("c", "d3", 25990, period=Y2023))
    groups = reconcile(rows, registry)
    assert not [g for g in groups if len(g.claim_ids) > 1 and g.verdict != "different_scope"]
    # negative: sales volumes keep their periods
    sales = [claim("a", "d1", period=(None, None)), claim("b", "d2", value=1500)]
    assert {g.verdict for g in reconcile(sales, registry)} == {"single_source", "different_scope"}


def _money(cid, doc, value, unit, sentence, period=Q4_2024, published="2025-03-21", metric="revenue"):
    return claim(cid, doc, subject="nio", metric=metric, value=value, unit=unit, period=period,
                 sentence=sentence, published=published)  # fmt: skip


def test_reconcile_currencies_compared_at_the_period_end_rate(registry):
    cny = _money("a", "d1", 19703400000, "CNY", "revenue of RMB19,703.4 million")
    usd = _money("b", "d2", 2700000000, "USD", "revenue of $2.7 billion")
    g = only_group(reconcile([cny, usd], registry), "a", "b")
    assert g.verdict == "agree"
    assert g.exchange_rates and g.exchange_rates[0].startswith("1 USD = 7.")
    assert "ECB euro reference rates, 2024-12-31" in g.exchange_rates[0]
    off = _money("c", "d3", 2200000000, "USD", "revenue of $2.2 billion")
    g = only_group(reconcile([cny, off], registry), "a", "c")
    assert g.verdict == "conflict" and "beyond the rate's spread" in g.reason


def test_reconcile_exchange_rate_spread_never_turns_agreement_into_conflict(registry):
    # 65.73 billion yuan in 2024 is $9.0bn at the year-end rate but $9.37bn at the year's strongest:
    # an outlet converting at any rate of the year agrees; 8% off does not.
    cny = _money("a", "d1", 65731600000, "CNY", "RMB65,731.6 million", period=Y2024)
    for usd, verdict in ((9.25e9, "agree"), (9.0e9, "agree"), (9.8e9, "conflict")):
        b = _money("b", "d2", usd, "USD", f"${usd / 1e9:g} billion", period=Y2024)
        assert only_group(reconcile([cny, b], registry), "a", "b").verdict == verdict, usd


def test_reconcile_price_converted_at_the_publication_day(registry):
    a = claim("a", "d1", subject="byd-seagull", metric="vehicle_price", value=69800, unit="CNY",
              period=(None, None), published="2024-09-20", sentence="69,800 yuan")  # fmt: skip
    b = claim("b", "d2", subject="byd-seagull", metric="vehicle_price", value=9900, unit="USD",
              period=(None, None), published="2024-09-22", sentence="$9,900")  # fmt: skip
    g = only_group(reconcile([a, b], registry), "a", "b")
    assert g.verdict == "agree" and "2024-09-20" in g.exchange_rates[0]
    # no day at all: nothing to take a rate on, so the pair is not compared
    a2, b2 = dict(a, published=None), dict(b, published=None)
    (g,) = reconcile([a2, b2], registry)
    assert (g.kind, g.verdict) == ("member", "different_scope") and "no period or publication day" in g.reason


def test_reconcile_month_above_its_quarter_is_inconsistent(registry):
    month = claim(
        "m", "d1", subject="xpeng", value=36695, period=("2024-12-01", "2024-12-31"), sentence="36,695"
    )
    quarter = claim("q", "d2", subject="xpeng", value=30000, period=Q4_2024, sentence="30,000")
    (f,) = findings(reconcile([month, quarter], registry))
    assert (f.check, f.kind, f.terms) == ("part_above_whole", "arithmetic", {"m": "part", "q": "whole"})
    assert (
        f.arithmetic == "xpeng deliveries: Dec 2024 36,695 > Q4 2024 30,000, a part above its whole (d1, d2)"
    )
    assert "the whole at most 30,500" in f.reason
    # negatives: a month inside its quarter; one source alone; a forecast quarter
    ok = dict(quarter, value_low=91507, value_high=91507, sentence="91,507")
    assert not findings(reconcile([month, ok], registry))
    assert not findings(reconcile([month, dict(quarter, doc_id="d1")], registry))
    assert not findings(reconcile([month, dict(quarter, modality="forecast")], registry))


def test_reconcile_part_within_the_rounding_of_its_whole_is_consistent(registry):
    jan = claim(
        "j", "d1", subject="smart", value=12000, period=("2025-01-01", "2025-01-31"), sentence="12,000"
    )
    two = claim(
        "t", "d2", subject="smart", value=11800, period=("2025-01-01", "2025-02-28"), sentence="11,800"
    )
    assert not findings(reconcile([jan, two], registry))
    three = dict(jan, value_low=12600, value_high=12600, sentence="12,600")  # at least 12,550 > 11,850
    assert findings(reconcile([three, two], registry))


def test_reconcile_brand_above_its_parent_over_a_containing_period(registry):
    aito = claim(
        "a", "d1", subject="aito", metric="sales_volume", value=100000, period=Q1_2025, sentence="100,000"
    )
    seres = claim(
        "s", "d2", subject="seres", metric="sales_volume", value=90000, period=H1_2025, sentence="90,000"
    )
    (f,) = findings(reconcile([aito, seres], registry))
    assert f.arithmetic.startswith("seres sales volume: aito Q1 2025 100,000 > H1 2025 90,000")
    # negative: the same period stays a conflict of levels, not a finding
    same = dict(seres, period_start=Q1_2025[0], period_end=Q1_2025[1])
    groups = reconcile([aito, same], registry)
    assert not findings(groups) and only_group(groups, "a", "s").verdict == "conflict"


def test_reconcile_disjoint_parts_above_their_whole(registry):
    q1 = claim(
        "q1", "d1", subject="zeekr", value=84000, period=Q1_2025, sentence="84,000", outlet="EV Ledger"
    )
    q2 = claim(
        "q2", "d2", subject="zeekr", value=92000, period=Q2_2025, sentence="92,000", outlet="Volt Wire"
    )
    h1 = claim(
        "h1", "d3", subject="zeekr", value=170000, period=H1_2025, sentence="170,000", outlet="Charge Daily"
    )
    (f,) = findings(reconcile([q1, q2, h1], registry))
    assert f.check == "parts_above_whole" and f.arithmetic == (
        "zeekr deliveries: Q1 2025 84,000 + Q2 2025 92,000 = 176,000 > H1 2025 170,000, parts above their "
        "whole (Charge Daily, EV Ledger, Volt Wire)"
    )
    # negative: within the rounding of the written figures (175,000 at least against 175,600)
    fine = dict(h1, value_low=175600, value_high=175600, sentence="175,600")
    assert not findings(reconcile([q1, q2, fine], registry))
    # negative: overlapping parts are not added (January inside Q1)
    jan = claim(
        "j", "d4", subject="zeekr", value=30000, period=("2025-01-01", "2025-01-31"), sentence="30,000"
    )
    sixty = dict(h1, value_low=110000, value_high=110000, sentence="110,000")
    assert not findings(reconcile([q1, jan, sixty], registry))


def test_reconcile_brands_of_one_parent_above_its_total(registry):
    onvo = claim("o", "d1", subject="onvo", value=15000, period=Q1_2025, sentence="15,000")
    firefly = claim("f", "d2", subject="firefly", value=4000, period=Q1_2025, sentence="4,000")
    nio = claim("n", "d3", subject="nio", value=17600, period=Q1_2025, sentence="17,600")
    (f,) = findings(reconcile([onvo, firefly, nio], registry))
    assert f.check == "parts_above_whole" and set(f.claim_ids) == {"o", "f", "n"}
    # negative: a company unit (Tesla China) may sell the models named beside it: never added
    china = claim("c", "d1", subject="tesla-china", value=900000, sentence="900,000")
    model_y = claim("y", "d2", subject="tesla-model-y", value=800000, sentence="800,000")
    tesla = claim("t", "d3", subject="tesla", value=1600000, sentence="1.6 million")
    assert not findings(reconcile([china, model_y, tesla], registry))


def test_reconcile_growth_rate_against_two_stated_levels(registry):
    growth = claim("g", "d1", subject="byd", metric="sales_volume_growth", value=41, unit="percent", basis="yoy",
                   sentence="BYD sold 4,272,145 vehicles in 2024, up 41% year on year.")  # fmt: skip
    now = claim("l1", "d1", subject="byd", metric="sales_volume", value=4272145,
                sentence="BYD sold 4,272,145 vehicles in 2024, up 41% year on year.")  # fmt: skip
    then = claim("l0", "d2", subject="byd", metric="sales_volume", value=3200000, period=Y2023,
                 sentence="BYD sold 3.2 million vehicles in 2023.")  # fmt: skip
    (f,) = findings(reconcile([growth, now, then], registry))
    assert f.check == "growth_vs_levels" and f.terms == {"g": "growth", "l1": "level", "l0": "earlier level"}
    assert "= +33.5%, not the 41% stated" in f.arithmetic
    # negatives: the true 2023 figure; rounding of "16.3%" against 46,533 and 40,008; one source alone
    real = dict(then, value_low=3024417, value_high=3024417, sentence="BYD sold 3,024,417 vehicles in 2023.")
    assert not findings(reconcile([growth, now, real], registry))
    xg = claim("xg", "d3", subject="xpeng", metric="deliveries_growth", value=16.3, unit="percent", basis="yoy",
               period=("2024-07-01", "2024-09-30"), sentence="a 16.3% rise")  # fmt: skip
    x1 = claim(
        "x1", "d4", subject="xpeng", value=46533, period=("2024-07-01", "2024-09-30"), sentence="46,533"
    )
    x0 = claim(
        "x0", "d5", subject="xpeng", value=40008, period=("2023-07-01", "2023-09-30"), sentence="40,008"
    )
    assert not findings(reconcile([xg, x1, x0], registry))
    assert not findings(reconcile([growth, now, dict(then, doc_id="d1")], registry))
    # a change stated in words ("doubled") has no precision to allow slack by: not checked
    doubled = dict(growth, value_low=100, value_high=100, qualifier="approx", sentence="sales doubled")
    assert not findings(reconcile([doubled, now, then], registry))


def test_reconcile_share_change_in_points_against_two_levels(registry):
    def share(cid, doc, v, period, metric="market_share", unit="percent", basis=None):
        return claim(cid, doc, subject="us", metric=metric, value=v, unit=unit, period=period, basis=basis,
                     segment="bev", geography="US", sentence=f"{v}%")  # fmt: skip

    q3, q2 = ("2024-07-01", "2024-09-30"), ("2024-04-01", "2024-06-30")
    levels = [share("a", "d1", 8.9, q3), share("b", "d2", 7.5, q2)]
    wrong = share("c", "d3", 0.4, q3, "market_share_growth", "percentage_points", "qoq")
    (f,) = findings(reconcile([*levels, wrong], registry))
    assert "= +1.4 pp, not the 0.4 pp stated" in f.arithmetic
    right = dict(wrong, value_low=1.4, value_high=1.4, sentence="1.4 points")
    assert not findings(reconcile([*levels, right], registry))


def test_reconcile_camps_findings_and_rates_reach_the_store(tmp_path, registry):
    import store

    rows = [
        claim("q1", "a1", subject="zeekr", value=84000, period=Q1_2025, sentence="84,000"),
        claim("q2", "a2", subject="zeekr", value=92000, period=Q2_2025, sentence="92,000"),
        claim("h1", "a3", subject="zeekr", value=170000, period=H1_2025, sentence="170,000"),
        _money("r1", "a1", 19703400000, "CNY", "RMB19,703.4 million"),
        _money("r2", "a2", 2700000000, "USD", "$2.7 billion"),
        _money("r3", "a3", 2200000000, "USD", "$2.2 billion"),
        _money("r4", "a4", 2200000000, "USD", "$2.2 billion"),
    ]
    with store.connect(tmp_path / "c.duckdb") as st:
        st.load_articles([{"article_id": f"a{i}", "url": f"https://n{i}.example/x", "cluster_id": f"a{i}",
                           "published": "2025-03-21"} for i in range(1, 5)])  # fmt: skip
        st.replace_claims(
            [{"article_id": f"a{i}"} for i in range(1, 5)],
            [dict(c, article_id=c["doc_id"]) for c in rows],
            "t1",
        )
        reconcile_store(st, registry)
        f = st.query_df("select arithmetic_check, term, claim_id from inconsistencies order by claim_id")
        assert f.to_dict("records") == [
            {"arithmetic_check": "parts_above_whole", "term": "whole", "claim_id": "h1"},
            {"arithmetic_check": "parts_above_whole", "term": "part", "claim_id": "q1"},
            {"arithmetic_check": "parts_above_whole", "term": "part", "claim_id": "q2"},
        ]
        camps = st.query_df(
            """select m.claim_id, m.camp from group_members m join recon_groups g using (group_id)
               where g.kind = 'member' and g.metric = 'revenue' order by 1"""
        )
        assert dict(zip(camps.claim_id, camps.camp, strict=True)) == {"r1": 1, "r2": 1, "r3": 2, "r4": 2}
        rel = st.query_df("select camp_a, camp_b, verdict from camp_relations").to_dict("records")
        assert rel == [{"camp_a": 1, "camp_b": 2, "verdict": "conflict"}]
        rates = st.query_df(
            "select exchange_rates from recon_groups where kind = 'member' and metric = 'revenue'"
        )
        assert list(rates.exchange_rates[0])[0].startswith("1 USD = ")


def test_reconcile_case_set_meets_floor(tmp_path, shared_data):
    """tests/data/reconcile_cases scored as shared/tools/score_reconcile.py scores the dev set."""
    out = tmp_path / "groups.jsonl"
    reconcile_jsonl(CASES / "claims.jsonl", out)
    scorer = shared_data("..", "tools", "score_reconcile.py")
    res = subprocess.run([sys.executable, str(scorer), str(CASES / "cases.jsonl"), str(out), "--json"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    score = json.loads(res.stdout)
    assert score["verdict_accuracy"] >= 1.0, res.stderr
