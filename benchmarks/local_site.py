"""What the benchmarks that serve a site on 127.0.0.1 share: a handler base and a quiet threading server.

`SiteHandler.send` answers with a body and its length; `SiteHandler.raw` writes bytes as they are (for
lying headers, gzip bombs, drips) and closes the connection. The server keeps quiet when a client
hangs up on a hostile page, which the fetcher does on purpose.
"""

from __future__ import annotations

import contextlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SiteHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        return

    def raw(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.wfile.write(data)
        self.close_connection = True

    def send(
        self, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        return  # clients hang up on hostile pages on purpose
