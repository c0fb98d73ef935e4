"""WARC/ARC reading on the real (and deliberately broken) samples of ../shared/data/warc, and our writer."""

from __future__ import annotations

import pytest

from contract.errors import SourceError
from pipeline.ingest.warc import WarcArchive, WarcReadReport, is_warc_path, iter_responses

READABLE = [
    ("resiliparse-warcfile.warc", 16),
    ("resiliparse-warcfile.warc.gz", 16),
    ("resiliparse-warcfile.warc.lz4", 16),
    ("resiliparse-clueweb-quirk.warc.gz", 29),
    ("warcio-example.warc", 1),
    ("warcio-example.warc.gz", 1),
    ("warcio-example-iana.org-chunked.warc", 1),
    ("warcio-example.arc", 1),
    ("warcio-example.arc.gz", 1),
    ("warcio-example-space-in-url.arc", 1),
]
BROKEN = [
    "resiliparse-clipped.warc.gz",
    "warcio-example-trunc.warc",
    "warcio-example-bad-non-chunked.warc.gz",
    "warcio-example-wrong-chunks.warc.gz",
    "warcio-example-bad.warc.gz.bad",
    "warcio-bad.arc",
]


@pytest.mark.parametrize(("name", "count"), READABLE)
def test_warc_reads_every_response(shared_data, name, count):
    report = WarcReadReport(shared_data("warc", name))
    responses = list(iter_responses(shared_data("warc", name), report))
    assert len(responses) == count == report.responses
    assert not report.errors
    assert all(r.url.startswith("http") for r in responses)


def test_warc_bodies_are_decoded(shared_data):
    # The example.com response is stored gzip-encoded; we must get HTML, not gzip bytes.
    (response,) = iter_responses(shared_data("warc", "warcio-example.warc.gz"))
    assert response.status == 200 and response.content_type == "text/html"
    assert b"<title>Example Domain</title>" in response.body


def test_warc_chunked_body_is_dechunked(shared_data):
    (response,) = iter_responses(shared_data("warc", "warcio-example-iana.org-chunked.warc"))
    assert response.body.lstrip().lower().startswith((b"<!doctype", b"<html"))


@pytest.mark.parametrize("name", BROKEN)
def test_warc_broken_files_keep_records_before_the_break(shared_data, name):
    report = WarcReadReport(shared_data("warc", name))
    responses = list(iter_responses(shared_data("warc", name), report))
    assert responses, f"nothing kept from {name}: {report.errors}"


def test_warc_truncated_file_reports_the_break(shared_data):
    report = WarcReadReport(shared_data("warc", "warcio-example-trunc.warc"))
    assert len(list(iter_responses(shared_data("warc", "warcio-example-trunc.warc"), report))) == 1
    assert report.errors and "damaged after 1 responses" in report.errors[0]


def test_warc_files_without_responses_yield_nothing(shared_data):
    assert list(iter_responses(shared_data("warc", "warcio-example-digest.warc"))) == []
    assert list(iter_responses(shared_data("warc", "resiliparse-block-sized-records.warc.gz"))) == []


def test_warc_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(iter_responses(tmp_path / "nope.warc.gz"))


def test_warc_is_warc_path():
    assert is_warc_path("a/b.warc.gz") and is_warc_path("x.ARC") and is_warc_path("c.warc.lz4")
    assert not is_warc_path("page.html")


def test_warc_archive_round_trip(tmp_path):
    body = b"<html><body><p>Tesla sold cars.</p></body></html>"
    with WarcArchive(tmp_path, "run1") as archive:
        archive.write(
            "http://127.0.0.1:8000/a",
            200,
            [("Content-Type", "text/html"), ("ETag", '"x"')],
            body,
            [("User-Agent", "evclaims/0.1")],
        )
        archive.write("http://127.0.0.1:8000/missing", 404, [("Content-Type", "text/plain")], b"")
    assert archive.path.name == "evclaims-run1.warc.gz" and archive.records == 2
    responses = list(iter_responses(archive.path))
    assert [(r.url, r.status) for r in responses] == [
        ("http://127.0.0.1:8000/a", 200),
        ("http://127.0.0.1:8000/missing", 404),
    ]
    assert responses[0].body == body and responses[0].headers["etag"] == '"x"'
