"""Bytes → Article: trafilatura's main text, the page's metadata, a sourced publication date, hashes.

One page at a time, a pure function of the bytes (and what its listing said): `extract_article` for
HTML, `text_article` for plain text. The result is a dict with the columns of the `articles` table
(`cluster_id` is set later, by dedup). A page that is binary, unparseable, too complex or without
article text raises ExtractionError with a `reason` the run counts.
"""

from __future__ import annotations

import itertools
import logging
import threading
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.settings import set_date_params
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

from contract.errors import ExtractionError
from contract.text import guess_language, looks_binary
from pipeline.ingest.dates import parse_day
from pipeline.ingest.dedup import content_hash, simhash
from pipeline.ingest.meta import choose_title, read_page_meta
from pipeline.ingest.pubdate import byline_day, choose_date, settle_date, url_date
from pipeline.ingest.urls import article_id, canonical_url

log = logging.getLogger("evclaims.ingest.page")

ARTICLE_COLUMNS = (
    "article_id", "url", "canonical_url", "final_url", "source", "title", "author", "published",
    "sitename", "language", "text", "content_hash", "simhash", "cluster_id", "fetched_at",
    "http_status", "etag", "last_modified", "date_source",
)  # fmt: skip
MAX_ELEMENTS = 100_000
"""Pages with more HTML elements are skipped: trafilatura has no time limit in Python and takes ~50 s
on a 600,000-element table (measured); NAEB's largest real news page has 5,145 elements."""


_PARSERS = threading.local()


def _html_parser() -> lxml_html.HTMLParser:
    """This thread's lxml parser, with trafilatura's settings.

    lxml parser objects must not be shared between threads: trafilatura's module-level parser,
    used from the ingest thread pool, aborted the interpreter ("Fatal Python error: Aborted" in
    document_fromstring) when two pages were parsed at once.
    """
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = lxml_html.HTMLParser(
            collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
        )
    return parser


def load_html(body: bytes | str) -> lxml_html.HtmlElement | None:
    """`trafilatura.load_html` with a parser per thread (same decoding, repair and sanity checks)."""
    text = decode_file(body)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree = None
    try:
        tree = lxml_html.fromstring(text, parser=_html_parser())
    except ValueError:  # a str with an encoding declaration: hand lxml bytes instead
        tree = None
    except Exception as e:  # lxml's own parse failures
        log.info("lxml could not parse the page: %s", e)
    if tree is None or len(tree) < 1:
        try:
            tree = lxml_html.fromstring(text.encode("utf-8", "surrogatepass"), parser=_html_parser())
        except Exception as e:
            log.info("lxml could not parse the page as bytes either: %s", e)
            return None
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def extract_article(
    body: bytes,
    url: str,
    *,
    final_url: str | None = None,
    source: str | None = None,
    hint_date: date | None = None,
    hint_date_source: str | None = None,
    hint_title: str | None = None,
    fetched_at: datetime | None = None,
    http_status: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    min_text_chars: int = 200,
) -> dict:
    """An Article dict (columns of the `articles` table, cluster_id unset) from fetched HTML bytes.

    Raises ExtractionError (with `reason`) when the page is unparseable or has no article text.
    """
    final_url = final_url or url
    if looks_binary(body):
        raise ExtractionError(f"binary content, not HTML, at {url}", url=url, reason="binary")
    tree = load_html(body)
    if tree is None:
        raise ExtractionError(f"unparseable HTML at {url}", url=url, reason="unparseable")
    size = sum(1 for _ in itertools.islice(tree.iter(), MAX_ELEMENTS + 1))
    if size > MAX_ELEMENTS:
        raise ExtractionError(
            f"page too complex (over {MAX_ELEMENTS} elements) at {url}", url=url, reason="too_complex"
        )
    meta = read_page_meta(tree)
    # htmldate's extensive search (dateparser over free text) can take seconds on one page and is the
    # least reliable source; run it only when no structured date was found (second parse, rare).
    byline = byline_day(tree, meta)
    structured = bool(
        parse_day(meta.jsonld_date) or parse_day(meta.meta_date) or url_date(final_url) or hint_date or byline
    )
    doc = trafilatura.bare_extraction(
        tree,
        url=final_url,
        with_metadata=True,
        favor_precision=True,  # best text F1 on NAEB (0.924 vs 0.910 default)
        include_comments=False,  # readers' comments are not the article: their numbers are no claims
        date_extraction_params=set_date_params(extensive=False),
    )
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError(f"no article text found at {url}", url=url, reason="no_text")
    text = doc.text.strip()
    if len(text) < min_text_chars:
        raise ExtractionError(f"text too short ({len(text)} chars) at {url}", url=url, reason="too_short")
    host = urlsplit(final_url).hostname or ""
    published, date_source = settle_date(
        [
            (hint_date_source or "feed", hint_date if hint_date_source in ("feed", "news_sitemap") else None),
            ("jsonld", meta.jsonld_date),
            ("meta", meta.meta_date),
            ("url", url_date(final_url)),
            ("htmldate", doc.date if (doc.date or structured) else _extensive_date(body, final_url)),
            (hint_date_source or "listing", hint_date),
        ],
        page=choose_date([("jsonld", meta.jsonld_date), ("meta", meta.meta_date)]),
        modified=parse_day(meta.jsonld_modified) or parse_day(meta.meta_modified),
        byline=byline,
    )
    title = choose_title(meta, doc.title, host, doc.sitename, hint_title)
    canonical = _page_canonical(meta.canonical, final_url)
    author = doc.author or meta.jsonld_author
    return _article_row(
        url=url,
        canonical=canonical,
        final_url=final_url,
        source=source or host,
        title=title,
        author=author,
        published=published,
        sitename=meta.site_name or doc.sitename,
        language=guess_language(text, meta.lang),
        text=text,
        fetched_at=fetched_at,
        http_status=http_status,
        etag=etag,
        last_modified=last_modified,
        date_source=date_source,
    )


def _extensive_date(body: bytes, url: str) -> str | None:
    """htmldate's slow free-text date search, for pages without any structured or markup date."""
    tree = load_html(body)
    if tree is None:
        return None
    return find_date(tree, url=url, **set_date_params(extensive=True))


def _page_canonical(declared: str | None, final_url: str) -> str:
    """The page's rel=canonical when it stays on the same site (a cross-site one would merge a
    syndicated copy into its original); else the final URL."""
    if declared:
        try:
            target = urljoin(final_url, declared)
            urlsplit(target).port  # noqa: B018 - raises ValueError for a bad port
        except ValueError:
            return canonical_url(final_url)
        a = (urlsplit(target).hostname or "").removeprefix("www.")
        b = (urlsplit(final_url).hostname or "").removeprefix("www.")
        if a and a == b:
            return canonical_url(target)
    return canonical_url(final_url)


def _article_row(
    *, url: str, canonical: str, text: str, fetched_at: datetime | None = None, **fields: object
) -> dict:
    """The `articles` row: ids and hashes from URL and text, the given fields, None for the rest."""
    row = {
        "article_id": article_id(canonical),
        "url": url,
        "canonical_url": canonical,
        "text": text,
        "content_hash": content_hash(text),
        "simhash": simhash(text),
        "cluster_id": None,
        "fetched_at": fetched_at or datetime.now(UTC),
        **fields,
    }
    return {key: row.get(key) for key in ARTICLE_COLUMNS}


def _text_title(text: str) -> str | None:
    """A headline in plain text: a short line repeated near the top (saved pages repeat the title in a
    breadcrumb), else a first line that is not a sentence; None rather than a guess."""
    lines = [" ".join(line.split()) for line in text.splitlines()[:60]]
    lines = [line for line in lines if line]

    def headline_like(line: str) -> bool:
        return 4 <= len(line.split()) <= 30 and not line.endswith((".", ":", "?", "!")) and line[0].isupper()

    for i, line in enumerate(lines[:40]):
        if headline_like(line) and any(line in other for j, other in enumerate(lines) if j != i):
            return line
    return lines[0] if lines and headline_like(lines[0]) else None


def text_page(
    body: bytes, url: str, *, source: str | None, min_text_chars: int, where: str | None = None
) -> dict:
    """An Article from plain-text bytes (UTF-8, bad bytes replaced); bytes that are no text are refused."""
    if looks_binary(body):
        raise ExtractionError(f"binary content, not text, {where or f'at {url}'}", reason="binary")
    text = body.decode("utf-8", errors="replace")
    return text_article(text, url, source=source, min_text_chars=min_text_chars)


def text_article(
    text: str, url: str, *, source: str | None = None, published: date | None = None, min_text_chars: int = 1
) -> dict:
    """An Article from plain text (a .txt file): title is the first headline-like line."""
    text = text.replace("\r\n", "\n").strip()
    if len(text) < max(1, min_text_chars):
        raise ExtractionError(f"text too short ({len(text)} chars) in {url}", url=url, reason="too_short")
    return _article_row(url=url, canonical=url, text=text, final_url=url, source=source or "file",
                        title=_text_title(text), published=published, language=guess_language(text))  # fmt: skip
