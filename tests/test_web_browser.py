"""`evclaims serve` over the demo snapshot in a real headless Chromium (Debian's, as the report test):
the front, entity, conflict and claim pages load with a clean console under their Content-Security-
Policy, the charts render with a size and points, and a full-page screenshot of each is saved under
out/browser/. The README's picture, docs/entity-page.png, is out/browser/entity-page.png: the first
screen of Tesla's page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from cdp import CHROMIUM, Browser

import store
from pipeline.demo import run_demo

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "out" / "browser"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo crawled into a temporary folder and `evclaims serve` on it, as a separate process."""
    out = tmp_path_factory.mktemp("demo-web")
    run_demo(out, port=_free_port())
    with store.connect(out / "demo.snapshot.duckdb", read_only=True) as s:
        conflict = s.query_df("select group_id from recon_groups where verdict = 'conflict' order by 1")
        finding = s.query_df(
            "select group_id from recon_groups where verdict = 'inconsistent' and subject = 'zeekr'"
        )
        claim = s.query_df(
            "select claim_id from claims where subject = 'seres' and value_low = 80000 order by 1"
        )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "serve",
            "--db",
            str(out / "demo.duckdb"),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/-/versions.json", timeout=5)
            break
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"evclaims serve did not start: {server.stderr.read()}")
            time.sleep(0.2)
    yield base, conflict["group_id"][0], claim["claim_id"][0], finding["group_id"][0]
    server.terminate()
    server.wait(timeout=10)


def _page(browser, url: str, shot: str):
    page = browser.open(url)
    data = page.screenshot(SHOTS / f"{shot}.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, shot  # a blank page is a few kB
    assert page.console() == [], shot
    return page


CHARTS = """Array.from(document.querySelectorAll('svg.chart')).map(s => {
  const r = s.getBoundingClientRect();
  return [Math.round(r.width), Math.round(r.height), s.querySelectorAll('circle').length];
})"""


def test_web_browser_front_page(browser, served):
    base, conflict, *_ = served
    page = _page(browser, base + "/", "front")
    assert page.evaluate("document.title") == "What the EV news claims · evclaims"
    assert page.evaluate(f"!!document.querySelector('a[href=\"/conflict/{conflict}\"]')")
    assert page.evaluate("!!document.querySelector('form.search input[name=q]')")


def test_web_browser_entity_page_draws_its_charts(browser, served):
    base, *_ = served
    page = _page(browser, base + "/entity/tesla", "entity-tesla")
    page.screenshot(SHOTS / "entity-page.png", full_page=False)
    charts = page.evaluate(CHARTS)
    assert charts and all(w >= 300 and h >= 150 and points >= 2 for w, h, points in charts), charts
    conflicts = (
        "document.querySelector('#conflicts').nextElementSibling.querySelectorAll('a[href^=\"/conflict/\"]')"
    )
    assert page.evaluate(conflicts + ".length") == 1
    page = _page(browser, base + "/entity/seres", "entity-seres")
    assert page.evaluate(CHARTS)
    assert page.evaluate("document.querySelector('#family').nextElementSibling.innerText").count("AITO") == 1


def test_web_browser_conflict_page_shows_camps_side_by_side(browser, served):
    base, conflict, *_ = served
    page = _page(browser, base + f"/conflict/{conflict}", "conflict")
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.camp')).map(c => c.getBoundingClientRect().top)"
    )
    assert len(boxes) == 2 and abs(boxes[0] - boxes[1]) < 2  # one row: side by side
    review = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")
    assert review and review[0]["@type"] == "ClaimReview"


def test_web_browser_claim_page_marks_the_evidence(browser, served):
    base, _, claim, _ = served
    page = _page(browser, base + f"/claim/{claim}", "claim")
    assert "80,000" in page.evaluate("document.querySelector('mark').innerText")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )


def test_web_browser_inconsistent_finding_shows_its_arithmetic_and_terms(browser, served):
    base, *_, finding = served
    page = _page(browser, base + f"/conflict/{finding}", "inconsistent")
    text = page.evaluate("document.body.innerText")
    assert "The arithmetic:" in text and "84,000 + Q2 2025 92,000 = 176,000 > H1 2025 170,000" in text
    terms = page.evaluate("Array.from(document.querySelectorAll('.camp .figure b')).map(b => b.innerText)")
    assert sorted(terms) == ["part:", "part:", "whole:"]
