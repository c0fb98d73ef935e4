"""The stage layer both `evclaims` and flows.py call: the CLI runs every stage without Prefect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from webserver import article_html

REPO = Path(__file__).resolve().parent.parent

BLOCK_PREFECT = """
import importlib.abc, sys

class NoPrefect(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "prefect" or name.startswith("prefect."):
            raise ImportError(f"{name} is blocked: the CLI must not need Prefect")
        return None

sys.meta_path.insert(0, NoPrefect())
sys.argv = ["evclaims", *sys.argv[1:]]
from pipeline.cli import main
try:
    main()
finally:
    assert not any(m == "prefect" or m.startswith("prefect.") for m in sys.modules)
"""


def test_stages_cli_runs_every_stage_without_prefect_importable(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    text = (
        "Seres said its Aito brand delivered 44,000 vehicles in May 2025, up 25 percent from a year "
        "earlier.\n\nThe company expects deliveries to keep rising through the summer."
    )
    (pages / "one.html").write_bytes(article_html("One", text, published="2025-06-10"))
    db, out = tmp_path / "c.duckdb", tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-c", BLOCK_PREFECT, "run", str(pages), "--db", str(db), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "run:" in r.stderr or "stored" in r.stderr
    assert (out / "report.md").exists() and (out / "report.html").exists()
