"""Real Prefect flows under one session-wide test harness, against real HTTP servers on 127.0.0.1.

The harness costs ~10 s once; each flow run ~1-3 s. Speed is measured in benchmarks/bench_flows.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flows_support import prefect_harness_session, table_rows
from webserver import Reply, TestServer, article_html

import flows  # noqa: I001 (after flows_support: the Prefect environment is set first)
from pipeline import stages

REPO = Path(__file__).resolve().parent.parent
LOCAL = {"delay": 0.0, "allow_hosts": ["127.0.0.1"]}


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness for the whole session (move to conftest.py if other files need it)."""
    with prefect_harness_session():
        yield


@pytest.fixture(scope="module")
def demo_site():
    from pipeline.demo.site import DemoSite

    with DemoSite(port=0) as site:
        yield site


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, prefect_harness, demo_site):
    """The demo site crawled, extracted, reconciled and reported once by `daily`."""
    out = tmp_path_factory.mktemp("demo-out")
    db = out / "demo.duckdb"
    stats = flows.daily(sources=demo_site.sources, db=str(db), out=str(out), settings=LOCAL, config=None)
    return db, out, stats


def runs(db: Path) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT kind, status, stats FROM runs ORDER BY started_at").fetchall()
    finally:
        con.close()


def count(db: Path, sql: str) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


@pytest.mark.flows
def test_flows_daily_on_demo_site_stores_articles_claims_reports_and_a_run_row(demo_db, demo_site):
    db, out, stats = demo_db
    n = len(demo_site.articles)
    assert stats["ingest"]["articles_new"] == n
    assert stats["extract"]["articles"] == n
    assert count(db, "SELECT count(*) FROM articles") == n
    assert count(db, "SELECT count(*) FROM claims") == stats["extract"]["claims"]
    version = stats["extract"]["version"]
    assert count(db, f"SELECT count(*) FROM extractions WHERE extractor_version = '{version}'") == n
    assert (out / "report.md").exists() and (out / "report.html").exists()
    assert Path(stats["report"]["snapshot"]).exists()
    assert (Path(stats["report"]["parquet"]) / "claims_enriched.parquet").exists()
    kind, status, row = runs(db)[-1]
    assert (kind, status) == ("flow:daily", "ok")
    row = json.loads(row)
    assert row["counts"]["articles"] == n and row["prefect_flow_run"] == stats["prefect_flow_run"]
    assert row["reconcile"]["by_verdict"] == stats["reconcile"]["by_verdict"]


@pytest.mark.flows
def test_flows_second_daily_fetches_nothing_new_and_extracts_nothing(demo_db, demo_site):
    db, out, first = demo_db
    n = len(demo_site.articles)
    claims = count(db, "SELECT count(*) FROM claims")
    stats = flows.daily(sources=demo_site.sources, db=str(db), out=str(out), settings=LOCAL, config=None)
    assert stats["ingest"]["not_modified"] == n  # every article answered 304
    assert stats["ingest"]["articles_new"] == stats["ingest"]["articles_updated"] == 0
    assert stats["extract"]["articles"] == 0 and stats["extract"]["batches"] == 0
    assert stats["extract"]["skipped"] == {"already_extracted": n}
    assert count(db, "SELECT count(*) FROM claims") == claims
    assert [(k, s) for k, s, _ in runs(db)][-2:] == [("flow:daily", "ok")] * 2


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{base}/</link>
<item><title>One</title><link>{base}/a/one.html</link><pubDate>Tue, 10 Jun 2025 08:00:00 GMT</pubDate></item>
<item><title>Two</title><link>{base}/a/two.html</link><pubDate>Wed, 11 Jun 2025 08:00:00 GMT</pubDate></item>
</channel></rss>"""
TEXT = (
    "Seres said its Aito brand delivered 44,000 vehicles in May 2025, up 25 percent from a year earlier.\n\n"
    "The company expects deliveries to keep rising through the summer as the new M8 reaches showrooms."
)


@pytest.mark.flows
def test_flows_source_failing_twice_then_succeeding_is_retried_as_its_own_task_run(
    prefect_harness, tmp_path, monkeypatch
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with TestServer() as srv:
        feed = FEED.format(base=srv.base).encode()
        srv.routes["/feed.xml"] = [
            Reply(503, b"busy", "text/plain"),
            Reply(503, b"busy", "text/plain"),
            Reply(200, feed, "application/rss+xml"),
        ]
        srv.routes["/a/one.html"] = Reply(200, article_html("One", TEXT, published="2025-06-10"))
        srv.routes["/a/two.html"] = Reply(
            200, article_html("Two", TEXT.replace("44,000", "45,500"), published="2025-06-11")
        )
        monkeypatch.setattr(
            flows,
            "ingest_source",
            flows.ingest_source.with_options(retry_delay_seconds=0, retry_jitter_factor=None),
        )
        db = tmp_path / "c.duckdb"
        stats = flows.ingest(
            sources=[srv.url("/feed.xml")], db=str(db), settings={**LOCAL, "retries": 0}, config=None
        )
        assert len(srv.hits("/feed.xml")) == 3  # the shared run's 503, the source's own 503, then the feed
    assert stats["ingest"]["articles_new"] == 2
    assert count(db, "SELECT count(*) FROM articles") == 2
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[stats["prefect_flow_run"]]))
        )
    ingest_runs = sorted((t.name.rsplit("-", 1)[0], t.run_count, t.state_type.value) for t in task_runs)
    assert ingest_runs == [("ingest", 1, "COMPLETED"), ("ingest-127.0.0.1", 2, "COMPLETED")]
    (row,) = stats["ingest"]["sources"]
    assert (row["source"], row["attempts"], row["articles_new"], row["failed"]) == ("127.0.0.1", 2, 2, None)
    assert [(k, s) for k, s, _ in runs(db)] == [("flow:ingest", "ok")]


@pytest.mark.flows
def test_flows_ingest_of_sources_toml_goes_on_past_a_source_that_stays_down(
    prefect_harness, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        flows,
        "ingest_source",
        flows.ingest_source.with_options(retry_delay_seconds=0, retry_jitter_factor=None),
    )
    with TestServer() as srv:
        srv.routes["/down.xml"] = Reply(503, b"busy", "text/plain")
        srv.routes["/feed.xml"] = Reply(200, FEED.format(base=srv.base).encode(), "application/rss+xml")
        srv.routes["/a/one.html"] = Reply(200, article_html("One", TEXT, published="2025-06-10"))
        srv.routes["/a/two.html"] = Reply(200, article_html("Two", TEXT.replace("44,000", "45,500")))
        cfg = tmp_path / "sources.toml"
        cfg.write_text(
            '[settings]\ndelay = 0.0\nretries = 0\nallow_hosts = ["127.0.0.1"]\n\n'
            f'[[source]]\nname = "down"\nurls = ["{srv.url("/down.xml")}"]\n\n'
            f'[[source]]\nname = "up"\nurls = ["{srv.url("/feed.xml")}"]\n',
            "utf-8",
        )
        stats = flows.ingest(db=str(tmp_path / "c.duckdb"), config=str(cfg))
        assert len(srv.hits("/down.xml")) == 4  # the shared run, then its own task run and 2 retries
    assert stats["ingest"]["articles_new"] == 2
    assert stats["ingest"]["skipped"]["source_failed"] == 1
    assert any("no response from down" in e for e in stats["ingest"]["errors"])
    rows = {r["source"]: r for r in stats["ingest"]["sources"]}
    assert rows["down"]["attempts"] == 1 and "no response from down" in rows["down"]["failed"]
    assert rows["up"]["articles_new"] == 2 and rows["up"]["failed"] is None


@pytest.mark.flows
def test_flows_permanent_fetch_failure_is_not_retried_and_counted(prefect_harness, tmp_path):
    with TestServer({"/gone.xml": Reply(404, b"gone", "text/plain")}) as srv:
        stats = flows.ingest(
            sources=[srv.url("/gone.xml")],
            db=str(tmp_path / "c.duckdb"),
            settings={**LOCAL, "retries": 0},
            config=None,
        )
        assert len(srv.hits("/gone.xml")) == 1
    assert stats["ingest"]["skipped"] == {"http_404": 1}


@pytest.mark.flows
def test_flows_dask_runner_gives_the_same_database_as_the_default_runner(demo_db, demo_site, tmp_path):
    import duckdb

    db, _, first = demo_db  # extracted and reconciled by the default (thread pool) runner
    other = tmp_path / "dask.duckdb"
    shutil.copyfile(db, other)
    con = duckdb.connect(str(other))
    for table in ("claims", "extractions", "group_members", "recon_groups", "camp_relations"):
        con.execute(f"DELETE FROM {table}")
    con.close()

    on_dask = flows.with_runner(flows.extract, "local", workers=2)(db=str(other), batch_size=3)
    flows.reconcile(db=str(other))

    n = len(demo_site.articles)
    assert on_dask["extract"]["batches"] == -(-n // 3) and on_dask["extract"]["articles"] == n
    assert on_dask["extract"]["claims"] == first["extract"]["claims"] > 0
    for table in ("articles", "claims", "extractions", "recon_groups", "group_members", "camp_relations"):
        assert table_rows(other, table) == table_rows(db, table), table


@pytest.mark.flows
def test_flows_deployments_take_cron_schedules_from_sources_toml(prefect_harness, tmp_path):
    cfg = tmp_path / "sources.toml"
    cfg.write_text(
        '[[source]]\nname = "a"\nurls = ["https://a.example/feed"]\nschedule = "5 * * * *"\n\n'
        '[[source]]\nname = "b"\nurls = ["https://b.example/feed"]\n\n'
        '[[source]]\nname = "c"\nurls = ["https://c.example/feed"]\nschedule = "5 * * * *"\n',
        "utf-8",
    )
    specs = {s["name"]: s for s in stages.deployment_specs("x.duckdb", "out", cfg)}
    assert specs["ingest-a"]["cron"] == "5 * * * *" and specs["ingest-a"]["parameters"]["only"] == ["a", "c"]
    assert specs["hourly-ingest"]["cron"] == "0 * * * *"
    assert specs["hourly-ingest"]["parameters"]["only"] == ["b"]
    assert specs["daily-report"]["cron"] == "0 6 * * *"
    deployment = flows.ingest.to_deployment(
        name="ingest-a", cron=specs["ingest-a"]["cron"], parameters=specs["ingest-a"]["parameters"]
    )
    assert deployment.schedules[0].schedule.cron == "5 * * * *"


@pytest.mark.flows
def test_flows_deploy_registers_the_deployments_with_a_work_pool(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    cfg = tmp_path / "sources.toml"
    cfg.write_text(
        '[[source]]\nname = "a"\nurls = ["https://a.example/feed"]\nschedule = "5 * * * *"\n', "utf-8"
    )
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="evclaims-test", type="process"))
    ids = flows.deploy("evclaims-test", str(tmp_path / "x.duckdb"), str(tmp_path / "out"), cfg)
    with get_client(sync_client=True) as client:
        found = {d.name: d for d in (client.read_deployment(i) for i in ids)}
    assert set(found) == {"ingest-a", "extract", "reconcile", "daily-report", "daily"}
    assert found["ingest-a"].work_pool_name == "evclaims-test"
    assert found["ingest-a"].schedules[0].schedule.cron == "5 * * * *"
    assert found["ingest-a"].parameters["only"] == ["a"]
    assert found["daily"].schedules == []


def test_flows_schedules_table_overrides_defaults_and_is_checked(tmp_path):
    from pipeline.config import load_schedules

    cfg = tmp_path / "sources.toml"
    cfg.write_text(
        '[schedules]\nreport = "0 7 * * *"\ndaily = "0 5 * * *"\nextract = "off"\ncrawl = "0 */2 * * *"\n',
        "utf-8",
    )
    cron = load_schedules(cfg)
    assert (cron["report"], cron["daily"], cron["extract"], cron["ingest"]) == (
        "0 7 * * *",
        "0 5 * * *",
        None,
        "0 */2 * * *",  # `crawl`, the old name of ingest, still accepted
    )
    cfg.write_text('[schedules]\nreprot = "0 7 * * *"\n', "utf-8")
    with pytest.raises(flows.ConfigError, match="unknown flow 'reprot'"):
        load_schedules(cfg)


def test_flows_remote_dask_cluster_needs_a_standing_prefect_server():
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}), pytest.raises(flows.ConfigError) as e:
        flows.task_runner("tcp://10.0.0.5:8786")
    assert "tcp://10.0.0.5:8786" in str(e.value) and "PREFECT_API_URL" in str(e.value)


def test_flows_unreachable_prefect_api_is_a_one_line_error():
    with pytest.raises(flows.PrefectUnreachable) as e:
        flows.check_api("http://127.0.0.1:9/api", timeout=2)
    assert "http://127.0.0.1:9/api" in str(e.value) and "prefect server start" in str(e.value)
    assert "\n" not in str(e.value)


def _flows_cli(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    base.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        **env,
    )
    return subprocess.run(
        [sys.executable, str(REPO / "flows.py"), *args],
        cwd=tmp_path,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_flows_cli_says_so_when_the_configured_api_does_not_answer(tmp_path):
    r = _flows_cli(["--demo"], tmp_path, PREFECT_API_URL="http://127.0.0.1:9/api")
    assert r.returncode == 1
    assert (
        r.stderr.strip()
        .splitlines()[-1]
        .startswith("flows.py: error: the Prefect API at http://127.0.0.1:9/api")
    )
    assert not (tmp_path / "out" / "demo.duckdb").exists()


def test_flows_serve_without_a_standing_server_says_how_to_start_one(tmp_path):
    r = _flows_cli(["serve"], tmp_path)
    assert r.returncode == 2
    assert "prefect server start" in r.stderr and "Traceback" not in r.stderr


def test_flows_cli_without_sources_toml_fails_at_once_with_one_line(tmp_path):
    r = _flows_cli([], tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == "flows.py: error: sources file not found: sources.toml"
    assert not (tmp_path / "evclaims.duckdb").exists()


def _feed_site(srv: TestServer, tag: str) -> str:
    """A feed of two articles on SRV whose texts are its own (no duplicates across sites)."""
    srv.routes["/feed.xml"] = Reply(200, FEED.format(base=srv.base).encode(), "application/rss+xml")
    for name, value in (("one", "44,000"), ("two", "45,500")):
        text = TEXT.replace(value, value.replace(",", f",{len(tag)}")).replace("Aito", f"Aito {tag}")
        srv.routes[f"/a/{name}.html"] = Reply(
            200, article_html(f"{tag} {name}", text, published="2025-06-10")
        )
    return srv.url("/feed.xml")


@pytest.mark.flows
def test_flows_ingest_runs_every_source_in_one_task_run_with_per_source_counts(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with TestServer() as a, TestServer() as b, TestServer() as c:
        cfg = tmp_path / "sources.toml"
        cfg.write_text(
            '[settings]\ndelay = 0.0\nretries = 0\nallow_hosts = ["127.0.0.1"]\n'
            + "".join(
                f'\n[[source]]\nname = "{tag}"\nurls = ["{_feed_site(srv, tag)}"]\n'
                for tag, srv in (("alpha", a), ("beta", b), ("gamma", c))
            )
            + '\n[[source]]\nname = "delta"\nurls = ["'
            + a.url("/missing.xml")
            + '"]\n',
            "utf-8",
        )
        a.routes["/missing.xml"] = Reply(404, b"gone", "text/plain")
        stats = flows.ingest(db=str(tmp_path / "c.duckdb"), config=str(cfg))
    assert stats["ingest"]["articles_new"] == 6
    rows = {r["source"]: r for r in stats["ingest"]["sources"]}
    assert {n: (r["articles_new"], r["skipped"], r["attempts"]) for n, r in rows.items()} == {
        "alpha": (2, {}, 1),
        "beta": (2, {}, 1),
        "gamma": (2, {}, 1),
        "delta": (0, {"http_404": 1}, 1),  # permanent: not retried
    }
    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[stats["prefect_flow_run"]]))
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=flow_filter)
        artifacts = client.read_artifacts(flow_run_filter=flow_filter)
    assert [t.name.rsplit("-", 1)[0] for t in task_runs] == ["ingest"]  # one run for every source
    (table,) = [x.data for x in artifacts if x.key == "ingest-sources"]
    for line in ("| alpha | 1 | 3 | 0 | 2 |", "| delta | 1 | 0 | 0 | 0 | 0 | 0 | 0 | http_404 1 |"):
        assert line in table


@pytest.mark.flows
def test_flows_honour_evclaims_variables_like_the_cli(prefect_harness, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli import app

    for key, value in {"ALLOW_HOSTS": "127.0.0.1", "DELAY": "0", "RETRIES": "0", "MAX_PAGES": "1"}.items():
        monkeypatch.setenv(f"EVCLAIMS_{key}", value)
    monkeypatch.setenv("EVCLAIMS_DB", str(tmp_path / "flow.duckdb"))
    monkeypatch.chdir(tmp_path)  # no sources.toml here: defaults, then the variables
    with TestServer() as srv:
        feed = _feed_site(srv, "env")
        stats = flows.ingest(sources=[feed])  # no settings, no db: both from the environment
        cli = CliRunner().invoke(app, ["ingest", feed, "--db", str(tmp_path / "cli.duckdb")])
    assert cli.exit_code == 0, cli.output
    assert stats["ingest"]["articles_new"] == 1 and stats["ingest"]["skipped"] == {"max_pages": 1}
    assert table_rows(tmp_path / "flow.duckdb", "articles") == table_rows(tmp_path / "cli.duckdb", "articles")
    assert count(tmp_path / "flow.duckdb", "SELECT count(*) FROM articles") == 1
