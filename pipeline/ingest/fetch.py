"""Polite HTTP fetching with httpx: robots.txt, per-host delay, retries, conditional GET, caps.

trafilatura's downloader blocks loopback, hides status codes and has no conditional GET, so
we fetch ourselves and hand the bytes to extraction. Every failure is a FetchError (with a
short `reason` code for counting) or RobotsDisallowed, each with a one-line message naming
the URL.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from contract.errors import FetchError, RobotsDisallowed
from pipeline.config import IngestSettings
from pipeline.ingest.urls import host_key

log = logging.getLogger("evclaims.ingest.fetch")

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
    "application/x-gzip",
    "application/gzip",
    "application/octet-stream",
    "text/plain",
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 509, 520, 521, 522, 523, 524})
METADATA_HOSTS = frozenset({"169.254.169.254", "metadata.google.internal", "fd00:ec2::254"})
CONTENT_ENCODINGS = ("", "identity", "gzip", "x-gzip", "deflate")
"""Encodings we decode ourselves, bounded by max_bytes (httpx would inflate a gzip bomb chunk by chunk)."""


_request_deadline = threading.local()
"""Monotonic time (`at`) by which the current thread's request must be complete (headers and body), and
whether the last socket wait was cut short by it (`cut`)."""


def _remaining(timeout: float | None) -> float | None:
    """The socket timeout for the next I/O: the per-read timeout, cut to what is left of the deadline."""
    deadline = getattr(_request_deadline, "at", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    _request_deadline.cut = timeout is None or left <= timeout  # a timeout now is the deadline's
    if left <= 0:
        raise httpcore.ReadTimeout("response not complete within its deadline")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the request's deadline: a server that sends
    its status line or headers one byte a second never times out per read, so each read is cut short."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with deadline-bound streams (see `_DeadlineStream`)."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(host, port, _remaining(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - unused
        return _DeadlineStream(self._inner.connect_unix_socket(path, _remaining(timeout), socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - unused by the sync pool
        self._inner.sleep(seconds)


class _BoundedDecoder:
    """Content-Encoding gzip/deflate decoding that stops at `cap` output bytes, whatever the ratio."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.encoding = encoding
        self.left = cap
        self._zlib = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
        self._first = True

    def feed(self, data: bytes) -> bytes:
        """Decoded bytes of one raw chunk; raises OverflowError past the cap, zlib.error if corrupt."""
        if self._zlib is None:
            out = data
        else:
            if self._first and self.encoding == "deflate" and data[:1] and (data[0] & 0x0F) != 8:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
            self._first = False
            pieces, buf = [], data
            while buf and not self._zlib.eof:
                piece = self._zlib.decompress(buf, max(1, self.left + 1))
                pieces.append(piece)
                self.left -= len(piece)
                if self.left < 0:
                    raise OverflowError
                buf = self._zlib.unconsumed_tail
            return b"".join(pieces)
        self.left -= len(out)
        if self.left < 0:
            raise OverflowError
        return out


@dataclass
class FetchResult:
    """One final HTTP response (after redirects and retries), body already capped and decoded."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    elapsed_ms: int
    fetched_at: datetime
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class RawExchange:
    """What the archive writer gets for every response we received (also failures)."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]
    fetched_at: datetime


@dataclass
class _HostGate:
    """One request at a time per host, at least `delay` seconds apart."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    delay: float = 0.0


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_public_address(address: str) -> bool:
    """True for globally routable IPs; False for private, loopback, link-local, reserved, metadata."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast and str(ip) not in METADATA_HOSTS


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Fetcher:
    """A shared, thread-safe polite client. Use as a context manager; call `get(url)` from any thread."""

    def __init__(
        self,
        settings: IngestSettings,
        *,
        recorder: Callable[[RawExchange], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.recorder = recorder
        self._sleep = sleep
        self._allow = {h.lower().strip("[]") for h in settings.allow_hosts}
        self._gates: dict[str, _HostGate] = {}
        self._gates_lock = threading.Lock()
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        timeout = httpx.Timeout(settings.timeout, connect=settings.timeout)
        limits = httpx.Limits(max_connections=max(1, settings.concurrency) * 2)
        transport = httpx.HTTPTransport(limits=limits)
        pool = transport._pool  # httpx has no public hook for the network backend
        pool._network_backend = _DeadlineBackend(pool._network_backend)
        self._client = httpx.Client(
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": settings.agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public -------------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Iterable[str] = HTML_TYPES,
        check_robots: bool = True,
    ) -> FetchResult:
        """GET `url` politely. Returns a 200 or 304 result; raises FetchError/RobotsDisallowed.

        Connection errors, 429 and 5xx are retried here (`retries`, with backoff); a timeout is not:
        it raises at once (reason `timeout`), so the caller can let the host's other pages go first.
        """
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError as exc:
            raise FetchError(f"malformed URL {url}: {exc}", url=url, reason="bad_url") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url}", url=url, reason="bad_url")
        if check_robots and self.settings.respect_robots:
            self._check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        accept = tuple(accept)
        attempt = 0
        started = time.monotonic()
        while True:
            attempt += 1
            try:
                result = self._follow(url, headers, accept, check_robots=check_robots)
                result.attempts = attempt
                result.elapsed_ms = int((time.monotonic() - started) * 1000)
                return result
            except FetchError as exc:
                if exc.context.get("reason") == "timeout":
                    raise
                if not exc.transient or attempt > self.settings.retries:
                    if exc.transient and attempt > 1:
                        raise _given_up(
                            exc, url, f"{exc.message} (gave up after {attempt} attempts)"
                        ) from exc
                    raise
                wait = exc.context.get("retry_after")
                if wait is None:
                    wait = self.settings.backoff * (2 ** (attempt - 1))
                if wait > self.settings.max_retry_after:
                    raise _given_up(
                        exc, url, f"{exc.message}; Retry-After {wait:.0f}s exceeds max_retry_after"
                    ) from exc
                log.info("retrying %s in %.2fs (attempt %d): %s", url, wait, attempt, exc.message)
                self._gate(url).next_at = max(self._gate(url).next_at, time.monotonic() + wait)

    def ready_at(self, url: str) -> float:
        """Monotonic time from which the URL's host may be asked again (delay, Crawl-delay, Retry-After);
        0 for a host not asked yet. A scheduler reads it to hand a thread only a host that is ready."""
        try:
            key = host_key(url)
        except ValueError:
            return 0.0
        with self._gates_lock:
            gate = self._gates.get(key)
        return gate.next_at if gate is not None else 0.0

    # -- robots -------------------------------------------------------------------------------

    def robots(self, url: str) -> Protego | None:
        """The parsed robots.txt of the URL's host (cached; None means everything allowed)."""
        key = host_key(url)
        with self._gates_lock:
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._robots:
                return self._robots[key]
            rules = self._load_robots(key)
            self._robots[key] = rules
            if rules is not None:
                delay = rules.crawl_delay(self.settings.robots_agent)
                if delay:
                    self._gate(url).delay = max(self._gate(url).delay, float(delay))
            return rules

    def _load_robots(self, base: str) -> Protego | None:
        robots_url = base + "/robots.txt"
        try:
            result = self._follow(robots_url, {}, ("text/plain", "text/html", ""), any_type=True)
        except FetchError as exc:
            status = exc.context.get("status")
            if status is not None and 400 <= status < 500:
                return None  # RFC 9309: unavailable robots.txt means no restrictions
            if exc.context.get("reason") in ("private_address", "bad_url", "dns", "tls"):
                raise  # the host itself is unreachable or refused: the page fails for the same reason
            # RFC 9309: unreachable (5xx, network) means complete disallow for now.
            log.warning("robots.txt unreachable for %s (%s): treating host as disallowed", base, exc.message)
            return Protego.parse("User-agent: *\nDisallow: /\n")
        text = result.body.decode("utf-8", errors="replace")
        return Protego.parse(text)

    def _check_robots(self, url: str) -> None:
        rules = self.robots(url)
        if rules is not None and not rules.can_fetch(url, self.settings.robots_agent):
            raise RobotsDisallowed(f"robots.txt disallows {url}", url=url, reason="robots")

    # -- internals ------------------------------------------------------------------------------

    def _gate(self, url: str) -> _HostGate:
        key = host_key(url)
        with self._gates_lock:
            gate = self._gates.get(key)
            if gate is None:
                gate = self._gates[key] = _HostGate(delay=self.settings.delay)
            return gate

    def _check_address(self, url: str) -> None:
        """Refuse private/loopback/link-local targets (resolved via DNS) unless the host is allowed."""
        host = (urlsplit(url).hostname or "").lower()
        if host in self._allow:
            return
        if host in METADATA_HOSTS:
            raise FetchError(f"refused cloud metadata address in {url}", url=url, reason="private_address")
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(
                f"DNS lookup failed for {url}: {exc}", url=url, reason="dns", transient=True
            ) from exc
        for info in infos:
            address = str(info[4][0])
            if address not in self._allow and not is_public_address(address):
                raise FetchError(
                    f"refused non-public address {address} for {url} (use allow_hosts to permit)",
                    url=url,
                    reason="private_address",
                )

    def _check_peer(self, response: httpx.Response, url: str) -> None:
        """Re-check the address we actually connected to (defeats DNS rebinding between checks)."""
        host = (urlsplit(url).hostname or "").lower()
        if host in self._allow:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer and str(peer[0]) not in self._allow and not is_public_address(str(peer[0])):
            raise FetchError(
                f"refused non-public peer {peer[0]} for {url}", url=url, reason="private_address"
            )

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        accept: tuple[str, ...],
        any_type: bool = False,
        check_robots: bool = False,
    ) -> FetchResult:
        """One attempt: request, follow up to max_redirects redirects, check type and size."""
        original = url
        seen = {url}
        for _hop in range(self.settings.max_redirects + 1):
            self._check_address(url)
            status, resp_headers, body, content_type = self._request(url, headers, accept, any_type)
            if status in (301, 302, 303, 307, 308):
                location = resp_headers.get("location")
                if not location:
                    raise FetchError(
                        f"redirect without Location from {url}", url=original, reason="bad_redirect"
                    )
                try:
                    target = urljoin(url, location)
                    urlsplit(target).port  # noqa: B018 - raises ValueError for a bad port
                except ValueError as exc:
                    raise FetchError(
                        f"malformed redirect {location!r} from {url}", url=original, reason="bad_redirect"
                    ) from exc
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(
                        f"redirect to non-http URL {target} from {url}", url=original, reason="bad_redirect"
                    )
                if target in seen:
                    raise FetchError(
                        f"redirect loop at {target} from {original}", url=original, reason="redirect_loop"
                    )
                seen.add(target)
                if check_robots and self.settings.respect_robots:
                    self._check_robots(target)  # a redirect must not lead into a disallowed path
                url = target
                continue
            now = datetime.now(UTC)
            return FetchResult(
                url=original,
                final_url=url,
                status=status,
                content_type=content_type,
                body=body,
                headers=resp_headers,
                etag=resp_headers.get("etag"),
                last_modified=resp_headers.get("last-modified"),
                elapsed_ms=0,
                fetched_at=now,
            )
        raise FetchError(
            f"more than {self.settings.max_redirects} redirects from {original}",
            url=original,
            reason="too_many_redirects",
        )

    def _request(
        self, url: str, headers: dict[str, str], accept: tuple[str, ...], any_type: bool
    ) -> tuple[int, dict[str, str], bytes, str]:
        gate = self._gate(url)
        with gate.lock:
            wait = gate.next_at - time.monotonic()
            if wait > 0:
                self._sleep(wait)
            try:
                return self._send(url, headers, accept, any_type)
            finally:
                gate.next_at = time.monotonic() + gate.delay

    def _send(
        self, url: str, headers: dict[str, str], accept: tuple[str, ...], any_type: bool
    ) -> tuple[int, dict[str, str], bytes, str]:
        cap = self.settings.max_bytes
        _request_deadline.at = time.monotonic() + self.settings.deadline
        _request_deadline.cut = False
        try:
            return self._send_once(url, headers, accept, any_type, cap)
        finally:
            _request_deadline.at = None

    def _send_once(
        self, url: str, headers: dict[str, str], accept: tuple[str, ...], any_type: bool, cap: int
    ) -> tuple[int, dict[str, str], bytes, str]:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                self._check_peer(response, url)
                status = response.status_code
                resp_headers = {k.lower(): v for k, v in response.headers.items()}
                content_type = _mime(resp_headers.get("content-type"))
                if status in (301, 302, 303, 307, 308, 304):
                    self._record(url, response, b"")
                    return status, resp_headers, b"", content_type
                refused = _refusal(url, status, resp_headers, content_type, accept, any_type, cap)
                body = b""
                if refused is None:
                    encoding = resp_headers.get("content-encoding", "").strip().lower()
                    try:
                        body = b"".join(map(_BoundedDecoder(encoding, cap).feed, response.iter_raw()))
                    except OverflowError:
                        after = f" (after {encoding})" if encoding else ""
                        refused = FetchError(f"body exceeds max_bytes {cap} at {url}{after}", url=url,
                                             status=status, reason="too_large")  # fmt: skip
                    except zlib.error as exc:
                        raise FetchError(
                            f"corrupt {encoding} body at {url}: {exc}",
                            url=url,
                            status=status,
                            reason="decode",
                        ) from exc
                self._record(url, response, body)  # a refused response is archived without its body
                if refused is not None:
                    raise refused
        except httpx.TimeoutException as exc:
            if getattr(_request_deadline, "cut", False):
                what = f"no complete response within the {self.settings.deadline:g} s deadline"
            else:
                what = f"timeout ({type(exc).__name__}, {self.settings.timeout:g} s)"
            raise FetchError(f"{what} fetching {url}", transient=True, url=url, reason="timeout") from exc
        except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
            raise FetchError(f"too many redirects at {url}", url=url, reason="too_many_redirects") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            if _caused_by(exc, ssl.SSLError):
                raise FetchError(
                    f"TLS failure fetching {url}: {_first_line(exc)}", url=url, reason="tls"
                ) from exc
            transient = not isinstance(exc, httpx.DecodingError | httpx.UnsupportedProtocol)
            raise FetchError(
                f"{type(exc).__name__} fetching {url}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(
                    ": "
                ),
                transient=transient,
                url=url,
                reason="network" if transient else "decode",
            ) from exc
        if not content_type or (not any_type and content_type in ("application/octet-stream", "text/plain")):
            content_type = sniff_type(body) or content_type
            if not any_type and content_type not in accept:
                raise FetchError(
                    f"unsupported content at {url} ({content_type or 'unknown'})",
                    url=url,
                    reason="content_type",
                )
        return status, resp_headers, body, content_type

    def _record(self, url: str, response: httpx.Response, body: bytes) -> None:
        if self.recorder is None:
            return
        headers = [(k, v) for k, v in response.headers.multi_items()]
        # The body is stored decoded, so drop the encoding headers that no longer apply.
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-encoding", "transfer-encoding")]
        request_headers = [(k, v) for k, v in response.request.headers.multi_items()]
        self.recorder(
            RawExchange(
                url=url,
                status=response.status_code,
                headers=headers,
                body=body,
                request_headers=request_headers,
                fetched_at=datetime.now(UTC),
            )
        )


def _refusal(
    url: str,
    status: int,
    headers: dict[str, str],
    content_type: str,
    accept: tuple[str, ...],
    any_type: bool,
    cap: int,
) -> FetchError | None:
    """Why a response is refused from its status line and headers alone; None to read its body."""
    if status in RETRY_STATUSES:
        return FetchError(f"HTTP {status} from {url}", transient=True, url=url, status=status,
                          reason=f"http_{status}", retry_after=parse_retry_after(headers.get("retry-after")))  # fmt: skip
    if status != 200:
        return FetchError(f"HTTP {status} from {url}", url=url, status=status, reason=f"http_{status}")
    if not any_type and content_type and content_type not in accept:
        return FetchError(
            f"unsupported content type {content_type} at {url}", url=url, status=status, reason="content_type"
        )
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        return FetchError(
            f"body of {declared} bytes exceeds max_bytes {cap} at {url}",
            url=url,
            status=status,
            reason="too_large",
        )
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in CONTENT_ENCODINGS:
        return FetchError(
            f"unsupported content encoding {encoding!r} at {url}", url=url, status=status, reason="decode"
        )
    return None


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, kind):
            return True
        current, seen = current.__cause__ or current.__context__, seen + 1
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def sniff_type(body: bytes) -> str:
    """A content type guessed from the first bytes: HTML, XML, JSON, gzip; '' for binary/unknown."""
    head = body[:1024].lstrip()
    if head.startswith(b"\x1f\x8b"):
        return "application/gzip"
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    lower = head[:512].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower or b"<body" in lower:
        return "text/html"
    if lower.startswith(b"<?xml") or lower.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
        return "application/xml"
    if lower.startswith((b"{", b"[")):
        return "application/json"
    if b"\x00" in body[:1024]:
        return ""
    try:
        body[:1024].decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return "text/plain"


def _given_up(exc: FetchError, url: str, message: str) -> FetchError:
    """The error to raise when retries stop: same reason and status, a message saying why."""
    return FetchError(
        message,
        transient=True,
        url=url,
        reason=exc.context.get("reason", "error"),
        status=exc.context.get("status"),
    )
