"""Prefect flows: how operators run evclaims unattended.

    python flows.py                     run `daily` once on the sources of sources.toml
    python flows.py --demo              run `daily` once on the built-in demo site (also: `demo`)
    python flows.py ingest|extract|reconcile|report [--source URL ...]    one stage as a flow
    python flows.py serve               serve the deployments on cron schedules from sources.toml
    python flows.py deploy --pool NAME  register the same deployments with a work pool (run by a worker)
    python flows.py daily --dask [ADDRESS]   extract on a Dask cluster (a local one without an address)

Flows: `ingest` (was `crawl`, still accepted), `extract`, `reconcile`, `report`, and `daily` (the
four in order). Each task calls one function of `pipeline.stages`, the layer `evclaims` calls:
same settings (sources.toml, then EVCLAIMS_* variables, then flags), same results. Ingest is one
task running every source at once (hosts side by side, one writer), as `evclaims ingest --all`
does; a source that did not answer for a transient reason is retried as its own task run
(`ingest-<source>`), and each run leaves a table of per-source counts as a Prefect artifact.
Extraction batches (~200 articles) run on the task runner (threads, or Dask workers) and return
Arrow tables; only the flow process writes the DuckDB file. No logic lives here.
"""

from __future__ import annotations

import os

# Offline by default: no analytics, no telemetry (set before Prefect is imported).
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",  # Dask's INFO lines would drown the flow's counts
}.items():
    os.environ.setdefault(_key, _value)

import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated, Any  # noqa: E402

import typer  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.tasks import exponential_backoff  # noqa: E402

from contract.errors import ConfigError, EvclaimsError  # noqa: E402
from pipeline import stages  # noqa: E402
from pipeline.config import FLOW_ALIASES, FLOWS  # noqa: E402
from pipeline.options import (  # noqa: E402
    AllowHostOpt,
    BatchSizeOpt,
    ConfigOpt,
    CrawlOpt,
    DbOpt,
    DeadlineOpt,
    DelayOpt,
    MaxPagesOpt,
    ModelOpt,
    main_for,
)

DEFAULT_CONFIG = str(stages.DEFAULT_CONFIG)
DEFAULT_OUT = str(stages.DEFAULT_OUT)
BATCH_SIZE = 200


class PrefectUnreachable(EvclaimsError):
    """PREFECT_API_URL names a server that does not answer."""


def _transient(task, task_run, state) -> bool:
    """Retry only what a later attempt may fix (errors that say so: 5xx, timeouts, a locked file)."""
    return bool(getattr(state.data, "transient", False))


RETRY = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=10),
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": _transient,
}
"""Ingest and load tasks: 3 retries after ~10, 20, 40 s (±50 %), for transient errors only."""
SOURCE_RETRY = {**RETRY, "retries": 2}
"""A source's own task run after the shared run missed it: with that run, 4 attempts as before."""


# -- tasks: each calls one stage function -----------------------------------------------------


@task(name="ingest", cache_policy=NO_CACHE, **RETRY)
def ingest_sources(
    db: str | None, sources: list[str], settings: dict, config: str | None, only: list[str] | None
) -> stages.IngestStage:
    """Every source in one parallel run (one writer); per-source counts in the result."""
    return stages.ingest(db, sources, settings, config=config, only=only)


@task(name="ingest-source", cache_policy=NO_CACHE, **SOURCE_RETRY)
def ingest_source(
    db: str | None, name: str, sources: list[str], settings: dict, config: str | None
) -> stages.IngestStage:
    """One source that did not answer, on its own; raises a transient error while it still does not."""
    return stages.ingest_source(db, name, sources, settings, config=config)


@task(name="plan-extract", cache_policy=NO_CACHE)
def plan_extract(db: str | None, model: str | None, batch_size: int):
    return stages.plan_extract(db, model, batch_size)


@task(name="extract-batch", cache_policy=NO_CACHE, retries=1, retry_condition_fn=_transient)
def extract_batch(articles, model: str | None, version: str):
    """Claims of a batch as Arrow (runs on any worker; never opens the database)."""
    return stages.extract_batch(articles, model, version)


@task(name="load-claims", cache_policy=NO_CACHE, **RETRY)
def load_claims(db: str | None, batch) -> int:
    return stages.load_claims(db, batch)


@task(name="reconcile", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[5, 20], retry_condition_fn=_transient)  # fmt: skip
def reconcile_claims(db: str | None) -> dict:
    return stages.as_dict(stages.reconcile(db))


@task(name="report", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[5, 20], retry_condition_fn=_transient)  # fmt: skip
def write_reports(db: str | None, out: str) -> dict:
    """Markdown and HTML reports, then the read-only snapshot analysts open."""
    return stages.report_files(db, out).as_dict()


# -- stage bodies, shared by the stage flows and `daily` ----------------------------------------


def _ingest(db, sources, settings, config, only=None) -> dict:
    log = get_run_logger()
    stage = ingest_sources(db, list(sources or []), settings or {}, config, only)
    for name in stage.unreachable():
        again = ingest_source.with_options(name=f"ingest-{name}")
        state = again(db, name, list(sources or []), settings or {}, config, return_state=True)
        if state.is_failed():  # retries spent: counted, and the other sources' results stand
            stage.gave_up(name, state.result(raise_on_failure=False))
        else:
            stage.retried(name, state.result())
    for line in stage.source_lines():
        log.info("ingest: %s", line)
    create_markdown_artifact(stage.markdown(), key="ingest-sources", description="Per-source ingest counts")
    stage.check()
    stats = stage.as_dict()
    log.info(
        "ingest: fetched %d, not modified %d, new %d, updated %d, unchanged %d, duplicates %d, "
        "near-duplicates %d, skipped %s, errors %d",
        *(stats[k] for k in ("fetched", "not_modified", "articles_new", "articles_updated", "unchanged")),
        stats["duplicates"],
        stats["near_duplicates"],
        stats["skipped"],
        len(stats["errors"]),
    )
    return stats


def _extract(db, model, batch_size) -> dict:
    log = get_run_logger()
    plan = plan_extract(db, model, batch_size)
    log.info(
        "extract: %d articles to extract in %d batches; %d skipped (already extracted by %s)",
        plan.pending,
        len(plan.batches),
        plan.up_to_date,
        plan.version,
    )
    tally = stages.ExtractTally.of(plan)
    futures = [extract_batch.submit(b, model, plan.version) for b in plan.batches]
    for future in as_completed(futures):  # load each batch as it arrives: a killed run keeps them
        batch = future.result()
        tally.add(batch, load_claims(db, batch))
    log.info("extract: %d articles, %d claims", tally.articles, tally.claims)
    return tally.as_dict()


def _reconcile(db) -> dict:
    stats = reconcile_claims(db)
    verdicts = stats.get("by_verdict", {})
    get_run_logger().info(
        "reconcile: %s claims, %s groups, %d conflicts; verdicts %s",
        stats.get("n_claims"),
        stats.get("n_groups"),
        verdicts.get("conflict", 0),
        verdicts,
    )
    return stats


def _report(db, out) -> dict:
    stats = write_reports(db, out)
    get_run_logger().info("report: wrote %s; snapshot %s", ", ".join(stats["reports"]), stats["snapshot"])
    return stats


def _run_row(db: str | None, kind: str):
    """One row in `runs` per flow run (ok or failed, with the counts), keyed by the flow run."""
    run_id = str(flow_run.id or "")
    stats = {"prefect_flow_run": run_id, "flow_run_name": flow_run.name}
    return stages.recorded_run(db, f"flow:{kind}", stages.new_run_id(run_id), stats)


# -- flows --------------------------------------------------------------------------------------


@flow(name="ingest")
def ingest(
    sources: list[str] | None = None,
    db: str | None = None,
    settings: dict | None = None,
    config: str | None = DEFAULT_CONFIG,
    only: list[str] | None = None,
) -> dict:
    """Fetch SOURCES (or every source of sources.toml, or those named in `only`) into the store."""
    with _run_row(db, "ingest") as stats:
        stats["ingest"] = _ingest(db, sources, settings, config, only)
    return stats


crawl = ingest
"""The old name of the ingest flow."""


@flow(name="extract")
def extract(db: str | None = None, model: str | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Claims from every stored article whose current text this extractor version has not seen."""
    with _run_row(db, "extract") as stats:
        stats["extract"] = _extract(db, model, batch_size)
    return stats


@flow(name="reconcile")
def reconcile(db: str | None = None) -> dict:
    """Group comparable claims and give verdicts."""
    with _run_row(db, "reconcile") as stats:
        stats["reconcile"] = _reconcile(db)
    return stats


@flow(name="report")
def report(db: str | None = None, out: str = DEFAULT_OUT) -> dict:
    """Write the reports and publish the read-only snapshot."""
    with _run_row(db, "report") as stats:
        stats["report"] = _report(db, out)
    return stats


@flow(name="daily")
def daily(
    sources: list[str] | None = None,
    db: str | None = None,
    out: str = DEFAULT_OUT,
    settings: dict | None = None,
    config: str | None = DEFAULT_CONFIG,
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> dict:
    """ingest → extract → reconcile → report, with one run row in the database."""
    with _run_row(db, "daily") as stats:
        stats["ingest"] = _ingest(db, sources, settings, config)
        stats["extract"] = _extract(db, model, batch_size)
        stats["reconcile"] = _reconcile(db)
        stats["report"] = _report(db, out)
    return stats


FLOW = {"ingest": ingest, "extract": extract, "reconcile": reconcile, "report": report, "daily": daily}


# -- runners, the API, schedules ----------------------------------------------------------------


def task_runner(dask: str | None = None, workers: int = 2):
    """None: the default thread pool. "local": a local Dask cluster of `workers` processes. Else a Dask address."""
    if not dask:
        return None
    from prefect_dask import DaskTaskRunner

    if dask == "local":
        # Worker processes report their task runs to this process's Prefect API (else each starts its own).
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "env": {"PREFECT_API_URL": api_url()},
            }
        )
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():  # the temporary server listens on 127.0.0.1 only
        raise ConfigError(
            f"the Dask cluster at {dask} needs a standing Prefect server its workers can reach: "
            "start `prefect server start` and set PREFECT_API_URL"
        )
    return DaskTaskRunner(address=dask)  # workers get PREFECT_API_URL with each task's settings context


def api_url() -> str:
    """The Prefect API this process talks to; starts the temporary server now when none is configured."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if url:
        return url
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the same instance Prefect's client uses for its temporary server
    server.start()
    return server.api_url


def with_runner(f, dask: str | None = None, workers: int = 2):
    runner = task_runner(dask, workers)
    return f if runner is None else f.with_options(task_runner=runner)


def check_api(url: str | None = None, timeout: float = 5.0) -> None:
    """Raise PrefectUnreachable when PREFECT_API_URL is set but nothing answers there."""
    import httpx
    from prefect.settings import PREFECT_API_KEY, PREFECT_API_URL

    url = url or PREFECT_API_URL.value()
    if not url:
        return  # Prefect starts a temporary server for this process
    key = PREFECT_API_KEY.value()
    headers = {"Authorization": f"Bearer {key.get_secret_value()}"} if key else {}
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=timeout, headers=headers).raise_for_status()
    except httpx.HTTPError as e:
        raise PrefectUnreachable(
            f"the Prefect API at {url} (PREFECT_API_URL) does not answer ({type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else 'no detail'}); start it with `prefect server start` "
            "or unset PREFECT_API_URL to run on a temporary server",
            url=url,
        ) from None


def _needs_standing_server(what: str) -> None:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        raise ConfigError(
            f"{what} need a standing Prefect server (the temporary one cannot run them): start one with "
            "`.venv/bin/prefect server start`, then run "
            "`PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python flows.py serve`"
        )
    check_api()


def serve(db: str, out: str, config: str | Path, model: str | None = None) -> None:
    """Serve every deployment on its cron schedule from this process (needs a standing Prefect server)."""
    from prefect import serve as prefect_serve

    _needs_standing_server("schedules")
    deployments = [
        FLOW[s["flow"]].to_deployment(name=s["name"], cron=s["cron"], parameters=s["parameters"])
        for s in stages.deployment_specs(db, out, config, model)
    ]
    # limit=1: one flow run at a time from this process, so one writer per DuckDB file.
    prefect_serve(*deployments, limit=1, pause_on_shutdown=False)


def deploy(pool: str, db: str, out: str, config: str | Path, model: str | None = None) -> list:
    """Register the same deployments with a work pool; `prefect worker start --pool POOL` runs them."""
    from prefect import deploy as prefect_deploy

    _needs_standing_server("deployments")
    here = str(Path(__file__).resolve().parent)
    deployments = []
    for s in stages.deployment_specs(db, out, config, model):
        f = flow.from_source(source=here, entrypoint=f"flows.py:{s['flow']}")
        deployments.append(
            f.to_deployment(name=s["name"], cron=s["cron"], parameters=s["parameters"], concurrency_limit=1)
        )
    return prefect_deploy(*deployments, work_pool_name=pool, build=False, push=False)


def run_demo_flow(out: str = DEFAULT_OUT, dask: str | None = None, workers: int = 2) -> dict:
    """`python flows.py --demo`: the daily flow over the built-in demo site (no sources.toml)."""
    from pipeline.demo import DEMO_DB
    from pipeline.demo.site import DemoSite

    Path(out).mkdir(parents=True, exist_ok=True)
    with DemoSite() as site:
        return with_runner(daily, dask, workers)(
            sources=site.sources,
            db=str(Path(out) / DEMO_DB),
            out=out,
            settings={"delay": 0.0, "allow_hosts": ["127.0.0.1"]},
            config=None,
        )


def _load_extractor_in_background(model: str | None) -> None:
    """Load spaCy (~1 s) while Prefect starts its temporary server (~10 s); the flow finds it loaded."""
    import contextlib
    import threading

    from pipeline.batches import extractor

    def load() -> None:
        with contextlib.suppress(EvclaimsError):  # the flow's own call raises it again, where it is reported
            extractor(model)

    threading.Thread(target=load, name="evclaims-load-extractor", daemon=True).start()


# -- the command line: the same options as `evclaims` (pipeline/options.py) -----------------------

cli = typer.Typer(
    help="Prefect flows over the stages `evclaims` runs: ingest, extract, reconcile, report, daily.\n\n"
    "Without a command: `daily` on sources.toml (`--demo`: on the built-in demo site).",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
SourceOpt = Annotated[
    list[str] | None,
    typer.Option("--source", metavar="URL", help="A source to ingest instead of sources.toml (repeatable)."),
]
OnlyOpt = Annotated[list[str] | None, typer.Option("--only", metavar="NAME", help="Only this source of sources.toml (repeatable).")]  # fmt: skip
OutOpt = Annotated[str, typer.Option("--out", help="Folder for the reports.")]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="[ADDRESS]",
        help="Extract on a Dask cluster: a local one (no ADDRESS), or the scheduler at ADDRESS.",
    ),
]
WorkersOpt = Annotated[
    int, typer.Option("--dask-workers", help="Worker processes of the local Dask cluster.")
]


def _settings(delay, allow_host, crawl, max_pages, deadline) -> dict:
    """The ingest flags given, as flow parameters (what was not given is left out)."""
    flags = stages.ingest_flags(delay, allow_host, crawl, max_pages, deadline=deadline)
    return {k: v for k, v in flags.items() if v is not None}


def _launch(name: str, kwargs: dict[str, Any], dask: str | None = None, workers: int = 2) -> None:
    """Run one flow here (a temporary Prefect server unless PREFECT_API_URL names one) and print its stats."""
    check_api()
    if name in ("ingest", "daily") and not kwargs.get("sources"):
        from pipeline.config import load_sources

        load_sources(
            kwargs.get("config") or DEFAULT_CONFIG
        )  # a missing or bad file fails before Prefect starts
    if name in ("daily", "extract"):
        _load_extractor_in_background(kwargs.get("model"))
    _print(with_runner(FLOW[name], dask, workers)(**kwargs))


def _print(stats: dict) -> None:
    print({k: v for k, v in stats.items() if k != "prefect_flow_run"})


@cli.command("daily")
def daily_command(
    source: SourceOpt = None,
    db: DbOpt = None,
    out: OutOpt = DEFAULT_OUT,
    config: ConfigOpt = stages.DEFAULT_CONFIG,
    model: ModelOpt = None,
    batch_size: BatchSizeOpt = BATCH_SIZE,
    delay: DelayOpt = None,
    deadline: DeadlineOpt = None,
    allow_host: AllowHostOpt = None,
    crawl: CrawlOpt = False,
    max_pages: MaxPagesOpt = None,
    dask: DaskOpt = None,
    dask_workers: WorkersOpt = 2,
) -> None:
    """ingest → extract → reconcile → report once, with a row in `runs`."""
    settings = _settings(delay, allow_host, crawl, max_pages, deadline)
    kwargs = {"sources": source or None, "db": db, "out": out, "settings": settings, "config": str(config)}
    _launch("daily", {**kwargs, "model": model, "batch_size": batch_size}, dask, dask_workers)


@cli.command("ingest")
def ingest_command(
    source: SourceOpt = None,
    db: DbOpt = None,
    config: ConfigOpt = stages.DEFAULT_CONFIG,
    only: OnlyOpt = None,
    delay: DelayOpt = None,
    deadline: DeadlineOpt = None,
    allow_host: AllowHostOpt = None,
    crawl: CrawlOpt = False,
    max_pages: MaxPagesOpt = None,
) -> None:
    """The ingest flow: SOURCEs, or every source of sources.toml, in one parallel run."""
    settings = _settings(delay, allow_host, crawl, max_pages, deadline)
    kwargs = {"sources": source or None, "db": db, "settings": settings, "config": str(config), "only": only}
    _launch("ingest", kwargs)


cli.command("crawl", hidden=True, help="Old name of `ingest`.")(ingest_command)


@cli.command("extract")
def extract_command(
    db: DbOpt = None,
    model: ModelOpt = None,
    batch_size: BatchSizeOpt = BATCH_SIZE,
    dask: DaskOpt = None,
    dask_workers: WorkersOpt = 2,
) -> None:
    """The extract flow: claims of every article this extractor version has not seen, in batches."""
    _launch("extract", {"db": db, "model": model, "batch_size": batch_size}, dask, dask_workers)


@cli.command("reconcile")
def reconcile_command(db: DbOpt = None) -> None:
    """The reconcile flow: groups and verdicts."""
    _launch("reconcile", {"db": db})


@cli.command("report")
def report_command(db: DbOpt = None, out: OutOpt = DEFAULT_OUT) -> None:
    """The report flow: report.md and report.html, then the published snapshot."""
    _launch("report", {"db": db, "out": out})


@cli.command("demo")
def demo_command(out: OutOpt = DEFAULT_OUT, dask: DaskOpt = None, dask_workers: WorkersOpt = 2) -> None:
    """`daily` on the built-in demo site, into OUT/demo.duckdb."""
    check_api()
    _load_extractor_in_background(None)
    _print(run_demo_flow(out, dask, dask_workers))


@cli.command("serve")
def serve_command(
    db: DbOpt = None,
    out: OutOpt = DEFAULT_OUT,
    config: ConfigOpt = stages.DEFAULT_CONFIG,
    model: ModelOpt = None,
) -> None:
    """Serve the deployments on their cron schedules (sources.toml) from this process."""
    from pipeline.storage import db_path

    serve(db_path(db), out, config, model)


@cli.command("deploy")
def deploy_command(
    pool: Annotated[str, typer.Option("--pool", help="Work pool to register with.")] = "evclaims",
    db: DbOpt = None,
    out: OutOpt = DEFAULT_OUT,
    config: ConfigOpt = stages.DEFAULT_CONFIG,
    model: ModelOpt = None,
) -> None:
    """Register the deployments with a work pool (`prefect worker start --pool POOL` runs them)."""
    from pipeline.storage import db_path

    deploy(pool, db_path(db), out, config, model)


def main(argv: list[str] | None = None) -> None:
    """`python flows.py [COMMAND] [OPTIONS]`; no command means `daily` (`--demo`: `demo`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = {*FLOWS, *FLOW_ALIASES, "demo", "serve", "deploy"}
    if "--demo" in args and not (args and args[0] in commands):
        args = ["demo", *(a for a in args if a != "--demo")]
    elif not args or (args[0] not in commands and args[0] not in ("--help", "-h")):
        args = ["daily", *args]
    for i, arg in enumerate(args):  # a bare --dask means a local cluster
        if arg == "--dask" and (i + 1 == len(args) or args[i + 1].startswith("-")):
            args[i] = "--dask=local"
    main_for(cli, "flows.py", args)


if __name__ == "__main__":
    main()
