"""What a page says about itself: JSON-LD, meta tags, `<html lang>`, its `<h1>`s, and the headline.

Structured metadata is read straight from the parsed HTML head (trafilatura's own metadata misses
JSON-LD graphs and meta dates). Titles come from the visible `<h1>` first, checked against the
metadata titles, and lose a site name or a section kicker. All rules are general: no per-site cases.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import html as lxml_html

from pipeline.ingest.dates import parse_day

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
MEDIA_TAG = re.compile(
    r"\s*[\[(](?:watch|video|videos|photos?|pics|gallery|podcast|listen|audio)[\])]$", re.I
)
GENRE_TAG = re.compile(
    r"\s+\|\s+(?:editorial|opinion|analysis|commentary|column|op-ed|letters?|explainer)$", re.I
)
"""A trailing genre label ("Let kids be kids | Editorial"): the newspaper's filing, not the headline."""
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/|:)\s+")


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


def word_set(text: str | None) -> set[str]:
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
            words = word_set(h1)
            if max(len(words & word_set(o)) / len(words) for o in others) < 0.2:
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
