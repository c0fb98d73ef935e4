"""The HTML report in a real headless browser (Debian's chromium): it renders, logs nothing to the
console, and article text containing markup is shown as text, never executed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from test_report import EVIL, build_store

from extractors.registry import load_registry
from pipeline.report import render_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (apt-get install chromium)")
        pytest.skip("chromium is not installed")
    return CHROMIUM


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    st = build_store(tmp / "r.duckdb")
    try:
        html = render_report(st, "html", registry=load_registry())
    finally:
        st.close()
    path = tmp / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def run_chromium(browser, tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


class Elements(HTMLParser):
    """Tag and attribute names of the rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attrs.update(name for name, _ in attrs)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_report_browser_renders_without_console_errors_and_keeps_markup_as_text(browser, page, tmp_path):
    done = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert console_lines(done.stderr) == []
    assert "<title>EV claims fact-check report</title>" in dom  # the injected script did not run
    tags = Elements()
    tags.feed(dom)
    assert not {"script", "img", "iframe"} & tags.names
    assert [a for a in tags.attrs if a.startswith("on")] == []
    assert '&lt;script&gt;document.title="PWNED"&lt;/script&gt;' in dom
    assert "Two &lt;b&gt;Daily&lt;/b&gt;" in dom
    assert "aito is a brand of seres" in dom
    assert len(re.findall(r"<svg", dom)) == 2
    assert EVIL not in dom


def test_report_browser_screenshot_shows_the_page(browser, page, tmp_path):
    shot = tmp_path / "report.png"
    done = run_chromium(browser, tmp_path, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_lines(done.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank page is a few kB; the report has tables, text and charts


@pytest.fixture(scope="module")
def findings_page(tmp_path_factory):
    """The report of the reconcile case set: camps, inconsistent findings and a conversion."""
    import json
    from pathlib import Path

    import store
    from pipeline.reconcile import reconcile_store

    rows = [
        json.loads(x) for x in (Path(__file__).parent / "data" / "reconcile_cases" / "claims.jsonl").open()
    ]
    tmp = tmp_path_factory.mktemp("browser_findings")
    with store.connect(tmp / "f.duckdb") as st:
        docs = sorted({(c["doc_id"], c.get("outlet"), c.get("published")) for c in rows})
        st.load_articles(
            [{"article_id": d, "url": f"https://news.test/{d}", "sitename": o, "published": p, "cluster_id": d}
             for d, o, p in docs]
        )  # fmt: skip
        claims = [{k: v for k, v in c.items() if k not in ("origin", "outlet", "published")} for c in rows]
        st.replace_claims(
            [{"article_id": d} for d, _, _ in docs], [dict(c, article_id=c["doc_id"]) for c in claims], "t"
        )
        reconcile_store(st, load_registry())
        html = render_report(st, "html", registry=load_registry())
    path = tmp / "findings.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_report_browser_shows_camps_findings_and_rates(browser, findings_page, tmp_path):
    done = run_chromium(browser, tmp_path, "--dump-dom", findings_page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_lines(done.stderr) == []
    dom = done.stdout
    assert '<section id="inconsistent">' in dom
    assert (
        "zeekr deliveries: Q1 2025 84,000 + Q2 2025 92,000 = 176,000 &gt; H1 2025 170,000, parts above their whole"
        in dom
    )
    assert "Slack allowed: ±500 from the rounding of the written figures" in dom
    assert re.search(r"Exchange rate: 1 USD = 7\.\d+ CNY \(ECB euro reference rates, 2024-12-31", dom)
    assert "Camp 1: -28% (Auto Desk, Charge Daily, Motor Brief; 3 sources agree)" in dom
    tags = Elements()
    tags.feed(dom)
    assert not {"script", "img", "iframe"} & tags.names
