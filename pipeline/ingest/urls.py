"""URLs as keys: one canonical spelling per page, the article id hashed from it, hosts to schedule by.

Pure functions. The canonical URL decides what counts as the same page across feeds, sitemaps,
tracking links and reruns; the host key (scheme, host and port) is what politeness is counted per.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|yclid|cmpid|ocid|"
    r"sr_share|smid|ref|ref_src|referrer|src|source|share|spm|guccounter|guce_\w+|cid|__twitter_impression)$",
    re.I,
)


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


def host_key(url: str) -> str:
    """scheme://host:port as written (lower-case): one politeness gate and one scheduling lane each."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def host_name(url: str) -> str:
    """Host name without www (empty for a malformed URL): the default source name."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
