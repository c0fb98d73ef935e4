"""A real HTTP server on 127.0.0.1 for ingestion tests, with routes defined per test.

Each route maps a path to a handler returning a `Reply`, or to a list of replies served in
turn (the last one repeats), which models "503 then 200". The server records every request
(path and headers) so tests can check conditional GETs and politeness.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pipeline.config import IngestSettings


@dataclass
class Reply:
    """One canned HTTP response; `delay` sleeps before answering, `stream_bytes` sends a big body."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    gzip: bool = False
    stream_bytes: int = 0
    drip: float = 0.0
    """Seconds between each of `drip_pieces` pieces of the body (a slow-drip server)."""
    drip_pieces: int = 10


Route = Reply | list[Reply] | Callable[[BaseHTTPRequestHandler], Reply]


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (caps, timeouts) are expected here: no tracebacks on stderr."""

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


class TestServer:
    """Start with `with TestServer(routes) as srv:`; `srv.url('/path')` gives the full URL."""

    __test__ = False

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Seen] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                server._serve(self)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> TestServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _pick(self, handler: BaseHTTPRequestHandler) -> Reply:
        path = handler.path.split("?", 1)[0]
        route = self.routes.get(handler.path, self.routes.get(path))
        if route is None:
            return Reply(404, b"not found", "text/plain")
        if isinstance(route, Reply):
            return route
        if isinstance(route, list):
            with self._lock:
                n = self._counts.get(path, 0)
                self._counts[path] = n + 1
            return route[min(n, len(route) - 1)]
        return route(handler)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(
                Seen(handler.path, {k.lower(): v for k, v in handler.headers.items()}, time.monotonic())
            )
        reply = self._pick(handler)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.etag and handler.headers.get("If-None-Match") == reply.etag:
            handler.send_response(304)
            handler.send_header("ETag", reply.etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = reply.body
        handler.send_response(reply.status)
        if reply.content_type:
            handler.send_header("Content-Type", reply.content_type)
        if reply.etag:
            handler.send_header("ETag", reply.etag)
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        if reply.stream_bytes:
            # No Content-Length: the client must stop reading at its own cap.
            handler.send_header("Connection", "close")
            handler.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>\n"
            sent = 0
            try:
                while sent < reply.stream_bytes:
                    handler.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            handler.close_connection = True
            return
        if reply.drip:
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            step = max(1, len(body) // reply.drip_pieces)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for start in range(0, len(body), step):
                    handler.wfile.write(body[start : start + step])
                    handler.wfile.flush()
                    time.sleep(reply.drip)
            return
        if reply.gzip:
            body = gzip.compress(body)
            handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(body)


def local_settings(**overrides: object) -> IngestSettings:
    """Settings for fetching these servers: loopback allowed, no delay, no retries, no backoff (a test
    waits for nothing it does not test); each test file adds the limits it tests."""
    base = {"delay": 0.0, "allow_hosts": ["127.0.0.1"], "retries": 0, "backoff": 0.0}
    return IngestSettings(**{**base, **overrides})


def article_html(
    title: str, body_text: str, *, published: str | None = None, site: str = "Test News"
) -> bytes:
    """A realistic small article page (JSON-LD, og tags, paragraphs) for extraction."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body_text.split("\n\n"))
    ld = (
        f'<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}","datePublished":"{published}"}}</script>'
        if published
        else ""
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title} - {site}</title>"
        f"<meta property='og:site_name' content='{site}'>{ld}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright {site}</footer></body></html>"
    ).encode()


class RawServer:
    """A TCP server on 127.0.0.1 that answers every connection with `handler(conn, request_head)`: raw bytes,
    for misbehaviour http.server cannot produce (lying headers, gzip bombs, endless or dripping
    streams, garbage instead of TLS). Handler threads are daemons and end when the client hangs up
    or after `max_seconds`, so a test never leaves a server running."""

    __test__ = False

    def __init__(
        self,
        handler: Callable[[socket.socket, bytes], None],
        max_seconds: float = 30.0,
        read_request: bool = True,
    ) -> None:
        self.handler = handler
        self.read_request = read_request
        self.max_seconds = max_seconds
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> RawServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join(timeout=2)
        self.sock.close()

    def _accept(self) -> None:
        started = time.monotonic()
        while not self._stop.is_set() and time.monotonic() - started < self.max_seconds:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(self.max_seconds)
        try:
            head = _read_request(conn) if self.read_request else b""
            self.handler(conn, head)
        except OSError:
            pass  # the client hung up on purpose (caps, deadlines): that is what the tests check
        finally:
            conn.close()


def _read_request(conn: socket.socket) -> bytes:
    """The request head (up to the blank line); its content does not matter to raw handlers."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65_536:
        piece = conn.recv(4096)
        if not piece:
            break
        data += piece
    return data
