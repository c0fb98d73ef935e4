"""The demo news site: two small publications rendered from `articles.json`, served on 127.0.0.1.

Pages carry the metadata real news sites carry (title, og tags, JSON-LD NewsArticle,
article:published_time, canonical link), plus an RSS feed, a sitemap index with one
sitemap per publication, and robots.txt. Responses have ETag and Last-Modified and answer
conditional requests with 304, so a second crawl fetches nothing new.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

DEFAULT_PORT = 8765


@dataclass(frozen=True)
class DemoArticle:
    pub: str
    slug: str
    published: date
    author: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.pub}/{self.published:%Y/%m/%d}/{self.slug}.html"


def load_articles(path: Path | None = None) -> tuple[dict, list[DemoArticle]]:
    raw = json.loads(
        (path or Path(str(resources.files("pipeline.demo") / "articles.json"))).read_text("utf-8")
    )
    articles = [
        DemoArticle(
            pub=a["pub"],
            slug=a["slug"],
            published=date.fromisoformat(a["published"]),
            author=a["author"],
            title=a["title"],
            paragraphs=tuple(a["paragraphs"]),
        )
        for a in raw["articles"]
    ]
    return raw["publications"], articles


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _stamp(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 8, 0, tzinfo=UTC)


def render_article(base: str, pubs: dict, a: DemoArticle) -> str:
    site = pubs[a.pub]["name"]
    url = base + a.path
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": _stamp(a.published).isoformat(),
        "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": url,
    }
    body = "\n".join(f"    <p>{_e(p)}</p>" for p in a.paragraphs)
    ld_json = json.dumps(ld).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{_e(a.title)} | {_e(site)}</title>
  <meta name="author" content="{_e(a.author)}">
  <meta property="og:title" content="{_e(a.title)}">
  <meta property="og:site_name" content="{_e(site)}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{_stamp(a.published).isoformat()}">
  <link rel="canonical" href="{_e(url)}">
  <link rel="alternate" type="application/rss+xml" href="{_e(base)}/feed.xml">
  <script type="application/ld+json">{ld_json}</script>
</head>
<body>
  <header><a href="/">{_e(site)}</a> · <a href="/{a.pub}/">{_e(pubs[a.pub]["tagline"])}</a></header>
  <main>
  <article>
    <h1>{_e(a.title)}</h1>
    <p class="byline">By {_e(a.author)} · <time datetime="{a.published.isoformat()}">{a.published:%d %B %Y}</time></p>
{body}
  </article>
  </main>
  <footer>Demo content written for evclaims. Not real reporting.</footer>
</body>
</html>
"""


def render_index(base: str, pubs: dict, articles: list[DemoArticle]) -> str:
    items = "\n".join(
        f'  <li><a href="{_e(a.path)}">{_e(a.title)}</a> ({pubs[a.pub]["name"]})</li>'
        for a in sorted(articles, key=lambda a: a.published, reverse=True)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>evclaims demo news</title>
<link rel="alternate" type="application/rss+xml" href="{_e(base)}/feed.xml"></head>
<body><h1>evclaims demo news</h1><ul>
{items}
</ul></body></html>
"""


def render_feed(base: str, pubs: dict, articles: list[DemoArticle]) -> str:
    items = "\n".join(
        f"""  <item>
    <title>{_e(a.title)}</title>
    <link>{_e(base + a.path)}</link>
    <guid>{_e(base + a.path)}</guid>
    <pubDate>{format_datetime(_stamp(a.published))}</pubDate>
    <author>{_e(a.author)}</author>
    <description>{_e(a.paragraphs[0])}</description>
  </item>"""
        for a in sorted(articles, key=lambda a: a.published, reverse=True)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>evclaims demo news</title>
  <link>{_e(base)}/</link>
  <description>Demo EV news for evclaims</description>
{items}
</channel>
</rss>
"""


def render_sitemap_index(base: str, pubs: dict) -> str:
    maps = "\n".join(f"  <sitemap><loc>{_e(base)}/sitemap-{p}.xml</loc></sitemap>" for p in sorted(pubs))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{maps}
</sitemapindex>
"""


def render_sitemap(base: str, pubs: dict, articles: list[DemoArticle], pub: str) -> str:
    urls = "\n".join(
        f"""  <url><loc>{_e(base + a.path)}</loc><lastmod>{a.published.isoformat()}</lastmod>
    <news:news><news:publication><news:name>{_e(pubs[a.pub]["name"])}</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>{a.published.isoformat()}</news:publication_date><news:title>{_e(a.title)}</news:title></news:news></url>"""
        for a in articles
        if a.pub == pub
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


def build_routes(
    base: str, pubs: dict, articles: list[DemoArticle]
) -> dict[str, tuple[str, str, date | None]]:
    """Path → (content type, body, last modified day)."""
    newest = max(a.published for a in articles)
    routes: dict[str, tuple[str, str, date | None]] = {
        "/": ("text/html; charset=utf-8", render_index(base, pubs, articles), newest),
        "/feed.xml": ("application/rss+xml; charset=utf-8", render_feed(base, pubs, articles), newest),
        "/sitemap.xml": ("application/xml; charset=utf-8", render_sitemap_index(base, pubs), newest),
        "/robots.txt": (
            "text/plain; charset=utf-8",
            f"User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n",
            None,
        ),
    }
    for p in pubs:
        routes[f"/sitemap-{p}.xml"] = (
            "application/xml; charset=utf-8",
            render_sitemap(base, pubs, articles, p),
            newest,
        )
    for a in articles:
        routes[a.path] = ("text/html; charset=utf-8", render_article(base, pubs, a), a.published)
    return routes


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, str, date | None]] = {}
    server_version = "evclaims-demo/1"

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?", 1)[0]
        route = self.routes.get(path)
        if route is None:
            self._send(404, "text/plain; charset=utf-8", b"not found\n", {})
            return
        ctype, body, day = route
        data = body.encode("utf-8")
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {"ETag": etag}
        if day is not None:
            headers["Last-Modified"] = format_datetime(_stamp(day), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self._send(304, None, b"", headers)
            return
        self._send(200, ctype, data, headers)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _send(self, status: int, ctype: str | None, data: bytes, headers: dict) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # quiet: the crawler logs what matters
        pass


class DemoSite:
    """The demo site on 127.0.0.1 in a background thread: `with DemoSite() as site: site.url('/feed.xml')`."""

    def __init__(self, port: int = DEFAULT_PORT, articles_path: Path | None = None) -> None:
        self.pubs, self.articles = load_articles(articles_path)
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        except OSError:  # port busy: any free port (URLs then differ from earlier runs)
            self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        handler = type(
            "DemoHandler", (_Handler,), {"routes": build_routes(self.base, self.pubs, self.articles)}
        )
        self.server.RequestHandlerClass = handler
        self.thread = threading.Thread(target=self.server.serve_forever, name="demo-site", daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def sources(self) -> list[str]:
        """What the demo crawls: the RSS feed and the sitemap index."""
        return [self.url("/feed.xml"), self.url("/sitemap.xml")]

    def __enter__(self) -> DemoSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def main() -> None:
    """`python -m pipeline.demo.site [PORT]`: serve the demo site until interrupted."""
    import sys
    import time

    with DemoSite(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PORT) as site:
        print(f"demo site on {site.base} (feed {site.url('/feed.xml')}, sitemap {site.url('/sitemap.xml')})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
