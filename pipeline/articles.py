"""Bytes → Article: trafilatura text and metadata, a sourced publication date, hashes, SimHash.

The publication date anchors every relative period in a claim, so it is chosen from several
sources by a fixed priority and the winning source is kept in `date_source`. Titles come from
structured metadata first and lose a trailing " - Site Name". All rules are general: no
per-site cases.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.settings import set_date_params
from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

from contract.errors import ExtractionError
from pipeline.dates import MONTHS, days_in_text, parse_day

log = logging.getLogger("evclaims.articles")

ARTICLE_COLUMNS = (
    "article_id", "url", "canonical_url", "final_url", "source", "title", "author", "published",
    "sitename", "language", "text", "content_hash", "simhash", "cluster_id", "fetched_at",
    "http_status", "etag", "last_modified", "date_source",
)  # fmt: skip

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|cmpid|ocid|"
    r"sr_share|smid|ref|ref_src|referrer|src|source|share|spm|guccounter|guce_\w+|cid|__twitter_impression)$",
    re.I,
)
ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "report", "liveblogposting", "techarticle", "scholarlyarticle",
    "webpage", "posting", "socialmediaposting",
}  # fmt: skip
META_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time", "published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date.published",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created", "dc.date", "dcterms.date",
    "article.published", "article_date_original", "cxenseparse:recs:publishtime", "date",
)  # fmt: skip
META_MODIFIED_KEYS = frozenset(
    {
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "last-modified",
        "lastmod",
    }
)
MAX_ELEMENTS = 100_000
"""Pages with more HTML elements are skipped: trafilatura has no time limit in Python and takes ~50 s
on a 600,000-element table (measured); NAEB's largest real news page has 5,145 elements."""
REWRITE_DAYS = 180
"""A page modified this long after publication was rewritten (an evergreen guide): its content dates
from the modification, so that date anchors its relative periods."""
BYLINE_CHARS = 400
"""How much visible text after the headline is read as the byline ("By Jo Smith · Dec. 21, 2023");
a standfirst of two or three sentences often stands between them."""
BYLINE_DAYS = 7
"""A printed byline day at most this far from the structured date replaces it. JSON-LD often stamps
UTC or the first draft, while readers see (and cite) the publisher's local day. Measured on NAEB's
419 dated pages with the rules of `settle_date`: 356 → 382 exact days."""
ABOVE_CHARS = 100
"""How much visible text right above the headline is read when nothing below it has a date."""
NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
CAPTIONS = frozenset({"figure", "figcaption"})
URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$|\.)")
URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|-|_)")
URL_DATE_NAMED = re.compile(
    r"/((?:19|20)\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?:/|-|$|\.)",
    re.I,
)
MEDIA_TAG = re.compile(
    r"\s*[\[(](?:watch|video|videos|photos?|pics|gallery|podcast|listen|audio)[\])]$", re.I
)
GENRE_TAG = re.compile(
    r"\s+\|\s+(?:editorial|opinion|analysis|commentary|column|op-ed|letters?|explainer)$", re.I
)
"""A trailing genre label ("Let kids be kids | Editorial"): the newspaper's filing, not the headline."""
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|:)\s+")
EN_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "it",
        "at",
        "from",
        "be",
        "are",
        "has",
        "have",
        "said",
    ]
)
DE_STOPWORDS = frozenset(
    [
        "der",
        "die",
        "und",
        "das",
        "ist",
        "nicht",
        "mit",
        "den",
        "von",
        "ein",
        "eine",
        "auf",
        "für",
        "sich",
        "des",
        "dem",
        "im",
    ]
)
FR_STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "et",
        "des",
        "est",
        "pour",
        "une",
        "dans",
        "que",
        "qui",
        "sur",
        "pas",
        "du",
        "au",
        "avec",
    ]
)
ES_STOPWORDS = frozenset(
    ["el", "la", "los", "las", "y", "de", "que", "en", "es", "por", "un", "una", "con", "para", "del", "se"]
)


@dataclass
class PageMeta:
    """Structured metadata read straight from the HTML head (JSON-LD, meta tags, html lang)."""

    jsonld_title: str | None = None
    jsonld_date: str | None = None
    jsonld_author: str | None = None
    og_title: str | None = None
    meta_date: str | None = None
    meta_title_tag: str | None = None
    site_name: str | None = None
    canonical: str | None = None
    lang: str | None = None
    h1s: list[str] = field(default_factory=list)
    jsonld_modified: str | None = None
    meta_modified: str | None = None


# -- URLs and hashes ---------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case host without www/default port, no tracking params,
    fragment or trailing slash, sorted query."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # "http://[bad", "http://host:99999/": kept as given, the fetcher refuses them
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url.strip()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def article_id(canonical: str) -> str:
    """sha256 of the canonical URL, 16 hex: the article's key across runs."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def normalise_text(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> set[str]:
    """Word n-grams of the normalised text: the features of SimHash and of containment checks."""
    words = re.findall(r"\w+", normalise_text(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def simhash(text: str) -> str:
    """64-bit Charikar SimHash over word 3-gram shingles, as 16 hex digits.

    Shingles (not trafilatura's sampled unigrams) keep an added footer or a dropped paragraph
    within a few bits. Measured on NAEB's 421 gold texts: unrelated pairs are ≥ 16 bits apart.
    """
    features = shingles(text)
    if not features:
        return "0" * 16
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "big") for f in features),
        dtype=np.uint64,
        count=len(features),
    )
    bits = np.unpackbits(
        hashes.byteswap().view(np.uint8).reshape(-1, 8), axis=1
    )  # row i: bits of hash i, MSB first
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    return np.packbits((votes > 0).astype(np.uint8)).tobytes().hex()


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller shingle set found in the other (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


class ClusterIndex:
    """Near-duplicate lookup over stored SimHashes (vectorised Hamming distance with numpy).

    `candidates(sh, max_bits)` returns stored articles within `max_bits`, nearest first; the
    caller decides (close ones directly, farther ones after a shingle-containment check), and
    `add` records the article with its cluster id, so a syndicated copy on another site joins
    the cluster of the first article seen.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()) -> None:
        self._ids: list[str] = []
        self._values = np.zeros(1024, dtype=np.uint64)
        self._clusters: dict[str, str] = {}
        for aid, sh, cluster in rows:
            if sh:
                self.add(aid, sh, cluster or aid)

    def __len__(self) -> int:
        return len(self._ids)

    def cluster_of(self, aid: str) -> str | None:
        return self._clusters.get(aid)

    def add(self, aid: str, sh: str, cluster: str) -> None:
        if aid in self._clusters:
            self._clusters[aid] = cluster
            return
        n = len(self._ids)
        if n == len(self._values):
            self._values = np.concatenate([self._values, np.zeros(n, dtype=np.uint64)])
        self._values[n] = np.uint64(int(sh, 16))
        self._ids.append(aid)
        self._clusters[aid] = cluster

    def candidates(self, sh: str, max_bits: int, exclude: str | None = None) -> list[tuple[int, str, str]]:
        """(distance, article_id, cluster_id) of stored articles within max_bits, nearest first."""
        n = len(self._ids)
        if n == 0:
            return []
        dist = np.bitwise_count(self._values[:n] ^ np.uint64(int(sh, 16)))
        hits = np.nonzero(dist <= max_bits)[0]
        found = [(int(dist[i]), self._ids[i], self._clusters[self._ids[i]]) for i in hits]
        return sorted(f for f in found if f[1] != exclude)


# -- dates ---------------------------------------------------------------------------------------


def url_date(url: str) -> date | None:
    """A /2023/10/05/, /20231005/ or /2023/oct/05/ style date in the URL path."""
    path = urlsplit(url).path
    for pattern in (URL_DATE, URL_DATE_COMPACT, URL_DATE_NAMED):
        match = pattern.search(path)
        if match:
            month = match[2]
            try:
                return date(
                    int(match[1]), int(month) if month.isdigit() else MONTHS[month[:3].lower()], int(match[3])
                )
            except ValueError:
                continue
    return None


def choose_date(
    candidates: Iterable[tuple[str, object]], today: date | None = None
) -> tuple[date | None, str | None]:
    """First plausible candidate in priority order: not in the future, not before 1990."""
    today = today or datetime.now(UTC).date()
    for source, raw in candidates:
        day = parse_day(raw)
        if day and date(1990, 1, 1) <= day <= today:
            return day, source
    return None, None


def _headline_node(tree: lxml_html.HtmlElement, meta: PageMeta) -> lxml_html.HtmlElement | None:
    """The article's `<h1>`: the one covering most words of a metadata title (the first on ties, so
    a logo in an h1 loses to the headline), else the first with text."""
    titles = [_tokens(t) for t in (meta.jsonld_title, meta.og_title, meta.meta_title_tag) if t]
    best, best_cover = None, -1.0
    for h1 in itertools.islice(tree.iter("h1"), 10):
        words = _tokens(h1.text_content())
        if not words:
            continue
        cover = max((len(words & t) / len(t) for t in titles if t), default=0.0)
        if cover > best_cover:
            best, best_cover = h1, cover
    return best


def _visible_text(nodes: Iterable, limit: int) -> list[str]:
    """Visible text nodes in the given order until `limit` characters, skipping scripts and captions."""
    parts: list[str] = []
    size = 0
    for text in nodes:
        parent = text.getparent()
        if parent is None or not isinstance(parent.tag, str) or parent.tag in NOT_TEXT:
            continue
        if parent.tag in CAPTIONS or any(a.tag in CAPTIONS for a in parent.iterancestors()):
            continue  # "Pictured in Albany on December 20, 2023": a photo's day, not the article's
        text = " ".join(text.split())
        if text:
            parts.append(text)
            size += len(text) + 1
            if size > limit:
                break
    return parts


def byline_day(tree: lxml_html.HtmlElement, meta: PageMeta) -> date | None:
    """The day printed in the byline: the first full date in the visible text right after the
    headline (passing over one labelled "Updated" when a plain one follows), else the last one
    right above it ("Film · News · Dec 23, 2023" over the headline)."""
    headline = _headline_node(tree, meta)
    if headline is None:
        return None
    found = days_in_text(" ".join(_visible_text(headline.xpath("following::text()"), BYLINE_CHARS)))
    plain = [day for day, updated in found if not updated]
    # The first date seen is the byline's; when it is in a form we do not read ("08/25/22"), a later
    # one is more likely a date in the story than the publication day, so there is no answer.
    if found:
        return (plain or [found[0][0]])[0]
    above = _visible_text(reversed(headline.xpath("preceding::text()")), ABOVE_CHARS)
    found = days_in_text(" ".join(reversed(above)))
    return found[-1][0] if found else None


def settle_date(
    candidates: Iterable[tuple[str, object]],
    *,
    page: tuple[date | None, str | None] = (None, None),
    modified: date | None = None,
    byline: date | None = None,
    today: date | None = None,
) -> tuple[date | None, str | None]:
    """The publication day and its source, from candidates in priority order (see `choose_date`),
    corrected by what the page itself says:

    - a feed or news sitemap often stamps UTC while the page's own structured date (`page`) is the
      publisher's local day: within a day of each other, the page's wins;
    - a page modified `REWRITE_DAYS` after publication was rewritten: the modification day wins;
    - the day printed in the byline is what readers see and cite: it beats free-text guessing, a
      structured stamp within `BYLINE_DAYS`, and any stamp when it falls between the page's
      structured publication and modification days (the version the page shows).
    """
    today = today or datetime.now(UTC).date()
    published, source = choose_date(candidates, today)
    page_day, page_source = page
    if (
        source in ("feed", "news_sitemap")
        and page_day
        and published
        and abs((page_day - published).days) <= 1
    ):
        published, source = page_day, page_source
    first = published
    if (
        published
        and modified
        and source in ("jsonld", "meta", "htmldate")
        and ((modified - published).days >= REWRITE_DAYS and modified <= today)
    ):
        published, source = modified, "modified"
    if byline and date(1990, 1, 1) <= byline <= today and byline != published:
        close = published is not None and abs((byline - published).days) <= BYLINE_DAYS
        shown = bool(page_day and modified and min(page_day, first or page_day) <= byline <= modified)
        if published is None or source == "htmldate" or close or shown:
            published, source = byline, "byline"
    return published, source


# -- HTML metadata -------------------------------------------------------------------------------


def _jsonld_objects(data: object, depth: int = 0) -> Iterable[dict]:
    """The objects of a JSON-LD block: top level, lists, `@graph` and `mainEntity` (at most 6 deep)."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _jsonld_objects(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _jsonld_objects(main, depth + 1)


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _first_str(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _first_str(value[0])
    if isinstance(value, dict):
        return _first_str(value.get("name") or value.get("@value"))
    return None


def read_page_meta(tree: lxml_html.HtmlElement) -> PageMeta:
    """Title, date, author, site name, canonical link and language from JSON-LD and meta tags."""
    meta = PageMeta()
    lang = tree.get("lang") or tree.get("xml:lang")
    if lang:
        meta.lang = lang.split("-")[0].split("_")[0].lower()[:3] or None
    best_rank = 99
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):  # bad or absurdly nested JSON-LD is no metadata
            continue
        for obj in _jsonld_objects(data):
            kinds = _types(obj)
            rank = 0 if kinds & (ARTICLE_TYPES - {"webpage"}) else (1 if "webpage" in kinds else 2)
            if rank >= best_rank and meta.jsonld_date:
                continue
            published = _first_str(obj.get("datePublished")) or (
                _first_str(obj.get("dateCreated")) if rank == 0 else None
            )
            if published and (rank < best_rank or not meta.jsonld_date):
                meta.jsonld_date = published
                meta.jsonld_modified = _first_str(obj.get("dateModified"))
                headline = _first_str(obj.get("headline")) or (
                    _first_str(obj.get("name")) if rank == 0 else None
                )
                meta.jsonld_title = headline
                meta.jsonld_author = _first_str(obj.get("author"))
                best_rank = rank
            elif rank == 0 and not meta.jsonld_title:
                meta.jsonld_title = _first_str(obj.get("headline"))
            publisher = obj.get("publisher")
            if rank == 0 and isinstance(publisher, dict) and not meta.site_name:
                meta.site_name = _first_str(publisher.get("name"))
    meta_dates: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = node.get("content") or node.get("datetime")
        if not key or not content:
            continue
        content = content.strip()
        if key in ("og:title", "twitter:title") and not meta.og_title:
            meta.og_title = content
        elif key == "og:site_name" and not meta.site_name:
            meta.site_name = content
        elif key in META_DATE_KEYS and key not in meta_dates:
            meta_dates[key] = content
        elif key in META_MODIFIED_KEYS and not meta.meta_modified:
            meta.meta_modified = content
    for key in META_DATE_KEYS:
        if key in meta_dates and parse_day(meta_dates[key]):
            meta.meta_date = meta_dates[key]
            break
    if meta.meta_date is None:
        # Microdata on visible elements: <time itemprop="datePublished" datetime="...">.
        for node in tree.xpath('//*[@itemprop="datePublished"][@datetime or @content]'):
            value = node.get("datetime") or node.get("content")
            if parse_day(value):
                meta.meta_date = value
                break
    for node in tree.iterfind(".//link[@rel]"):
        if (node.get("rel") or "").lower() == "canonical" and node.get("href"):
            meta.canonical = node.get("href").strip()
            break
    title_node = tree.find(".//title")
    if title_node is not None:
        meta.meta_title_tag = " ".join((title_node.text_content() or "").split()) or None
    for h1 in tree.iterfind(".//h1"):
        text = " ".join(h1.text_content().split())
        if text:
            meta.h1s.append(text)
        if len(meta.h1s) >= 5:
            break
    return meta


def _norm_title(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def clean_title(title: str | None, site_names: Iterable[str | None] = (), host: str = "") -> str | None:
    """Drop a leading or trailing site name segment ("Headline - Site Name", "Site | Headline"), a
    trailing media tag ("[Watch]", "(video)") and a trailing genre label ("| Editorial")."""
    if not title:
        return None
    title = MEDIA_TAG.sub("", " ".join(title.split())) or title
    names = {_norm_title(n) for n in site_names if n}
    host_core = host.lower().removeprefix("www.").split(".")[0] if host else ""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title

    def is_site(segment: str) -> bool:
        seg = _norm_title(segment)
        squashed = re.sub(r"[^a-z0-9]", "", seg)
        return bool(
            seg in names
            or any(squashed and squashed == re.sub(r"[^a-z0-9]", "", n) for n in names)
            or (
                host_core
                and squashed
                and (squashed == host_core or squashed in host_core and len(squashed) > 3)
            )
            or (host_core and squashed.startswith(host_core) and len(seg.split()) <= 4)
        )

    seps = TITLE_SEPARATORS.findall(title)
    # Trailing site name(s), possibly several ("Headline | Section | Site").
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        seps.pop(0)
    rebuilt = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        rebuilt += sep + part
    return GENRE_TAG.sub("", rebuilt.strip()) or title


def _tokens(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").casefold()))


def choose_title(
    meta: PageMeta, extracted: str | None, host: str, sitename: str | None, hint: str | None
) -> str | None:
    """The visible headline: the first `<h1>` that shares words with the metadata titles (so a logo
    in an h1 is passed over), without a short section kicker ("Opinion | ..."); else JSON-LD
    headline, og:title, trafilatura's title, `<title>`, the feed's title. Site names removed.

    Measured on NAEB: the page's h1 matches the gold title far more often than og:title or the
    JSON-LD headline, which are often SEO variants of it.
    """
    names = (meta.site_name, sitename)

    def clean(candidate: str | None) -> str | None:
        cleaned = clean_title(unescape_title(candidate), names, host)
        return cleaned if cleaned and len(cleaned) >= 3 else None

    structured = [c for c in map(clean, (meta.jsonld_title, meta.og_title)) if c]
    others = [
        c for c in map(clean, (meta.jsonld_title, meta.og_title, extracted, meta.meta_title_tag, hint)) if c
    ]
    for raw in meta.h1s:
        h1 = clean(raw)
        if not h1 or not 3 <= len(h1.split()) <= 50:
            continue
        if others:
            words = _tokens(h1)
            if max(len(words & _tokens(o)) / len(words) for o in others) < 0.2:
                continue  # a logo or section name, not this article's headline
            folded = _norm_title(h1)
            if any(_norm_title(o) == folded for o in structured):
                return h1  # the metadata agrees with the whole h1: its first words are no kicker
            for other in others:
                tail = _norm_title(other)
                if folded != tail and folded.endswith(tail) and len(h1[: len(h1) - len(other)].split()) <= 3:
                    return other  # "Opinion | Headline" → "Headline"
        return h1
    return others[0] if others else None


def unescape_title(text: str | None) -> str | None:
    if not text:
        return text
    from html import unescape

    return unescape(unescape(text)).strip()


def guess_language(text: str, declared: str | None = None) -> str | None:
    """Declared `<html lang>` when present, else a stop-word vote among en/de/fr/es (None if unsure)."""
    if declared and re.fullmatch(r"[a-z]{2,3}", declared):
        return declared
    words = re.findall(r"[a-zà-ÿ]+", text[:5000].lower())
    if len(words) < 20:
        return None
    scores = {
        "en": sum(w in EN_STOPWORDS for w in words),
        "de": sum(w in DE_STOPWORDS for w in words),
        "fr": sum(w in FR_STOPWORDS for w in words),
        "es": sum(w in ES_STOPWORDS for w in words),
    }
    lang, score = max(scores.items(), key=lambda kv: kv[1])
    return lang if score >= max(3, len(words) // 20) else None


# -- the Article ---------------------------------------------------------------------------------


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(body: bytes) -> bool:
    """True for bytes that are no text in any encoding: NUL or control bytes make up over 5% of the
    first 4 KB, or more than 8 NULs (images, archives, executables served as text/html). A stray
    control byte in a real page is tolerated; UTF-16/32 with a byte-order mark is text."""
    head = body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return head.count(0) > 8 or sum(head.count(b) for b in _CONTROL_BYTES) > len(head) * 0.05


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
        from urllib.parse import urljoin

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
    *, url: str, canonical: str, text: str, fetched_at: datetime | None, **fields: object
) -> dict:
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


def text_article(
    text: str, url: str, *, source: str | None = None, published: date | None = None, min_text_chars: int = 1
) -> dict:
    """An Article from plain text (a .txt file): title is the first headline-like line."""
    text = text.replace("\r\n", "\n").strip()
    if len(text) < max(1, min_text_chars):
        raise ExtractionError(f"text too short ({len(text)} chars) in {url}", url=url, reason="too_short")
    title = _text_title(text)
    return _article_row(
        url=url,
        canonical=url,
        final_url=url,
        source=source or "file",
        title=title,
        author=None,
        published=published,
        sitename=None,
        language=guess_language(text),
        text=text,
        fetched_at=None,
        http_status=None,
        etag=None,
        last_modified=None,
        date_source=None,
    )
