"""The embedded default job end to end: demo site → crawl → claims → groups → reports."""

from __future__ import annotations

import pytest

import store
from contract.spec import CLAIM_FIELDS
from pipeline.demo import run_demo


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = _free_port()  # one port for both runs, so the rerun sees the same URLs


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run_demo(out, port=PORT)
    return out, result


def test_demo_writes_database_and_reports(demo_out):
    out, result = demo_out
    assert (out / "demo.duckdb").exists() and (out / "demo.snapshot.duckdb").exists()
    assert {p.name for p in result.reports} == {"report.md", "report.html"}
    md = (out / "report.md").read_text()
    assert "aito" in md.lower() and "seres" in md.lower()


def test_demo_claims_table_has_spec_fields_and_seed_facts(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.snapshot.duckdb", read_only=True) as s:
        cols = set(s.query_df("select * from claims limit 0").columns)
        assert set(CLAIM_FIELDS) <= cols
        claims = s.query_df(
            "select subject, metric, value_low, unit, qualifier, period_start, period_end from claims"
        )
    aito = claims[(claims.subject == "aito") & (claims.value_low == 151000)]
    assert len(aito) == 1 and aito.iloc[0].unit == "vehicles"
    seres = claims[(claims.subject == "seres") & (claims.value_low == 80000)]
    assert len(seres) >= 1 and set(seres.qualifier) == {"more_than"}
    assert (
        str(seres.iloc[0].period_start)[:10] == "2025-01-01"
        and str(seres.iloc[0].period_end)[:10] == "2025-03-31"
    )


def test_demo_reconciles_an_agreement_and_a_conflict(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.snapshot.duckdb", read_only=True) as s:
        groups = s.query_df("select subject, metric, verdict from recon_groups")
    verdicts: dict[tuple[str, str], set[str]] = {}
    for r in groups.itertuples():
        verdicts.setdefault((r.subject, r.metric), set()).add(r.verdict)
    assert "agree" in verdicts.get(("byd", "sales_volume"), set())  # 4.27 million and 4,272,145 in 2024
    assert "conflict" in verdicts.get(("tesla", "deliveries"), set())


def test_demo_shows_each_kind_of_inconsistency_and_a_conversion(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.snapshot.duckdb", read_only=True) as s:
        found = s.query_df("select distinct arithmetic_check, arithmetic from inconsistencies order by 1")
        nio = s.query_df(
            "select verdict, exchange_rates from recon_groups where subject = 'nio' and metric = 'revenue'"
        )
    assert list(found.arithmetic_check) == ["growth_vs_levels", "part_above_whole", "parts_above_whole"]
    assert any("Q1 2025 84,000 + Q2 2025 92,000 = 176,000 > H1 2025 170,000" in a for a in found.arithmetic)
    assert nio.verdict[0] == "agree" and list(nio.exchange_rates[0])[0].startswith("1 USD = ")
    md = (out / "report.md").read_text()
    assert "## Inconsistent across scopes" in md and "Exchange rate: 1 USD = " in md


def test_demo_rerun_fetches_nothing_new_and_adds_no_duplicates(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.duckdb", read_only=True) as s:
        before = s.counts()
    again = run_demo(out, port=PORT)
    assert again.stats["ingest"]["not_modified"] >= 9
    assert again.stats["extract"]["articles"] == 0
    with store.connect(out / "demo.duckdb", read_only=True) as s:
        assert s.counts()["claims"] == before["claims"] and s.counts()["articles"] == before["articles"]
