"""Feeds, sitemaps and crawl pages → candidate article URLs with the dates they announce.

Pure functions over bytes already fetched: the fetcher does the I/O. trafilatura's own feed and
sitemap readers return URLs only, so we parse items ourselves to keep `pubDate`,
`news:publication_date` and `lastmod` (a second, often better, date source).
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import courlan
import feedparser
from lxml import etree

from pipeline.ingest.dates import parse_day

log = logging.getLogger("evclaims.ingest.listings")

FEED = "feed"
SITEMAP = "sitemap"
HTML = "html"
TEXT = "text"
UNKNOWN = "unknown"
SITE_ROOT = "site_root"
"""A home page given as a source: not an article; the feed or sitemap it leads to is the listing."""
MAX_UNZIPPED = 50_000_000
"""Most bytes a gzip listing may inflate to (the sitemap protocol's own limit is 50 MB uncompressed)."""
SNIFF_BYTES = 4096
"""Inflated bytes enough to tell a feed, sitemap or page apart."""


@dataclass
class Link:
    """A candidate article URL and what its listing said about it."""

    url: str
    published: date | None = None
    date_source: str | None = None
    title: str | None = None


@dataclass
class Sitemap:
    """A parsed sitemap: article links and nested sitemaps (for an index)."""

    links: list[Link] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def absolute(base: str, href: str) -> str:
    """`href` resolved against `base`, without fragment; a malformed one is kept as written so the
    fetcher reports it (counted as `bad_url`) instead of discovery crashing on it."""
    href = href.strip()
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:
        return href


def maybe_gunzip(body: bytes, limit: int = MAX_UNZIPPED) -> bytes:
    """Gunzip bodies that are still gzip (sitemap.xml.gz served as a file); others unchanged.

    At most `limit` bytes come out: a few KB of gzip can inflate to gigabytes (a gzip bomb), so
    what lies beyond the limit is dropped and logged. A truncated gzip yields what was before the break.
    """
    if body[:2] != b"\x1f\x8b":
        return body
    out, complete = gunzip_bounded(body, limit)
    if not complete:
        log.warning("gzip body inflates beyond %d bytes: kept the first %d", limit, len(out))
    return out


def gunzip_bounded(body: bytes, limit: int) -> tuple[bytes, bool]:
    """(at most `limit` inflated bytes, whether that was all of it); a corrupt tail ends the output."""
    pieces, size, rest = [], 0, body
    while rest[:2] == b"\x1f\x8b" and size <= limit:  # one gzip member after another
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            piece = inflater.decompress(rest, limit + 1 - size)
        except zlib.error as exc:
            log.info("corrupt gzip data after %d inflated bytes: %s", size, exc)
            break
        pieces.append(piece)
        size += len(piece)
        rest = inflater.unused_data if inflater.eof else b""
    out = b"".join(pieces)
    return out[:limit], size <= limit


def sniff_kind(url: str, content_type: str, body: bytes) -> str:
    """Feed, sitemap, HTML, text or unknown, from content type, body start and URL."""
    body = maybe_gunzip(body, SNIFF_BYTES)
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return SITEMAP
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return FEED
    if head.startswith(b"{") and b"jsonfeed.org" in head:
        return FEED
    if (
        content_type in ("text/html", "application/xhtml+xml")
        or b"<html" in head
        or b"<!doctype html" in head
    ):
        return HTML
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        path = ""
    if content_type == "text/plain" or path.endswith(".txt"):
        if path.endswith(".txt") and "sitemap" in path:
            return SITEMAP
        return TEXT
    return UNKNOWN


def _to_date(value: object) -> date | None:
    """A calendar date from a date string (the day as written, local to the publisher) or a time struct."""
    if isinstance(value, tuple | list) or hasattr(value, "tm_year"):
        try:
            return date(value[0], value[1], value[2])
        except (TypeError, ValueError, IndexError):
            return None
    return parse_day(value)


def _local_feed_date(raw: str | None, parsed: object) -> date | None:
    """Feed dates keep the publisher's local day: take an ISO date part, else RFC 822's day."""
    if raw:
        day = parse_day(raw)
        if day:
            return day
    return _to_date(parsed)


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """Items of an RSS, Atom, RDF or JSON Feed: URL, announced date and title."""
    body = maybe_gunzip(body)
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return _parse_json_feed(stripped, base_url)
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if not href:
            for alt in entry.get("links", []):
                if alt.get("rel", "alternate") == "alternate" and alt.get("href"):
                    href = alt["href"]
                    break
        if not href:
            continue
        url = absolute(base_url, href)
        published = _local_feed_date(entry.get("published"), entry.get("published_parsed"))
        if published is None:
            published = _local_feed_date(entry.get("updated"), entry.get("updated_parsed"))
        title = entry.get("title")
        links.append(
            Link(url, published, "feed" if published else None, unescape(title).strip() if title else None)
        )
    if not links and parsed.bozo:
        log.info("feed %s unreadable: %s", base_url, parsed.get("bozo_exception"))
    return links


def _parse_json_feed(body: bytes, base_url: str) -> list[Link]:
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return []
    links = []
    for item in data.get("items", []) if isinstance(data, dict) else []:
        if not isinstance(item, dict):
            continue
        href = item.get("url") or item.get("external_url") or item.get("id")
        if not isinstance(href, str) or not href.startswith(("http", "/")):
            continue
        published = _to_date(item.get("date_published") or item.get("date_modified"))
        title = item.get("title") if isinstance(item.get("title"), str) else None
        links.append(Link(absolute(base_url, href), published, "feed" if published else None, title))
    return links


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """An XML urlset/sitemapindex (Google News fields and lastmod kept) or a plain-text sitemap."""
    body = maybe_gunzip(body)
    result = Sitemap()
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        for line in stripped.decode("utf-8", errors="replace").splitlines():
            line = line.strip()
            if line.startswith(("http://", "https://")):
                result.links.append(Link(line))
        return result
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(stripped, parser=parser)
    except etree.XMLSyntaxError:
        return result
    if root is None:
        return result
    index = etree.QName(root).localname == "sitemapindex"
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = news_date = lastmod = title = None
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            text = (child.text or "").strip()
            if name == "loc" and loc is None:
                loc = text
            elif name == "publication_date":
                news_date = text
            elif name == "lastmod":
                lastmod = text
            elif name == "title" and title is None:
                title = text or None
        if not loc:
            continue
        url = absolute(base_url, loc)
        if index:
            result.sitemaps.append(url)
        elif _to_date(news_date):
            result.links.append(Link(url, _to_date(news_date), "news_sitemap", title))
        else:
            # lastmod is the last change, not publication: kept only as a weak hint.
            lm = _to_date(lastmod)
            result.links.append(Link(url, lm, "sitemap_lastmod" if lm else None, title))
    return result


_HREF = re.compile(rb"""<a\s[^>]*?href\s*=\s*["']([^"'#][^"']*)["']""", re.I)
_SKIP_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|zip|gz|mp3|mp4|mov|avi|css|js|json|xml|rss|woff2?|ttf|exe|dmg)$",
    re.I,
)
_UTILITY = re.compile(r"/(?:search|login|signup|register|account|cart|feed|wp-admin|wp-json)(?:/|$)", re.I)


def page_links(body: bytes, page_url: str) -> list[str]:
    """Same-host http(s) links of an HTML page, without fragments, files or obvious utility pages."""
    host = urlsplit(page_url).netloc.lower()
    seen: dict[str, None] = {}
    for match in _HREF.finditer(body):
        href = unescape(match.group(1).decode("utf-8", errors="replace")).strip()
        if href.startswith(("mailto:", "javascript:", "tel:")):
            continue
        url = absolute(page_url, href)
        try:
            parts = urlsplit(url)
        except ValueError:
            continue  # a malformed href on a crawled page is not a candidate
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host:
            continue
        if _SKIP_EXT.search(parts.path) or _UTILITY.search(parts.path) or courlan.is_not_crawlable(url):
            continue
        seen.setdefault(url, None)
    return list(seen)


def looks_like_article_url(url: str) -> bool:
    """Heuristic crawl priority: deeper paths with a slug or a date look like articles."""
    path = urlsplit(url).path.strip("/")
    if not path:
        return False
    last = path.rsplit("/", 1)[-1]
    return bool(re.search(r"/20\d\d/", "/" + path + "/")) or last.count("-") >= 2 or len(last) > 24


def crawl_priority(url: str) -> int:
    """0 for article-looking URLs, 1 for listing pages (tags, sections, pagination: more links), 2 else."""
    if looks_like_article_url(url):
        return 0
    return 1 if courlan.is_navigation_page(url) else 2


_FEED_LINK = re.compile(rb"<link\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
FEED_MIME = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


def feed_links(body: bytes, page_url: str) -> list[str]:
    """Feeds a page advertises with `<link rel="alternate" type="application/rss+xml" href=...>`,
    comment feeds last (they list comments, not articles)."""
    found: list[str] = []
    for tag in _FEED_LINK.findall(body[:300_000]):
        attrs = {
            m.group(1).lower().decode(): (m.group(2) or m.group(3) or m.group(4) or b"").decode(
                "utf-8", "replace"
            )
            for m in _ATTR.finditer(tag)
        }
        if "alternate" in attrs.get("rel", "").lower().split() and attrs.get("type", "").lower() in FEED_MIME:
            href = attrs.get("href", "").strip()
            if href:
                found.append(absolute(page_url, unescape(href)))
    return sorted(dict.fromkeys(found), key=lambda u: "comment" in u.lower())
