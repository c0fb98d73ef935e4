"""WARC/ARC input (fastwarc, warcio fallback) and the per-run WARC archive of raw responses.

fastwarc is fast and reads through damaged gzip members but returns still-encoded bodies
unless `auto_decode='all'` and cannot read ARC or truncated files; warcio reads ARC and
truncated files. So: ARC goes to warcio; WARC goes to fastwarc, and when fastwarc stops
early warcio resumes after the records already read. A file that breaks keeps the records
before the break, and the break is reported (never silently dropped).
"""

from __future__ import annotations

import io
import logging
import threading
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from contract.errors import SourceError, StoreError

log = logging.getLogger("evclaims.ingest.warc")

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.lz4", ".arc", ".arc.gz", ".warc.gz.bad")


@dataclass
class WarcResponse:
    """One archived HTTP response: target URL, status, headers (lower-case keys) and decoded body."""

    url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    date: datetime | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


@dataclass
class WarcReadReport:
    """What happened while reading one file: records read, records skipped, where it broke."""

    path: Path
    responses: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def is_warc_path(path: str | Path) -> bool:
    name = str(path).lower()
    return name.endswith(WARC_SUFFIXES)


def _is_arc(path: Path) -> bool:
    return path.name.lower().endswith((".arc", ".arc.gz"))


def iter_responses(path: str | Path, report: WarcReadReport | None = None) -> Iterator[WarcResponse]:
    """HTTP response (and resource) records of a WARC/ARC file, bodies decoded."""
    path = Path(path)
    report = report if report is not None else WarcReadReport(path)
    if not path.is_file():
        raise SourceError(f"WARC file not found: {path}", path=str(path))
    if _is_arc(path):
        yield from _warcio_responses(path, report, skip=0)
        return
    good_end = _complete_gzip_prefix(path)
    done = 0
    try:
        for response, offset in _fastwarc_responses(path):
            if good_end and offset >= good_end:  # per-record gzip (ours, Common Crawl): drop the cut record
                report.skipped += 1
                report.errors.append(
                    f"{path}: truncated inside the record at byte {offset}; kept the {report.responses} "
                    "responses before it"
                )
                return
            done += 1
            report.responses += 1
            yield response
        if good_end is not None and not report.errors:
            report.errors.append(
                f"{path}: truncated after byte {good_end}; kept {report.responses} responses"
            )
        return
    except Exception as exc:  # noqa: BLE001 - fastwarc raises plain OSError/ValueError variants; we resume below
        log.info("fastwarc stopped in %s after %d responses (%s); trying warcio", path, done, exc)
        fast_error = f"{type(exc).__name__}: {exc}"
    before = report.responses
    yield from _warcio_responses(path, report, skip=done)
    if not report.errors:  # warcio read on without an error: the damage is still worth reporting
        report.errors.append(
            f"{path}: damaged after {done} responses ({fast_error}); warcio recovered "
            f"{report.responses - before} more"
        )


def _complete_gzip_prefix(path: Path) -> int | None:
    """For a gzip file cut short (a killed writer, a partial download): the byte offset where its
    last whole gzip member ends (0 for a one-member file); None for a whole gzip file or one that is
    not gzip. In a one-member file the records read before the cut are kept as fastwarc gives them.

    fastwarc and warcio both end quietly at a cut-off member, or yield its record with a short
    body, so the members are checked here (one extra inflate pass, output discarded).
    """
    with open(path, "rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return None
        stream.seek(0)
        inflater, consumed, good_end = zlib.decompressobj(16 + zlib.MAX_WBITS), 0, 0
        while chunk := stream.read(1 << 20):
            buf = chunk
            while buf:
                try:
                    inflater.decompress(buf, 1 << 20)
                except zlib.error:
                    return good_end
                if inflater.eof:
                    rest = inflater.unused_data
                    consumed += len(buf) - len(rest)
                    good_end = consumed
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    buf = rest
                else:
                    consumed += len(buf) - len(inflater.unconsumed_tail)
                    buf = inflater.unconsumed_tail
        return None if consumed == good_end else good_end


def _fastwarc_responses(path: Path) -> Iterator[tuple[WarcResponse, int]]:
    """(response, byte offset of its record) for the response and resource records of a WARC."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as stream:
        records = ArchiveIterator(
            stream,
            record_types=WarcRecordType.response | WarcRecordType.resource,
            parse_http=True,
            auto_decode="all",
        )
        for record in records:
            url = record.headers.get("WARC-Target-URI", "") or ""
            url = url.strip().strip("<>")
            if record.record_type == WarcRecordType.resource:
                ctype = record.headers.get("Content-Type", "") or ""
                body = record.reader.read()
                yield (
                    WarcResponse(url, None, {"content-type": ctype}, body, record.record_date),
                    record.stream_pos,
                )
                continue
            http = record.http_headers
            if http is None:
                continue
            status = getattr(http, "status_code", None)
            headers = {k.lower(): v for k, v in http.items()}
            body = record.reader.read()
            yield WarcResponse(url, status, headers, body, record.record_date), record.stream_pos


def _warcio_responses(path: Path, report: WarcReadReport, skip: int) -> Iterator[WarcResponse]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    seen = 0
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, arc2warc=True)
        try:
            for record in iterator:
                if record.rec_type not in ("response", "resource"):
                    continue
                url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
                status = None
                headers: dict[str, str] = {}
                if record.http_headers is not None and record.rec_type == "response":
                    code = record.http_headers.get_statuscode()
                    status = int(code) if code and code.isdigit() else None
                    headers = {k.lower(): v for k, v in record.http_headers.headers}
                elif record.rec_type == "resource":
                    headers = {"content-type": record.rec_headers.get_header("Content-Type") or ""}
                body = record.content_stream().read()
                seen += 1
                if seen <= skip:
                    continue
                when = record.rec_headers.get_header("WARC-Date")
                report.responses += 1
                yield WarcResponse(url, status, headers, body, _parse_warc_date(when))
        except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
            message = (
                f"{path}: stopped after {seen} records: {type(exc).__name__}: {str(exc).splitlines()[0]}"
            )
            log.warning("WARC read stopped early: %s", message)
            report.errors.append(message)


def _parse_warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class WarcArchive:
    """One gzip WARC per run holding every raw response (request + response records). Thread-safe."""

    def __init__(self, folder: str | Path, run_id: str) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = Path(folder) / f"evclaims-{run_id}.warc.gz"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._file, gzip=True)
        self._lock = threading.Lock()
        self._failed = False
        self.records = 0

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(
        self,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        request_headers: list[tuple[str, str]] | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Append the request and its response for `url` (body already decoded); a failed write
        (disk full) is a StoreError naming the archive."""
        from warcio.statusandheaders import StatusAndHeaders

        when = (fetched_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        http_headers = StatusAndHeaders(
            f"{status} {phrase}",
            [(k, v) for k, v in headers if k.lower() != "content-length"]
            + [("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        with self._lock:
            try:
                self._write(url, http_headers, body, request_headers, when)
            except OSError as exc:  # disk full, quota: the raw archive would silently lose responses
                self._failed = True
                raise StoreError(
                    f"cannot write the WARC archive {self.path}: {exc.strerror or exc}", path=str(self.path)
                ) from exc

    def _write(self, url, http_headers, body: bytes, request_headers, when: str) -> None:
        """Append a response record and, given its headers, the request record (under the lock)."""
        from warcio.statusandheaders import StatusAndHeaders

        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": when},
        )
        self._writer.write_record(response)
        if request_headers is not None:
            from urllib.parse import urlsplit

            parts = urlsplit(url)
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            req = StatusAndHeaders(f"GET {target} HTTP/1.1", request_headers, is_http_request=True)
            request = self._writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=req,
                warc_headers_dict={
                    "WARC-Date": when,
                    "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            self._writer.write_record(request)
        self._file.flush()
        self.records += 1

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                try:
                    self._file.close()
                except OSError as exc:
                    if self._failed:  # the write error is already on its way up: keep it, not this echo
                        log.warning("closing %s after a failed write: %s", self.path, exc.strerror or exc)
                        return
                    raise StoreError(
                        f"cannot finish the WARC archive {self.path}: {exc.strerror or exc}",
                        path=str(self.path),
                    ) from exc


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
