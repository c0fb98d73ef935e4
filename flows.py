"""Prefect flows: how operators run evclaims unattended.

    python flows.py                 run `daily` once on the sources of sources.toml
    python flows.py --demo          run `daily` once on the built-in demo site
    python flows.py serve           serve the deployments on their cron schedules

Tasks are coarse (a whole stage or a batch of articles), because a Prefect task run costs
~10 ms and its temporary server ~10 s to start. Each task calls the same library function
the CLI calls and opens the DuckDB file only for its own work: one writer at a time.
"""

from __future__ import annotations

import os

# Offline by default: no analytics, no telemetry (set before Prefect is imported).
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}.items():
    os.environ.setdefault(_key, _value)

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402

DEFAULT_DB = "evclaims.duckdb"
DEFAULT_OUT = "out"
DEFAULT_SCHEDULES = {"crawl": "0 * * * *", "extract": "15 * * * *", "reconcile": "30 * * * *",
                     "report": "0 6 * * *", "daily": "0 5 * * *"}


def _stats(result) -> dict:
    from pipeline.run import _as_dict

    return _as_dict(result)


@task(name="ingest-sources", retries=2, retry_delay_seconds=[2, 10])
def ingest_task(db: str, sources: list[str], settings: dict, config: str | None = None) -> dict:
    """Fetch a list of sources (or every configured source) into the store."""
    from pipeline import ingest as ingest_mod
    from pipeline.storage import open_store

    with open_store(db) as store:
        opts = ingest_mod.IngestSettings(**settings)
        if sources:
            result = ingest_mod.ingest(sources, store, opts)
        else:
            result = ingest_mod.ingest_configured(Path(config or "sources.toml"), store, opts)
    return _stats(result)


@task(name="extract-articles", retries=1, retry_delay_seconds=5)
def extract_task(db: str, model: str | None = None, batch_size: int = 200) -> dict:
    """Extract claims from every article not yet extracted by the current extractor version."""
    from pipeline.extract import extract_store, make_extractor
    from pipeline.storage import open_store

    extractor = make_extractor(model)
    with open_store(db) as store:
        return extract_store(store, extractor, batch_size=batch_size).as_dict()


@task(name="reconcile-claims", retries=1, retry_delay_seconds=5)
def reconcile_task(db: str) -> dict:
    from pipeline.reconcile import reconcile_store
    from pipeline.storage import open_store

    with open_store(db) as store:
        return _stats(reconcile_store(store))


@task(name="write-reports")
def report_task(db: str, out: str) -> list[str]:
    from pipeline.run import write_reports
    from pipeline.storage import open_store

    with open_store(db) as store:
        paths = write_reports(store, Path(out))
        store.publish_snapshot(Path(db).with_suffix(".snapshot.duckdb"))
    return [str(p) for p in paths]


@flow(name="crawl")
def crawl(sources: list[str] | None = None, db: str = DEFAULT_DB, settings: dict | None = None,
          config: str | None = None) -> dict:
    stats = ingest_task(db, sources or [], settings or {}, config)
    get_run_logger().info("crawl: %s", stats)
    return stats


@flow(name="extract")
def extract(db: str = DEFAULT_DB, model: str | None = None) -> dict:
    stats = extract_task(db, model)
    get_run_logger().info("extract: %s", stats)
    return stats


@flow(name="reconcile")
def reconcile(db: str = DEFAULT_DB) -> dict:
    stats = reconcile_task(db)
    get_run_logger().info("reconcile: %s", stats)
    return stats


@flow(name="report")
def report(db: str = DEFAULT_DB, out: str = DEFAULT_OUT) -> list[str]:
    paths = report_task(db, out)
    get_run_logger().info("report: wrote %s", ", ".join(paths))
    return paths


@flow(name="daily")
def daily(sources: list[str] | None = None, db: str = DEFAULT_DB, out: str = DEFAULT_OUT,
          settings: dict | None = None, config: str | None = None, model: str | None = None) -> dict:
    """crawl → extract → reconcile → report, with a run row in the database."""
    import uuid

    from pipeline.storage import open_store
    from store.db import now

    log = get_run_logger()
    started = now()
    stats: dict = {}
    status = "failed"
    try:
        stats["ingest"] = ingest_task(db, sources or [], settings or {}, config)
        log.info("crawl: %s", stats["ingest"])
        stats["extract"] = extract_task(db, model)
        log.info("extract: %s", stats["extract"])
        stats["reconcile"] = reconcile_task(db)
        log.info("reconcile: %s", stats["reconcile"])
        stats["reports"] = report_task(db, out)
        log.info("report: wrote %s", ", ".join(stats["reports"]))
        status = "ok"
    finally:
        with open_store(db) as store:
            stats["counts"] = store.counts()
            store.record_run(uuid.uuid4().hex[:16], "flow:daily", started, status, stats)
    return stats


def run_demo_flow(out: str = DEFAULT_OUT) -> dict:
    """`python flows.py --demo`: the daily flow over the built-in demo site."""
    from pipeline.demo import DEMO_DB
    from pipeline.demo.site import DemoSite

    Path(out).mkdir(parents=True, exist_ok=True)
    with DemoSite() as site:
        return daily(sources=site.sources, db=str(Path(out) / DEMO_DB), out=out,
                     settings={"delay": 0.0, "allow_hosts": ["127.0.0.1"]})


def schedules(config: Path) -> dict[str, str]:
    """Cron per flow: the defaults, overridden by a [schedules] table in sources.toml."""
    import tomllib

    out = dict(DEFAULT_SCHEDULES)
    if config.exists():
        data = tomllib.loads(config.read_text("utf-8"))
        out.update({k: v for k, v in data.get("schedules", {}).items() if k in out})
    return out


def serve(db: str, out: str, config: Path) -> None:
    """Serve every flow as a deployment on its cron schedule (needs a standing Prefect server)."""
    from prefect import serve as prefect_serve
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        print("flows.py serve: schedules need a standing Prefect server. Start one with\n"
              "  .venv/bin/prefect server start\n"
              "then point this process at it:\n"
              "  PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python flows.py serve", file=sys.stderr)
        sys.exit(2)
    cron = schedules(config)
    params = {"db": db}
    deployments = [
        crawl.to_deployment(name="hourly-crawl", cron=cron["crawl"], parameters={**params, "config": str(config)}),
        extract.to_deployment(name="extract", cron=cron["extract"], parameters=params),
        reconcile.to_deployment(name="reconcile", cron=cron["reconcile"], parameters=params),
        report.to_deployment(name="daily-report", cron=cron["report"], parameters={**params, "out": out}),
        daily.to_deployment(name="daily", cron=cron["daily"],
                            parameters={**params, "out": out, "config": str(config)}),
    ]
    prefect_serve(*deployments, limit=1, pause_on_shutdown=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", choices=["daily", "serve"], default="daily")
    ap.add_argument("--demo", action="store_true", help="crawl the built-in demo site")
    ap.add_argument("--db", default=os.environ.get("EVCLAIMS_DB", DEFAULT_DB))
    ap.add_argument("--out", default=DEFAULT_OUT, help="folder for reports")
    ap.add_argument("--config", type=Path, default=Path("sources.toml"))
    a = ap.parse_args(argv)
    if a.command == "serve":
        serve(a.db, a.out, a.config)
        return 0
    stats = run_demo_flow(a.out) if a.demo else daily(db=a.db, out=a.out, config=str(a.config))
    print({k: v for k, v in stats.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
