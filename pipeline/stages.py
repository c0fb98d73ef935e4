"""The stages, one function each, that both `evclaims` (pipeline/cli.py) and the flows (flows.py) call.

    ingest     sources (or sources.toml) → articles          IngestStage (counts, per source)
    extract    stored articles → claims                      ExtractResult; for a task runner:
               plan_extract → extract_batch (anywhere) → load_claims (the one writer)
    reconcile  claims → groups and verdicts                  ReconcileResult
    report     one report as text; report_files: md + html, then the published snapshot
    publish    the read-only snapshot, Parquet and SQLite mirror
    run, demo  every stage in order (pipeline/run.py)

Each stage opens the store itself (--db, else $EVCLAIMS_DB, else ./evclaims.duckdb) and resolves
ingest settings one way: sources.toml `[settings]` (and a source's own keys), then `EVCLAIMS_*`
variables, then flags (pipeline/config.py). Nothing here imports Prefect or prints: the CLI renders
results with pipeline/summaries.py, the flows log them and leave them as artifacts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contract.errors import ConfigError, EvclaimsError, FetchError
from pipeline.batches import ClaimBatch, ExtractPlan, extract_batch, extractor
from pipeline.config import IngestSettings, check_flags, load_schedules, load_sources, resolve_settings
from pipeline.run import as_dict

if TYPE_CHECKING:
    from pipeline.extract import ExtractResult
    from pipeline.ingest import IngestResult
    from pipeline.reconcile import ReconcileResult
    from pipeline.run import RunResult
    from store.publish import Published

log = logging.getLogger("evclaims.stages")

DEFAULT_CONFIG = Path("sources.toml")
DEFAULT_OUT = Path("out")
Flags = Mapping[str, Any]
"""Ingest settings given as flags or flow parameters (None: not given), e.g. from `ingest_flags`."""

__all__ = ["as_dict", "extract_batch"]  # re-exported: a result as a plain dict; the unit a worker runs


def ingest_flags(
    delay: float | None = None,
    allow_hosts: Sequence[str] | None = None,
    crawl: bool = False,
    max_pages: int | None = None,
    archive_dir: Path | str | None = None,
    deadline: float | None = None,
) -> dict[str, Any]:
    """The ingest flags given (None where not given), checked: a bad value is a one-line ConfigError."""
    flags = {
        "delay": delay,
        "deadline": deadline,
        "allow_hosts": list(allow_hosts) if allow_hosts else None,
        "crawl": True if crawl else None,
        "max_pages": max_pages,
        "archive_dir": archive_dir,
    }
    check_flags(flags)
    return flags


def ingest_settings(flags: Flags | None = None, config: str | Path | None = DEFAULT_CONFIG) -> IngestSettings:
    """Settings for sources named on the command line: CONFIG's [settings] (when it exists), env, flags."""
    check_flags(flags or {})
    return resolve_settings(dict(flags or {}), config)


# -- ingest -----------------------------------------------------------------------------------


@dataclass
class IngestStage:
    """The ingest stage's result: the run's counts (`result`) and each source's, with the retries a
    scheduler gave a source that did not answer (`attempts`) and the sources it gave up on (`failed`)."""

    result: IngestResult
    attempts: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def unreachable(self) -> list[str]:
        """Sources where nothing answered and a failure was transient: worth a run of their own later."""
        return [n for n, t in self.result.by_source.items() if t.unreachable and n not in self.failed]

    def retried(self, name: str, again: IngestStage) -> None:
        """Count a source's own later run (its first failures stay counted: they happened)."""
        self.result.merge(again.result)
        self.attempts[name] = self.attempts.get(name, 1) + 1

    def gave_up(self, name: str, error: BaseException | str) -> None:
        """A source still unreachable after its retries: counted as `source_failed`, the run goes on."""
        self.failed[name] = str(error)
        self.result.skipped["source_failed"] += 1
        self.result.errors.append(str(error))

    def check(self) -> None:
        """Raise when every source failed: the run as a whole did not happen."""
        if self.failed and len(self.failed) == len(self.result.by_source):
            last = list(self.failed.values())[-1]
            raise FetchError(f"every source failed; last: {last}", reason="unreachable")

    def sources(self) -> list[dict[str, Any]]:
        """One row per source: attempts, counts, skips by reason and the error it ended with."""
        return [
            {
                "source": name,
                "attempts": self.attempts.get(name, 1),
                **tally.as_dict(),
                "failed": self.failed.get(name),
            }
            for name, tally in sorted(self.result.by_source.items())
        ]

    def source_lines(self) -> list[str]:
        """One log line per source."""
        return [
            f"source {r['source']}: {r['articles_new']} new, {r['articles_updated']} updated, "
            f"{r['unchanged']} unchanged, {r['not_modified']} not modified, {r['duplicates']} duplicates, "
            f"skipped {r['skipped'] or 0}"
            + (f", {r['attempts']} attempts" if r["attempts"] > 1 else "")
            + (f"; failed: {r['failed']}" if r["failed"] else "")
            for r in self.sources()
        ]

    def markdown(self) -> str:
        """The per-source table a scheduler shows for a run."""
        head = "| source | attempts | fetched | not modified | new | updated | unchanged | duplicates | skipped | failed |"
        rows = [head, "|" + "---|" * 10]
        for r in self.sources():
            skipped = ", ".join(f"{k} {v}" for k, v in sorted(r["skipped"].items())) or "0"
            rows.append(
                f"| {r['source']} | {r['attempts']} | {r['fetched']} | {r['not_modified']} | {r['articles_new']} "
                f"| {r['articles_updated']} | {r['unchanged']} | {r['duplicates']} | {skipped} "
                f"| {_cell(r['failed'] or '')} |"
            )
        return "\n".join(rows) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """The run's counts (as the CLI's --json gives them) and the per-source rows."""
        return {**self.result.as_dict(), "sources": self.sources()}


def ingest(
    db: str | Path | None,
    sources: Sequence[str] = (),
    flags: Flags | None = None,
    *,
    config: str | Path | None = DEFAULT_CONFIG,
    only: Sequence[str] | None = None,
    progress: Callable[..., None] | None = None,
) -> IngestStage:
    """Ingest SOURCES, or with none every source of CONFIG (those named in ONLY), in one parallel run.

    Named sources get CONFIG's [settings] (when the file exists), then EVCLAIMS_* variables, then
    FLAGS; configured sources also their own keys. One run works all hosts side by side, one writer.
    """
    from pipeline import ingest as core
    from pipeline.storage import open_store

    flags = dict(flags or {})
    if sources:
        settings = ingest_settings(flags, config)
        with open_store(db) as store:
            return IngestStage(core.ingest(list(sources), store, settings, progress=progress))
    if config is None:
        raise ConfigError("ingest: name at least one SOURCE, or a sources.toml")
    load_sources(config)  # a missing or bad file, flag or EVCLAIMS_* value fails before the store opens
    ingest_settings(flags, config)
    given = {k: v for k, v in flags.items() if v is not None}
    with open_store(db) as store:
        return IngestStage(core.ingest_configured(config, store, given, only=only, progress=progress))


def ingest_source(
    db: str | Path | None,
    name: str,
    sources: Sequence[str] = (),
    flags: Flags | None = None,
    *,
    config: str | Path | None = DEFAULT_CONFIG,
) -> IngestStage:
    """One source again on its own (a configured source by name, else the SOURCES of host NAME).

    Raises a transient FetchError when it still does not answer, so a scheduler retries it later.
    """
    from pipeline.ingest.urls import host_name

    if sources:
        urls = [s for s in sources if host_name(s) == name]
        stage = ingest(db, urls, flags, config=config)
    else:
        stage = ingest(db, (), flags, config=config, only=[name])
    tally = stage.result.by_source.get(name)
    if tally is not None and tally.unreachable:
        failed = ", ".join(f"{r}: {n}" for r, n in sorted(tally.skipped.items()))
        first = stage.result.errors[0] if stage.result.errors else ""
        raise FetchError(
            f"no response from {name} ({failed}); first error: {first}", transient=True, reason="unreachable"
        )
    return stage


def reprocess(db: str | Path | None, warcs: Sequence[str]) -> IngestResult:
    """Articles again from archived raw responses (WARC files or folders), without fetching."""
    from pipeline.ingest import reprocess as reprocess_warcs
    from pipeline.storage import open_store

    for w in warcs:
        if not Path(w).exists():
            raise ConfigError(f"{w}: no such WARC file or folder")
    with open_store(db) as store:
        return reprocess_warcs(store, list(warcs))


# -- extract ----------------------------------------------------------------------------------


def extract(
    db: str | Path | None,
    model: str | None = None,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractResult:
    """Claims of every stored article whose current text this extractor version has not seen."""
    from pipeline.extract import extract_store, make_extractor
    from pipeline.storage import open_store

    ex = make_extractor(model)
    with open_store(db) as store:
        return extract_store(store, ex, batch_size=batch_size, progress=progress)


def plan_extract(db: str | Path | None, model: str | None = None, batch_size: int = 200) -> ExtractPlan:
    """What the extract stage will do, in Arrow batches any worker can take (read by the writer)."""
    from pipeline.batches import plan_extract as plan
    from pipeline.storage import open_store

    version = extractor(model).version
    with open_store(db) as store:
        return plan(store, version, batch_size)


def load_claims(db: str | Path | None, batch: ClaimBatch) -> int:
    """The one writer: replace a batch's claims in one transaction; returns claims written."""
    from pipeline.batches import load_batch
    from pipeline.storage import db_path
    from store import connect

    with connect(db_path(db)) as store:
        return load_batch(store, batch)


@dataclass
class ExtractTally:
    """The extract stage run as batches: what the plan skipped and what the loaded batches held."""

    version: str
    batches: int = 0
    articles: int = 0
    claims: int = 0
    up_to_date: int = 0

    @classmethod
    def of(cls, plan: ExtractPlan) -> ExtractTally:
        return cls(version=plan.version, batches=len(plan.batches), up_to_date=plan.up_to_date)

    def add(self, batch: ClaimBatch, claims: int) -> None:
        self.articles += batch.n_articles
        self.claims += claims

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "claims": self.claims,
            "batches": self.batches,
            "version": self.version,
            "skipped": {"already_extracted": self.up_to_date},
        }


# -- reconcile, report, publish -------------------------------------------------------------


def reconcile(db: str | Path | None) -> ReconcileResult:
    """Group comparable claims and give verdicts (replaces every group)."""
    from pipeline.reconcile import reconcile_store
    from pipeline.storage import open_store

    with open_store(db) as store:
        return reconcile_store(store)


def report(db: str | Path | None, fmt: str, subject: str | None = None, since: date | None = None) -> str:
    """One report (md, html, json, claimreview) as text, from a read-only store."""
    from pipeline.report import render_report
    from pipeline.storage import open_store

    with open_store(db, read_only=True) as store:
        return render_report(store, fmt, subject=subject, since=since)


@dataclass
class ReportFiles:
    """What `report_files` wrote: the reports and the published snapshot (DuckDB, Parquet, SQLite)."""

    reports: list[Path]
    snapshot: Path
    parquet: Path
    mirror: Path

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports": [str(p) for p in self.reports],
            "snapshot": str(self.snapshot),
            "parquet": str(self.parquet),
            "mirror": str(self.mirror),
        }


def report_files(db: str | Path | None, out: str | Path = DEFAULT_OUT) -> ReportFiles:
    """report.md and report.html into OUT, then the read-only snapshot, as `evclaims run` ends."""
    from pipeline.run import write_reports
    from pipeline.storage import open_store
    from store import publish as publish_store

    with open_store(db) as store:
        paths = write_reports(store, Path(out))
        published = publish_store(store)
    return ReportFiles(paths, published.database, published.parquet, published.mirror)


def publish(db: str | Path | None, with_text: bool = False) -> Published:
    """The read-only snapshot: DuckDB file, Parquet folder and the SQLite mirror `serve` reads."""
    from pipeline.storage import check_db_path, db_path, open_store
    from store import publish as publish_store

    check_db_path(db_path(db), must_exist=True)
    with open_store(db) as store:
        return publish_store(store, article_text=with_text)


# -- run, demo --------------------------------------------------------------------------------


def run(
    db: str | Path | None,
    sources: Sequence[str] = (),
    flags: Flags | None = None,
    *,
    model: str | None = None,
    out: str | Path | None = DEFAULT_OUT,
    config: str | Path | None = DEFAULT_CONFIG,
) -> RunResult:
    """Every stage once over SOURCES in this process, with a row in `runs` (pipeline/run.py)."""
    from pipeline.extract import make_extractor
    from pipeline.run import run_pipeline
    from pipeline.storage import open_store

    settings = ingest_settings(flags, config)
    with open_store(db) as store:
        return run_pipeline(
            store, list(sources), ingest_settings=settings, extractor=make_extractor(model), out_dir=out
        )


def demo(out: str | Path = DEFAULT_OUT, announce: Callable[[str], None] | None = None) -> RunResult:
    """Serve the built-in demo site on 127.0.0.1 and run every stage over it into OUT/demo.duckdb."""
    from pipeline.demo import run_demo

    return run_demo(Path(out), announce=announce)


# -- what a scheduler needs ---------------------------------------------------------------------


@contextmanager
def recorded_run(db: str | Path | None, kind: str, run_id: str, stats: dict[str, Any]) -> Iterator[dict]:
    """Leave one row in `runs` for a scheduled run (ok or failed, with STATS and the store's counts)."""
    from pipeline.storage import db_path
    from store import connect
    from store.db import now

    started = now()
    error: BaseException | None = None
    try:
        yield stats
    except BaseException as e:
        error = e
        stats["error"] = f"{type(e).__name__}: {e}".splitlines()[0]
        raise
    finally:
        try:
            with connect(db_path(db)) as store:
                stats["counts"] = store.counts()
                store.record_run(run_id, kind, started, "failed" if error else "ok", stats)
        except EvclaimsError as e:  # never hide the run's own error behind this one
            log.error("could not record the run row in %s: %s", db_path(db), e)
            if error is None:
                raise


def new_run_id(flow_run_id: str | None) -> str:
    """The `runs` key of a scheduled run: its scheduler's id, else the time."""
    return (flow_run_id or "").replace("-", "")[:16] or datetime.now().strftime("%Y%m%d%H%M%S%f")[:16]


def deployment_specs(
    db: str | Path, out: str | Path, config: str | Path, model: str | None = None
) -> list[dict[str, Any]]:
    """What a scheduler registers: flow, deployment name, cron and parameters, from sources.toml.

    Sources without a `schedule` of their own are ingested together by `hourly-ingest` (one parallel
    run); sources that share a `schedule` share a deployment (`ingest-<first name>`), run the same way.
    """
    cfg = str(Path(config).resolve())
    db, out = str(Path(db).resolve()), str(Path(out).resolve())
    cron = load_schedules(config)
    sources = load_sources(cfg).sources if Path(cfg).exists() else []
    by_cron: dict[str, list[str]] = {}
    for s in sources:
        if s.schedule:
            by_cron.setdefault(s.schedule, []).append(s.name)
    rest = [s.name for s in sources if not s.schedule]
    specs = []
    if rest or not sources:
        only = {"only": rest} if by_cron else {}
        specs.append(
            {
                "flow": "ingest",
                "name": "hourly-ingest",
                "cron": cron["ingest"],
                "parameters": {"db": db, "config": cfg, **only},
            }
        )
    specs += [
        {
            "flow": "ingest",
            "name": f"ingest-{names[0]}",
            "cron": c,
            "parameters": {"db": db, "config": cfg, "only": names},
        }
        for c, names in by_cron.items()
    ]
    specs += [
        {"flow": "extract", "name": "extract", "cron": cron["extract"], "parameters": {"db": db, "model": model}},
        {"flow": "reconcile", "name": "reconcile", "cron": cron["reconcile"], "parameters": {"db": db}},
        {"flow": "report", "name": "daily-report", "cron": cron["report"], "parameters": {"db": db, "out": out}},
        {
            "flow": "daily",
            "name": "daily",
            "cron": cron["daily"],
            "parameters": {"db": db, "out": out, "config": cfg, "model": model},
        },
    ]  # fmt: skip
    return specs


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:200]
