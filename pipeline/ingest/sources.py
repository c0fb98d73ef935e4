"""Sources → jobs: a source URL to probe, or the pages of a local file, folder or WARC archive.

Local input is read here, bounded by max_bytes before anything is read whole (a 100 MB file or a
gzip that inflates past the cap is skipped, not loaded). What the run must do with each item comes
back as a `Job` (a page to extract), a `Listed` (a feed or sitemap file's links) or a `Skip` (counted
under its reason), in file order, so the run decides and counts in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from contract.errors import SourceError
from pipeline.ingest import listings
from pipeline.ingest.fetch import FetchResult
from pipeline.ingest.listings import Link
from pipeline.ingest.model import PROBE, Job, Lane
from pipeline.ingest.urls import host_name
from pipeline.ingest.warc import WarcReadReport, is_warc_path, iter_responses

LOCAL_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".txt", ".text", ".md")
LISTING_SUFFIXES = (".rss", ".atom", ".xml", ".xml.gz")


@dataclass
class Skip:
    """An input not ingested, with its reason; `error` ones are listed in the run's errors too."""

    reason: str
    message: str
    error: bool = False


@dataclass
class Listed:
    """A feed or sitemap read from a file: its links are queued like those of a fetched listing."""

    links: list[Link]
    source: str


Item = Job | Skip | Listed


def local_path(source: str) -> Path | None:
    """The file or folder a source names (a path or a file:// URL); None for a URL to fetch."""
    if source.startswith("file://"):
        return Path(unquote(urlsplit(source).path))
    if "://" in source:
        return None
    path = Path(source).expanduser()
    if path.exists():
        return path
    raise SourceError(f"no such file or folder: {source}", source=source)


def url_source(source: str, source_name: str | None, lane: Lane) -> Job | Skip:
    """A source URL to fetch and look at (an article, feed, sitemap or site root), or why it is none."""
    host = host_name(source)
    if not source.lower().startswith(("http://", "https://")) or not host:
        return Skip("bad_source", f"not a URL, file or folder: {source}", error=True)
    return Job(url=source, source=source_name or host, lane=lane, role=PROBE)


def is_ingestible(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith("."):
        return False
    return name.endswith(LOCAL_SUFFIXES) or is_warc_path(path) or name.endswith(LISTING_SUFFIXES)


def local_items(path: Path, source_name: str | None, lane: Lane) -> Iterator[Item]:
    """Every item of a file or a folder (its ingestible files, in name order; WARC records one by one)."""
    files = [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and is_ingestible(p))
        if not files:
            yield Skip("empty_folder", f"no HTML, text or WARC files in {path}", error=True)
    for file in files:
        if is_warc_path(file):
            yield from warc_items(file, source_name, lane)
        else:
            yield file_item(file, source_name, lane)


def file_item(path: Path, source_name: str | None, lane: Lane) -> Item:
    """A page file as a job, a feed or sitemap file as its links, or why the file is skipped."""
    cap = lane.settings.max_bytes
    try:
        size = path.stat().st_size
        if size > cap:  # checked before reading: a 100 MB file must not be read into memory
            return Skip("too_large", f"file {path} of {size} bytes exceeds max_bytes {cap}", error=True)
        raw = path.read_bytes()
    except OSError as exc:
        return Skip("unreadable", f"cannot read {path}: {exc.strerror or exc}", error=True)
    if path.suffix == ".gz":
        if raw[:2] != b"\x1f\x8b":
            return Skip("unreadable", f"bad gzip file {path}: not gzip data", error=True)
        raw, complete = listings.gunzip_bounded(raw, cap)
        if not complete:
            return Skip("too_large", f"file {path} inflates beyond max_bytes {cap}", error=True)
    if not raw.strip():
        return Skip("no_text", f"empty file {path}")
    kind = listings.sniff_kind(path.name, "", raw)
    if kind == listings.FEED:
        return Listed(listings.parse_feed(raw, path.as_uri()), source_name or path.stem)
    if kind == listings.SITEMAP:
        return Listed(listings.parse_sitemap(raw, path.as_uri()).links, source_name or path.stem)
    return Job(url=path.resolve().as_uri(), source=source_name or "file", lane=lane, path=path, body=raw)


def warc_items(path: Path, source_name: str | None, lane: Lane) -> Iterator[Job | Skip]:
    """The HTML responses of a WARC/ARC file as jobs (no fetching); other records, and where the file
    broke, as skips."""
    report = WarcReadReport(path)
    cap = lane.settings.max_bytes
    for record in iter_responses(path, report):
        if record.status is not None and record.status != 200:
            yield Skip(f"warc_http_{record.status}", f"WARC record {record.url} has HTTP {record.status}")
            continue
        if len(record.body) > cap:
            yield Skip("too_large", f"WARC record {record.url} body exceeds max_bytes {cap}")
            continue
        kind = listings.sniff_kind(record.url, record.content_type, record.body)
        if kind != listings.HTML or not record.url.startswith(("http://", "https://")):
            yield Skip(
                "warc_not_html",
                f"WARC record {record.url or '?'} is not an HTML page ({record.content_type})",
            )
            continue
        response = FetchResult(
            url=record.url,
            final_url=record.url,
            status=record.status or 200,
            content_type=record.content_type,
            body=record.body,
            headers=record.headers,
            etag=record.headers.get("etag"),
            last_modified=record.headers.get("last-modified"),
            elapsed_ms=0,
            fetched_at=record.date or datetime.now(UTC),
        )
        source = source_name or host_name(record.url) or "warc"
        yield Job(url=record.url, source=source, lane=lane, response=response)
    for message in report.errors:
        yield Skip("warc_truncated", message, error=True)
    if report.responses == 0 and not report.errors:
        yield Skip("warc_empty", f"no HTTP response records in {path}")
