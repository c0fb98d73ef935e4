"""The embedded default job: crawl the demo news site into out/demo.duckdb and report on it."""

from __future__ import annotations

from pathlib import Path

from pipeline.demo.site import DemoSite

DEMO_DB = "demo.duckdb"


def run_demo(out_dir: Path, announce=None, port: int | None = None):
    """Serve the demo site, run every stage over its feed and sitemap, write reports into out_dir."""
    from pipeline.ingest import IngestSettings
    from pipeline.run import run_pipeline
    from pipeline.storage import open_store

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from pipeline.demo.site import DEFAULT_PORT

    with DemoSite(port or DEFAULT_PORT) as site:
        if announce is not None:
            announce(f"demo site serving on {site.base}; crawling its feed and sitemap")
        settings = IngestSettings(delay=0.0, allow_hosts=["127.0.0.1"])
        with open_store(out_dir / DEMO_DB) as store:
            result = run_pipeline(store, site.sources, ingest_settings=settings, out_dir=out_dir)
    return result
