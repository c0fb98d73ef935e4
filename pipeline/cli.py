"""`evclaims`: thin commands over the pipeline's functions.

Each command parses its options, opens the store, makes one library call and renders the
result. Data goes to stdout, progress and messages to stderr. An EvclaimsError becomes one
line on stderr and exit status 1 (2 for usage, config and query errors); `--debug` shows
the traceback. Heavy imports (spaCy, trafilatura, Prefect) happen inside the commands that
need them, so `evclaims query` starts fast.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from typer.exceptions import TyperException

from contract.errors import ConfigError, EvclaimsError
from pipeline import __version__, summaries
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

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="DuckDB file (default: $EVCLAIMS_DB or ./evclaims.duckdb).", show_default=False
    ),
]

# Options shared by several commands, declared once.
CrawlOpt = Annotated[bool, typer.Option("--crawl", help="Treat site roots as crawl seeds.")]
MaxPagesOpt = Annotated[int | None, typer.Option("--max-pages", help="Crawl budget per site.")]
DelayOpt = Annotated[
    float | None, typer.Option("--delay", metavar="SECONDS", help="Seconds between requests to one host.")
]
DeadlineOpt = Annotated[
    float | None,
    typer.Option(
        "--deadline",
        metavar="SECONDS",
        help="Longest time one response may take, headers and body together (default 30); "
        "a page over it is retried once after its host's other pages, then skipped as timeout.",
        show_default=False,
    ),
]
AllowHostOpt = Annotated[
    list[str] | None,
    typer.Option("--allow-host", metavar="HOST", help="Allow a private/loopback host (repeatable)."),
]
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Print the summary as one JSON object on stdout instead of words on stderr."),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="A trained spaCy pipeline to use when installed.")
]


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


def _ingest_settings(
    delay: float | None,
    allow_host: list[str] | None,
    crawl: bool,
    max_pages: int | None,
    config: Path | None = None,
    archive_dir: Path | None = None,
    deadline: float | None = None,
):
    """sources.toml [settings], then EVCLAIMS_* variables, then these flags."""
    from pipeline.config import resolve_settings

    if delay is not None and delay < 0:
        raise ConfigError(f"--delay {delay}: must be zero or more seconds")
    if max_pages is not None and max_pages < 1:
        raise ConfigError(f"--max-pages {max_pages}: must be at least 1")
    if deadline is not None and deadline <= 0:
        raise ConfigError(f"--deadline {deadline}: must be more than zero seconds")
    return resolve_settings(
        _flags(delay, allow_host, crawl, max_pages, archive_dir, deadline),
        config if config is not None else Path("sources.toml"),
    )


def _flags(delay, allow_host, crawl, max_pages, archive_dir, deadline=None) -> dict:
    """The ingest flags the user gave (None where not given)."""
    return {
        "delay": delay,
        "deadline": deadline,
        "allow_hosts": list(allow_host) if allow_host else None,
        "crawl": True if crawl else None,
        "max_pages": max_pages,
        "archive_dir": archive_dir,
    }


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
    config: Annotated[Path, typer.Option("--config", help="Source list for --all.")] = Path("sources.toml"),
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
    """Fetch and store articles from SOURCES.

    Example: evclaims ingest https://electrek.co/feed/ ../shared/data/seeds --db claims.duckdb
    """
    from pipeline import ingest as ingest_mod
    from pipeline.storage import open_store

    if not sources and not all_sources:
        raise ConfigError("ingest: name at least one SOURCE, or --all for the sources in sources.toml")
    settings = _ingest_settings(delay, allow_host, crawl, max_pages, config, archive_dir, deadline)
    with open_store(db) as store, _progress("ingest") as bar:
        task = bar.add_task("ingest", total=None)

        def tick(*_args, **_kw):
            bar.advance(task)

        if all_sources:  # per-source settings of sources.toml apply; only explicit flags override them
            if not config.is_file():
                raise ConfigError(f"--config {config}: no such file")
            flags = {
                k: v
                for k, v in _flags(delay, allow_host, crawl, max_pages, archive_dir, deadline).items()
                if v is not None
            }
            result = ingest_mod.ingest_configured(config, store, flags)
        else:
            result = ingest_mod.ingest(list(sources or []), store, settings, progress=tick)
    origins = summaries.settings_origins(config, _flags(delay, allow_host, crawl, max_pages, archive_dir))
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
    from pipeline.ingest import reprocess as reprocess_warcs
    from pipeline.storage import open_store

    for w in warcs:
        if not Path(w).exists():
            raise ConfigError(f"{w}: no such WARC file or folder")
    with open_store(db) as store:
        result = reprocess_warcs(store, list(warcs))
    _summary(summaries.ingest(result, db_path(db), stage="reprocess"), result, as_json)


# -- extract --------------------------------------------------------------------------------
@app.command()
def extract(
    file: Annotated[str | None, typer.Argument(help="A single .txt or .html file to extract from.")] = None,
    input: Annotated[
        str | None, typer.Option("--input", "-i", help="JSONL of {id, text, published?}; - for stdin.")
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
    from pipeline.extract import extract_jsonl, extract_store, make_extractor, parse_cli_date, read_text_file

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
    extractor = make_extractor(model)
    if input:
        with _progress("extract") as bar:
            task = bar.add_task("extract", total=None)
            result = extract_jsonl(
                input, output, extractor, progress=lambda n: bar.advance(task, n), quantities=quantities
            )
        what = "quantity" if quantities else "claim"
        _summary(summaries.extract(result, output=output, unit="document", what=what), result, as_json)
        return
    from pipeline.storage import open_store

    with open_store(db) as store, _progress("extract") as bar:
        task = bar.add_task("extract", total=None)

        def tick(n: int, total: int) -> None:
            bar.update(task, total=total, advance=n)

        result = extract_store(store, extractor, batch_size=batch_size, progress=tick)
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
    from pipeline.reconcile import reconcile_jsonl, reconcile_store

    if input:
        n = reconcile_jsonl(input, output or "-")
        err.print(f"reconcile: {n} groups")
        return
    if output:
        raise ConfigError("reconcile: --output goes with --input")
    from pipeline.storage import open_store

    with open_store(db) as store:
        result = reconcile_store(store)
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
    from pipeline.extract import parse_cli_date
    from pipeline.report import render_report
    from pipeline.storage import open_store

    since_date = parse_cli_date(since, "--since")
    if out is not None and not out.parent.exists():
        raise ConfigError(f"--out {out}: folder {out.parent} does not exist")
    with open_store(db, read_only=True) as store:
        text = render_report(store, format.value, subject=subject, since=since_date)
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
    from pipeline.storage import check_db_path, open_store
    from store import publish as publish_store

    check_db_path(db_path(db), must_exist=True)
    with open_store(db) as store:
        published = publish_store(store, article_text=with_text)
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
    from pipeline.extract import make_extractor
    from pipeline.run import run_pipeline
    from pipeline.storage import open_store

    settings = _ingest_settings(delay, allow_host, crawl, max_pages, deadline=deadline)
    with open_store(db) as store:
        result = run_pipeline(
            store, list(sources or []), ingest_settings=settings, extractor=make_extractor(model), out_dir=out
        )
    origins = summaries.settings_origins(
        Path("sources.toml"), _flags(delay, allow_host, crawl, max_pages, None)
    )
    _summary(summaries.run(result, db_path(db), origins), result, as_json)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for demo.duckdb and the reports.")] = Path("out"),
    as_json: JsonOpt = False,
) -> None:
    """Serve the built-in demo news site on 127.0.0.1, crawl it, and report on it.

    Example: evclaims demo --out out
    """
    from pipeline.demo import run_demo

    result = run_demo(out, console=None if as_json else err)
    _summary(summaries.demo(result, out / "demo.duckdb", EXAMPLE_QUERIES), result, as_json)


EXAMPLE_QUERIES = (
    "select subject, metric, value_low, unit, period_start, period_end, outlet from claims_enriched "
    "where subject in ('aito', 'seres') order by subject",
    "select subject, metric, period_start, period_end, value_low, outlet from conflicts",
    "select verdict, count(*) as groups from recon_groups group by verdict order by groups desc",
)


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


def _usage_error(e: Exception, debug: bool) -> int:
    """A bad option, value or command: one line naming it and exit 2 (bare `evclaims` shows the help)."""
    if type(e).__name__ == "NoArgsIsHelpError":
        e.show()
        return e.exit_code
    if debug:
        raise e
    ctx = getattr(e, "ctx", None)
    command = ctx.command.name if ctx is not None and ctx.parent is not None and ctx.command else ""
    message = " ".join(e.format_message().split())
    print(f"evclaims: error: {command + ': ' if command else ''}{message}", file=sys.stderr)
    return getattr(e, "exit_code", 2) or 2


def main() -> None:
    """Console entry point: one-line errors, exit 2 for usage problems, tracebacks with --debug."""
    debug = "--debug" in sys.argv[1:] or os.environ.get("EVCLAIMS_DEBUG") == "1"
    try:
        code = app(standalone_mode=False)
    except (click.exceptions.Exit, typer.Exit) as e:
        code = e.exit_code
    except (click.exceptions.Abort, typer.Abort):
        err.print("evclaims: aborted")
        code = 130
    except (click.ClickException, TyperException) as e:  # typer bundles its own click: both trees
        code = _usage_error(e, debug)
    except EvclaimsError as e:
        if debug:
            raise
        print(f"evclaims: error: {e}", file=sys.stderr)
        code = e.exit_code
    except KeyboardInterrupt:
        print("evclaims: interrupted", file=sys.stderr)
        code = 130
    except Exception as e:  # the last guard: one line, and the traceback with --debug
        if debug:
            raise
        print(
            f"evclaims: internal error: {type(e).__name__}: {e} (rerun with --debug for details)",
            file=sys.stderr,
        )
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main", "date"]


if __name__ == "__main__":
    main()
