"""`evclaims run`: ingest → extract → store → reconcile → report, as plain function calls.

The same steps are Prefect tasks in flows.py; this module needs no Prefect.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.report import RUN_FORMATS
from store import Store
from store.db import now

log = logging.getLogger("evclaims.run")


@dataclass
class RunResult:
    run_id: str
    stats: dict = field(default_factory=dict)
    reports: list[Path] = field(default_factory=list)
    snapshot: Path | None = None


def write_reports(store: Store, out_dir: Path, formats: Sequence[str] = RUN_FORMATS) -> list[Path]:
    from pipeline.report import FORMATS, render_report

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_dir / f"report{FORMATS[fmt].suffix}"
        path.write_text(render_report(store, fmt), encoding="utf-8")
        written.append(path)
    return written


def run_pipeline(
    store: Store,
    sources: Sequence[str],
    *,
    ingest_settings=None,
    extractor=None,
    out_dir: Path | None = None,
    formats: Sequence[str] = RUN_FORMATS,
    progress=None,
    publish_snapshot: bool = True,
) -> RunResult:
    """Run every stage once over `sources` into `store`; write reports to `out_dir` when given.

    Ends by publishing a read-only snapshot (file and Parquet) for analysts.
    """
    from pipeline.extract import extract_store, make_extractor
    from pipeline.ingest import IngestSettings, ingest
    from pipeline.reconcile import reconcile_store

    run = RunResult(run_id=uuid.uuid4().hex[:16])
    started = now()
    status = "failed"
    try:
        if sources:
            ingested = ingest(list(sources), store, ingest_settings or IngestSettings(), progress=progress)
            run.stats["ingest"] = as_dict(ingested)
        extractor = extractor or make_extractor()
        run.stats["extract"] = extract_store(store, extractor).as_dict()
        run.stats["reconcile"] = as_dict(reconcile_store(store))
        if out_dir is not None:
            run.reports = write_reports(store, Path(out_dir), formats)
        if publish_snapshot:
            from store import publish

            run.snapshot = publish(store).database
        status = "ok"
    finally:
        run.stats["counts"] = store.counts()
        store.record_run(run.run_id, "run", started, status, run.stats)
    log.info("run %s: %s", run.run_id, run.stats)
    return run


def as_dict(result) -> dict:
    """A stage's result as the plain dict a `runs` row (and a flow's stats) keeps."""
    if hasattr(result, "as_dict"):
        return result.as_dict()
    if hasattr(result, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(result)
    return dict(result) if isinstance(result, dict) else {"result": str(result)}
