"""`evclaims`: thin commands over the pipeline's functions.

Each command parses its options, calls its stage in `pipeline.stages` (the layer flows.py calls
too) and renders the result. Data goes to stdout, progress and messages to stderr. An
EvclaimsError becomes one line on stderr and exit status 1 (2 for usage, config and query
errors); `--debug` shows the traceback. Heavy imports (spaCy, trafilatura) happen inside the
commands that need them, so `evclaims query` starts fast; nothing here needs Prefect.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from contract.errors import ConfigError
from pipeline import __version__, summaries
from pipeline.options import (
    AllowHostOpt,
    ConfigOpt,
    CrawlOpt,
    DbOpt,
    DeadlineOpt,
    DelayOpt,
    JsonOpt,
    MaxPagesOpt,
    ModelOpt,
    main_for,
)
from pipeline.report import FORMATS, format_words

err = Console(stderr=True)
app = typer.Typer(
    help="evclaims: EV-industry news in, a database of checkable claims out.\n\n"
    "Example: evclaims run https://example.com/feed.xml --db claims.duckdb --out reports/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


ReportFormat = StrEnum("ReportFormat", {name: name for name in FORMATS})  # pipeline.report's registry


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """evclaims: EV-industry news in, a database of checkable claims out."""
    if version:
        typer.echo(f"evclaims {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        raise ConfigError(
            "name a command (ingest, extract, reconcile, report, query, ...); see evclaims --help"
        )
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _progress(description: str):
    """A rich progress bar on stderr (hidden when stderr is not a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(f"[bold]{description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


# -- ingest ---------------------------------------------------------------------------------
@app.command()
def ingest(
    sources: Annotated[
        list[str] | None, typer.Argument(help="URLs, feeds, sitemaps, files, folders or WARC files.")
    ] = None,
    db: DbOpt = None,
    all_sources: Annotated[
        bool, typer.Option("--all", help="Ingest every source named in sources.toml.")
    ] = False,
    config: ConfigOpt = Path("sources.toml"),
    crawl: CrawlOpt = False,
    max_pages: MaxPagesOpt = None,
    delay: DelayOpt = None,
    deadline: DeadlineOpt = None,
    allow_host: AllowHostOpt = None,
    archive_dir: Annotated[
        Path | None, typer.Option("--archive-dir", help="Keep raw responses as WARC here.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Fetch and store articles from SOURCES (or, with --all, every source of sources.toml in one run).

    Example: evclaims ingest https://electrek.co/feed/ ../shared/data/seeds --db claims.duckdb
    """
    from pipeline import stages

    if not sources and not all_sources:
        raise ConfigError("ingest: name at least one SOURCE, or --all for the sources in sources.toml")
    flags = stages.ingest_flags(delay, allow_host, crawl, max_pages, archive_dir, deadline)
    if all_sources and not config.is_file():
        raise ConfigError(f"--config {config}: no such file")
    with _progress("ingest") as bar:
        task = bar.add_task("ingest", total=None)

        def tick(*_args, **_kw):
            bar.advance(task)

        # --all: per-source settings of sources.toml apply; only explicit flags override them
        named = [] if all_sources else list(sources or [])
        result = stages.ingest(db, named, flags, config=config, progress=None if all_sources else tick).result
    origins = summaries.settings_origins(config, {**flags, "deadline": None})
    _summary(summaries.ingest(result, db_path(db), origins), result, as_json)


@app.command()
def reprocess(
    warcs: Annotated[
        list[str], typer.Argument(help="WARC files or archive folders written by earlier ingests.")
    ],
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Re-extract articles from archived raw responses, without fetching again.

    Example: evclaims reprocess archive/ --db claims.duckdb
    """
    from pipeline import stages

    result = stages.reprocess(db, list(warcs))
    _summary(summaries.ingest(result, db_path(db), stage="reprocess"), result, as_json)


# -- extract --------------------------------------------------------------------------------
@app.command()
def extract(
    file: Annotated[str | None, typer.Argument(help="A single .txt or .html file to extract from.")] = None,
    input: Annotated[
        str | None,
        typer.Option(
            "--input",
            "-i",
            help="JSONL of {id, text, published?, title?, source_url?}; - for stdin. Without published, a /2024/05/(31/) date in source_url or url stands in; the title (else the URL) names the maker of a text that names none.",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="JSONL claims out; - or absent for stdout.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date of FILE (YYYY-MM-DD).")
    ] = None,
    model: ModelOpt = None,
    db: DbOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per batch (store mode).")] = 200,
    as_json: JsonOpt = False,
    quantities: Annotated[
        bool,
        typer.Option(
            "--quantities",
            help="One line per quantity found (any unit, no attribution) instead of claims; "
            "with FILE or --input.",
        ),
    ] = False,
) -> None:
    """Extract claims (or, with --quantities, every quantity) from a JSONL file, a single file, or the database.

    Examples: evclaims extract --input passages.jsonl --output claims.jsonl;
    evclaims extract article.html --published 2025-06-10; evclaims extract --db claims.duckdb;
    evclaims extract --quantities --input - < passages.jsonl
    """
    from pipeline.extract import extract_jsonl, make_extractor, parse_cli_date, read_text_file

    if file and input:
        raise ConfigError("extract: give either FILE or --input, not both")
    if published and not file:
        raise ConfigError("extract: --published goes with a single FILE")
    if quantities and not (file or input):
        raise ConfigError("extract: --quantities goes with FILE or --input, not the database")
    pub = parse_cli_date(published, "--published")
    if as_json and (file or (input and output in (None, "-"))):
        raise ConfigError(
            "extract: --json goes with --db, or with --input and an --output file (stdout carries claims)"
        )
    if file:
        text = read_text_file(file)
        extractor = make_extractor(model)
        rows = extractor.quantities(text) if quantities else extractor.extract(text, published=pub)
        for c in rows:
            typer.echo(json.dumps({"doc_id": file, **c}, ensure_ascii=False, default=str))
        return
    if input:
        extractor = make_extractor(model)
        with _progress("extract") as bar:
            task = bar.add_task("extract", total=None)
            result = extract_jsonl(
                input, output, extractor, progress=lambda n: bar.advance(task, n), quantities=quantities
            )
        what = "quantity" if quantities else "claim"
        _summary(summaries.extract(result, output=output, unit="document", what=what), result, as_json)
        return
    from pipeline import stages

    with _progress("extract") as bar:
        task = bar.add_task("extract", total=None)

        def tick(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        result = stages.extract(db, model, batch_size=batch_size, progress=tick)
    _summary(summaries.extract(result, db=db_path(db)), result, as_json)


# -- reconcile ------------------------------------------------------------------------------
@app.command()
def reconcile(
    db: DbOpt = None,
    input: Annotated[
        str | None, typer.Option("--input", "-i", help="JSONL claims with claim_id and doc_id.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="JSONL groups out (with --input).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Group comparable claims and judge them: agree, compatible, conflict, different_scope, inconsistent,
    single_source.

    Examples: evclaims reconcile --db claims.duckdb; evclaims reconcile --input claims.jsonl --output groups.jsonl
    """
    from pipeline import stages
    from pipeline.reconcile import reconcile_jsonl

    if input:
        n = reconcile_jsonl(input, output or "-")
        err.print(f"reconcile: {n} groups")
        return
    if output:
        raise ConfigError("reconcile: --output goes with --input")
    result = stages.reconcile(db)
    _summary(summaries.reconcile(result, db_path(db)), result, as_json)


# -- report ---------------------------------------------------------------------------------
@app.command()
def report(
    db: DbOpt = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help=f"{format_words()}.")
    ] = ReportFormat.md,
    out: Annotated[Path | None, typer.Option("--out", help="Write to FILE instead of stdout.")] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only this entity slug (e.g. aito).")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only claims published on or after DATE.")
    ] = None,
) -> None:
    """Write a fact-check report of the reconciled claims.

    Example: evclaims report --db claims.duckdb --format html --out report.html --subject seres
    """
    from pipeline import stages
    from pipeline.extract import parse_cli_date

    since_date = parse_cli_date(since, "--since")
    if out is not None and not out.parent.exists():
        raise ConfigError(f"--out {out}: folder {out.parent} does not exist")
    text = stages.report(db, format.value, subject=subject, since=since_date)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"report: wrote {out}")


# -- query ----------------------------------------------------------------------------------
@app.command()
def query(
    sql: Annotated[str | None, typer.Argument(help="A read-only SQL query.")] = None,
    db: DbOpt = None,
    format: Annotated[
        QueryFormat, typer.Option("--format", "-f", help="table, csv, json, jsonl or parquet.")
    ] = QueryFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE (needed for parquet).")
    ] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Describe the tables and views instead.")] = False,
) -> None:
    """Run read-only SQL against the database; writes are refused.

    Example: evclaims query "select subject, metric, value_low from claims" --format csv
    """
    from pipeline.output import describe_schema, render_frame
    from pipeline.storage import open_store

    if not sql and not schema:
        raise ConfigError("query: give a SQL query, or --schema")
    with open_store(db, read_only=True) as store:
        df = describe_schema(store) if schema else store.user_query(sql)
    render_frame(df, format.value, output, err)


# -- export ---------------------------------------------------------------------------------
@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write one file per table and view into.")],
    db: DbOpt = None,
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="parquet or csv.")
    ] = ExportFormat.parquet,
) -> None:
    """Export every table and analyst view for BI tools.

    Example: evclaims export out/parquet --format parquet
    """
    from pipeline.storage import open_store

    with open_store(db, read_only=True) as store:
        written = store.export(directory, format.value)
    err.print(f"export: wrote {len(written)} files to {directory}")


# -- publish / serve ------------------------------------------------------------------------
@app.command()
def publish(
    db: DbOpt = None,
    with_text: Annotated[
        bool, typer.Option("--with-text", help="Keep the articles' full text in the SQLite mirror.")
    ] = False,
) -> None:
    """Publish the read-only snapshot: DuckDB file, Parquet folder and the SQLite mirror `serve` reads.

    Example: evclaims publish --db claims.duckdb
    """
    from pipeline import stages

    published = stages.publish(db, with_text=with_text)
    err.print(
        f"publish: {published.database}, {published.parquet}/ and {published.mirror} "
        f"in {published.seconds:.1f} s"
    )


@app.command()
def serve(
    db: DbOpt = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8001,
) -> None:
    """Browse the published snapshot in a web browser: entities, conflicts, claims, SQL (read-only).

    Serves the SQLite mirror written by publish (`<db>.snapshot.sqlite`; --db may name it directly)
    with Datasette on 127.0.0.1. Example: evclaims serve --db out/demo.duckdb --port 8001
    """
    from pipeline.web.server import check_mirror, mirror_for
    from pipeline.web.server import serve as serve_mirror

    path = db_path(db)
    mirror = mirror_for(path)
    meta = check_mirror(mirror, path)
    err.print(
        f"serve: {mirror} ({meta.get('claims')} claims, published {json.loads(meta['published_at'])} UTC) "
        f"at http://127.0.0.1:{port}/ ; Ctrl-C stops"
    )
    serve_mirror(mirror, port)


# -- run / demo -----------------------------------------------------------------------------
@app.command()
def run(
    sources: Annotated[list[str] | None, typer.Argument(help="Sources, as for ingest.")] = None,
    db: DbOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for report.md and report.html.")] = Path("out"),
    model: ModelOpt = None,
    delay: DelayOpt = None,
    deadline: DeadlineOpt = None,
    allow_host: AllowHostOpt = None,
    crawl: CrawlOpt = False,
    max_pages: MaxPagesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest, extract, store, reconcile and report in one go.

    Example: evclaims run https://electrek.co/feed/ --db claims.duckdb --out reports/
    """
    from pipeline import stages

    flags = stages.ingest_flags(delay, allow_host, crawl, max_pages, deadline=deadline)
    result = stages.run(db, list(sources or []), flags, model=model, out=out)
    origins = summaries.settings_origins(stages.DEFAULT_CONFIG, {**flags, "deadline": None})
    _summary(summaries.run(result, db_path(db), origins), result, as_json)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for demo.duckdb and the reports.")] = Path("out"),
    as_json: JsonOpt = False,
) -> None:
    """Serve the built-in demo news site on 127.0.0.1, crawl it, and report on it.

    Example: evclaims demo --out out
    """
    from pipeline import stages
    from store.docs import EXAMPLE_QUERIES

    result = stages.demo(out, announce=None if as_json else err.print)
    _summary(summaries.demo(result, out / "demo.duckdb", EXAMPLE_QUERIES), result, as_json)


def db_path(db: str | None) -> str:
    """--db, else $EVCLAIMS_DB, else ./evclaims.duckdb (imported late: the store imports DuckDB)."""
    from pipeline.storage import db_path as resolve

    return resolve(db)


def _summary(text: str, result, as_json: bool) -> None:
    """The stage's summary in words on stderr, or (--json) its result as one JSON object on stdout."""
    if as_json:
        sys.stdout.write(summaries.machine(result) + "\n")
    else:
        err.print(text, markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    """Console entry point: one-line errors, exit 2 for usage problems, tracebacks with --debug."""
    main_for(app, "evclaims")


__all__ = ["app", "main", "date"]


if __name__ == "__main__":
    main()
