"""The embedded default job end to end: demo site → crawl → claims → groups → reports."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import store
from contract.spec import CLAIM_FIELDS
from pipeline import summaries
from pipeline.demo import run_demo
from store.docs import EXAMPLE_QUERIES

REPO = Path(__file__).resolve().parent.parent


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


def _readme_examples() -> list[str]:
    """The statements of the README's "For analysts" Python block, comments dropped."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## For analysts.*?```python\n(.*?)```", readme, re.S).group(1)
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_demo_readme_analyst_examples_answer_with_rows(demo_out):
    """Issue 14: every README example works as written on the demo snapshot (no wall-clock default
    hides its 2024-2025 news)."""
    out, _ = demo_out
    examples = _readme_examples()
    assert len(examples) >= 7 and examples[0] == "import store"
    scope: dict = {}
    for line in examples:
        code = line.replace("out/demo.snapshot.duckdb", str(out / "demo.snapshot.duckdb"))
        if line.startswith(("import ", "s = ")):
            exec(code, scope)
            continue
        result = eval(code, scope)
        assert len(result) > 0, f"README example answered no rows: {line}"
        if "include_children=True" in line:
            assert {"seres", "aito"} <= set(result["subject"]), line  # the brand's figures come along
    scope["s"].close()


def test_demo_example_queries_answer_with_rows(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.snapshot.duckdb", read_only=True) as s:
        for sql in EXAMPLE_QUERIES:
            assert len(s.query_df(sql)) > 0, sql


def test_demo_report_shows_a_syndicated_figure_once_naming_both_outlets(demo_out):
    out, _ = demo_out
    md = (out / "report.md").read_text(encoding="utf-8")
    rows = [
        line for line in md.splitlines() if line.startswith("| seres | sales\\_volume | more than 80,000")
    ]
    assert len(rows) == 1, rows  # headline and body, original and syndicated copy: one figure
    assert "EV Ledger, Volt Wire" in rows[0] or "Volt Wire, EV Ledger" in rows[0]
    assert "Seres passes 80,000 sales in the first quarter / Seres sold more than 80,000 units" in rows[0]


def test_demo_publishes_the_sqlite_mirror_and_tells_how_to_serve_it(demo_out):
    out, result = demo_out
    mirror = out / "demo.snapshot.sqlite"
    assert mirror.is_file()
    with sqlite3.connect(f"file:{mirror}?immutable=1", uri=True) as con:
        assert con.execute("select count(*) from claims").fetchone()[0] > 20
    text = summaries.demo(result, out / "demo.duckdb", EXAMPLE_QUERIES)
    assert f".venv/bin/evclaims serve --db {out / 'demo.duckdb'}" in text
    assert "{" not in text.split("written:")[0]  # words, not Python dicts


def test_demo_rerun_fetches_nothing_new_and_adds_no_duplicates(demo_out):
    out, _ = demo_out
    with store.connect(out / "demo.duckdb", read_only=True) as s:
        before = s.counts()
    again = run_demo(out, port=PORT)
    assert again.stats["ingest"]["not_modified"] >= 9
    assert again.stats["extract"]["articles"] == 0
    with store.connect(out / "demo.duckdb", read_only=True) as s:
        assert s.counts()["claims"] == before["claims"] and s.counts()["articles"] == before["articles"]
