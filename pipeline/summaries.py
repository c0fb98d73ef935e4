"""Stage results → a short summary for people, and the same result as JSON for machines.

One function per stage result (ingest, extract, reconcile, run, demo), each returning text: counts,
skip reasons in words, where things were written, and where settings came from when a sources.toml
applied. Nothing here prints or touches the store; the CLI decides where the text goes (stderr, or
`machine()` as JSON on stdout with --json).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

# What each ingest skip reason (pipeline/ingest.py) means, for a person reading the summary.
SKIP_WORDS = {
    "robots": "refused by robots.txt",
    "timeout": "timed out",
    "network": "network errors",
    "dns": "host names that did not resolve",
    "tls": "TLS or certificate errors",
    "decode": "bodies that could not be decoded",
    "redirect_loop": "redirect loops",
    "too_many_redirects": "too many redirects",
    "bad_redirect": "bad redirect targets",
    "bad_url": "malformed URLs",
    "private_address": "private or loopback addresses (allow one with --allow-host)",
    "too_large": "over the size cap",
    "content_type": "not HTML, a feed or a sitemap",
    "too_short": "too little text for an article",
    "no_text": "no main text found",
    "unparseable": "HTML that could not be parsed",
    "too_complex": "pages too complex to parse",
    "not_article": "crawled pages that are not articles",
    "binary": "binary data served as text",
    "extract_crash": "text extraction crashed (traceback in the log)",
    "extract_timeout": "text extraction over its time limit",
    "already_stored": "listed again, already stored",
    "max_pages": "over the --max-pages budget",
    "max_sitemaps": "over the sitemap budget",
    "site_root": "site home pages with no feed or sitemap (--crawl follows their links)",
    "warc_not_html": "WARC records that are not HTML",
    "warc_empty": "empty WARC records",
    "warc_truncated": "truncated WARC records",
    "bad_source": "sources that are neither URL, file nor folder",
    "empty_folder": "empty folders",
    "unreadable": "unreadable files",
    "extractor_error": "documents the extractor failed on (logged with their id)",
}
_VERDICT_WORDS = {
    "conflict": ("conflict", "conflicts"),
    "inconsistent": ("inconsistency", "inconsistencies"),
    "agree": ("agreement", "agreements"),
    "compatible": ("compatible", "compatible"),
    "different_scope": ("link of a different scope", "links of a different scope"),
    "single_source": ("single-source group", "single-source groups"),
}


# The CLI flag of each ingest setting the command line can give.
_FLAGS = {
    "delay": "--delay",
    "allow_hosts": "--allow-host",
    "crawl": "--crawl",
    "max_pages": "--max-pages",
    "archive_dir": "--archive-dir",
}


def skip_words(reason: str) -> str:
    """'http_404' → 'HTTP 404 (Not Found)'; 'robots' → 'refused by robots.txt'; unknown → the reason."""
    for prefix, what in (("warc_http_", "WARC records with HTTP "), ("http_", "HTTP ")):
        if reason.startswith(prefix) and reason[len(prefix) :].isdigit():
            code = int(reason[len(prefix) :])
            try:
                return f"{what}{code} ({HTTPStatus(code).phrase})"
            except ValueError:
                return f"{what}{code}"
    return SKIP_WORDS.get(reason, reason.replace("_", " "))


def _skips(skipped: Mapping[str, int], noun: str = "skipped") -> str | None:
    if not skipped or not sum(skipped.values()):
        return None
    parts = [f"{n} {skip_words(r)}" for r, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])) if n]
    return f"{noun} {sum(skipped.values())}: " + ", ".join(parts)


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def settings_origins(
    config: str | Path | None,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Where ingest settings came from, when a sources.toml applied ('delay from sources.toml,
    concurrency from EVCLAIMS_CONCURRENCY, max_pages from --max-pages'); None when no file applied."""
    from pipeline.config import env_settings, load_sources

    if config is None or not Path(config).is_file():
        return None
    origin: dict[str, str] = {k: str(config) for k in load_sources(config).settings}
    origin.update({k: f"EVCLAIMS_{k.upper()}" for k in env_settings(environ)})
    origin.update({k: _FLAGS.get(k, f"--{k}") for k, v in (flags or {}).items() if v is not None})
    if not origin:
        return f"settings: defaults ({config} sets none)"
    return "settings: " + ", ".join(f"{k} from {src}" for k, src in sorted(origin.items()))


def ingest(result, db: str | Path | None = None, settings: str | None = None, stage: str = "ingest") -> str:
    """`evclaims ingest` (and reprocess): stored, fetched, duplicates, skips in words, errors, where."""
    lines = [
        f"{stage}: {_n(result.articles_new, 'new article')} stored, {result.articles_updated:,} updated, "
        f"{result.unchanged:,} unchanged ({_n(result.fetched, 'response')} fetched, "
        f"{result.not_modified:,} not modified since the last run)"
    ]
    dups = []
    if result.near_duplicates:
        n = result.near_duplicates
        dups.append(
            f"{_n(n, 'syndicated copy', 'syndicated copies')} kept in {'its' if n == 1 else 'their'} "
            "original's near-duplicate cluster (one source)"
        )
    if result.duplicates:
        dups.append(f"{_n(result.duplicates, 'duplicate')} of stored text not stored again")
    if dups:
        lines.append("  " + "; ".join(dups))
    if skips := _skips(result.skipped):
        lines.append("  " + skips)
    if result.errors:
        lines.append(f"  {_n(len(result.errors), 'error')}: " + "; ".join(result.errors[:3]))
        if len(result.errors) > 3:
            lines[-1] += f"; and {len(result.errors) - 3} more (--debug logs them all)"
    where = [f"written to {db}"] if db else []
    if result.archive_path:
        where.append(f"raw responses archived in {result.archive_path}")
    if where:
        lines.append("  " + "; ".join(where))
    if settings:
        lines.append("  " + settings)
    return "\n".join(lines)


def extract(
    result,
    db: str | Path | None = None,
    output: str | None = None,
    unit: str = "article",
    what: str = "claim",
) -> str:
    """`evclaims extract`: claims (or, `what="quantity"`, quantities) from how many articles (or
    documents), the extractor, skips, where."""
    found = (
        _n(result.quantities, "quantity", "quantities") if what == "quantity" else _n(result.claims, "claim")
    )
    text = f"extract: {found} from {_n(result.articles, unit)} (extractor {result.version})"
    lines = [text]
    if skips := _skips(result.skipped):
        lines.append("  " + skips)
    if db or output:
        lines.append(f"  written to {db or output}")
    return "\n".join(lines)


def reconcile(result, db: str | Path | None = None) -> str:
    """`evclaims reconcile`: groups by verdict in words, claims left out and why."""
    verdicts = [
        _n(n, *_VERDICT_WORDS.get(v, (v.replace("_", " "), v.replace("_", " "))))
        for v, n in sorted(result.by_verdict.items(), key=lambda kv: -kv[1])
        if n
    ]
    lines = [
        f"reconcile: {_n(result.n_claims, 'claim')} in {_n(result.n_groups, 'group')}"
        + (f": {', '.join(verdicts)}" if verdicts else "")
    ]
    if skips := _skips(result.skipped, "not compared"):
        lines.append("  " + skips)
    if db:
        lines.append(f"  written to {db}")
    return "\n".join(lines)


def run(result, db: str | Path | None = None, settings: str | None = None) -> str:
    """`evclaims run`: each stage's summary from the run's stats, then the reports and the snapshot."""
    stats = result.stats
    lines = []
    if "ingest" in stats:
        lines.append(ingest(_Stats(stats["ingest"]), settings=settings))
    if "extract" in stats:
        lines.append(extract(_Stats(stats["extract"])))
    if "reconcile" in stats:
        lines.append(reconcile(_Stats(stats["reconcile"])))
    written = [("database", str(db))] if db else []
    if result.reports:
        written.append(("reports", ", ".join(str(p) for p in result.reports)))
    if result.snapshot:
        from store import mirror_path, snapshot_paths

        snap = Path(result.snapshot)
        parquet = snapshot_paths(snap, snap)[1]
        written.append(("snapshot", f"{snap}, {parquet}/, {mirror_path(snap)} (for analysts and serve)"))
    if written:
        lines.append("written:")
        lines += [f"  {what:<9} {where}" for what, where in written]
    return "\n".join(lines)


def demo(result, db: str | Path, queries: tuple[str, ...] = ()) -> str:
    """`evclaims demo`: the run's summary, then how to browse and query the demo snapshot."""
    lines = [
        run(result, db),
        "",
        "Browse the demo snapshot in a web browser (entities, conflicts, claims):",
        f"  .venv/bin/evclaims serve --db {db}",
    ]
    if queries:
        lines += ["", "Or try these queries:"]
        lines += [f'  .venv/bin/evclaims query --db {db} "{q}"' for q in queries]
    return "\n".join(lines)


def machine(result) -> str:
    """The result as one JSON object (the --json summary)."""
    return json.dumps(_plain(result), default=str, sort_keys=True)


def _plain(result) -> Any:
    if hasattr(result, "as_dict"):
        return result.as_dict()
    if dataclasses.is_dataclass(result):
        return {f.name: _plain(getattr(result, f.name)) for f in dataclasses.fields(result)}
    if isinstance(result, Mapping):
        return {k: _plain(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [_plain(v) for v in result]
    return str(result) if isinstance(result, Path) else result


class _Stats:
    """A stage's stats dict (as a run records it) read like the stage's result object."""

    def __init__(self, stats: Mapping[str, Any]) -> None:
        self._s = stats

    def __getattr__(self, name: str) -> Any:
        defaults = {"skipped": {}, "errors": [], "by_verdict": {}, "archive_path": None}
        return self._s.get(name, defaults.get(name, 0))
