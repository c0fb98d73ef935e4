"""Wall time of the Prefect `daily` flow against the plain CLI `evclaims run`, same input, same run.

Serves N articles (default 1,000, made by varying the demo site's articles) from the demo
site's server on 127.0.0.1, then runs, each as its own process from an empty folder:

    evclaims run FEED SITEMAP --delay 0 --allow-host 127.0.0.1 --max-pages N     (no Prefect)
    python flows.py daily --source FEED --source SITEMAP ...                      (temporary server)

and prints process wall time, the in-pipeline time (the `runs` row: started → finished) and
the ratio flow / CLI (target ≤ 1.3). The flow is run twice: once with a fresh PREFECT_HOME
(the temporary server migrates its SQLite database) and once with that home reused, then once
more on the same database (every article answers 304, nothing is extracted), then against a
standing `prefect server start` (started before the timed run, as schedules need it). With
`--dask` it also runs the flow with extraction on a local Dask cluster of 2 workers. Nothing
is asserted: speed belongs here, not in tests.

    .venv/bin/python benchmarks/bench_flows.py [--articles N] [--dask] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def make_corpus(n: int, path: Path, seed: int = 7) -> Path:
    """N distinct articles from the demo ones: figures rescaled, paragraphs reordered, new slugs and dates."""
    base = json.loads((REPO / "pipeline" / "demo" / "articles.json").read_text("utf-8"))
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        a = base["articles"][i % len(base["articles"])]
        factor = 1 + rng.randint(1, 60) / 100

        def scale(m: re.Match) -> str:
            text = m.group(0)
            if len(text.replace(",", "")) == 4 and text.startswith(("19", "20")):
                return text  # a year
            value = float(text.replace(",", "")) * factor  # noqa: B023 (used at once)
            return f"{value:,.0f}" if "," in text or "." not in text else f"{value:.1f}"

        paragraphs = [NUMBER.sub(scale, p) for p in a["paragraphs"]]
        head, rest = paragraphs[:1], paragraphs[1:]
        rng.shuffle(rest)
        day = date.fromisoformat(a["published"]) - timedelta(days=i // len(base["articles"]))
        articles.append({**a, "slug": f"{a['slug']}-{i:04d}", "published": day.isoformat(),
                         "title": f"{a['title']} ({i})", "paragraphs": head + rest})
    path.write_text(json.dumps({"publications": base["publications"], "articles": articles}), "utf-8")
    return path


def env(home: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    e.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
             PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90")
    return e


def timed(cmd: list[str], cwd: Path, environ: dict) -> float:
    cwd.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return wall


def start_server(home: Path, port: int = 4287) -> tuple[subprocess.Popen, str]:
    """A standing Prefect server (started outside the timed runs), as `flows.py serve` needs."""
    import httpx

    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env={**env(home), "PREFECT_UI_ENABLED": "false"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    stop_server(proc)
    sys.exit("the Prefect server did not start within 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and the workers it spawned
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def run_row(db: Path) -> tuple[float, dict]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        started, finished, stats = con.execute(
            "SELECT started_at, finished_at, stats FROM runs ORDER BY started_at DESC LIMIT 1").fetchall()[0]
    finally:
        con.close()
    return (finished - started).total_seconds(), json.loads(stats)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--dask", action="store_true", help="also run the flow on a local Dask cluster (2 workers)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the databases and logs in DIR")
    a = ap.parse_args()

    from pipeline.demo.site import DemoSite

    work = Path(tempfile.mkdtemp(prefix="bench-flows-")) if a.keep is None else a.keep
    work.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(a.articles, work / "articles.json")
    fetch = ["--delay", "0", "--allow-host", "127.0.0.1", "--max-pages", str(a.articles * 2)]
    rows = []
    with DemoSite(port=0, articles_path=corpus) as site:
        sources = site.sources
        print(f"{a.articles} articles on {site.base}; 2 cores; each run is its own process from an empty folder")

        cli_db = work / "cli" / "run.duckdb"
        wall = timed([str(BIN / "evclaims"), "run", *sources, "--db", str(cli_db), "--out", "out", *fetch],
                     work / "cli", env(work / "unused-home"))
        inner, stats = run_row(cli_db)
        rows.append(("evclaims run (CLI, no Prefect)", wall, inner, stats))

        home = work / "prefect-home"
        flow_cmd = [sys.executable, str(REPO / "flows.py"), "daily", *[x for s in sources for x in ("--source", s)],
                    "--db", "flow.duckdb", "--out", "out", *fetch]
        for label, folder in (("flows.py daily, fresh PREFECT_HOME", "flow-cold"),
                              ("flows.py daily, PREFECT_HOME reused", "flow-warm")):
            wall = timed(flow_cmd, work / folder, env(home))
            inner, stats = run_row(work / folder / "flow.duckdb")
            rows.append((label, wall, inner, stats))
        wall = timed(flow_cmd, work / "flow-warm", env(home))  # again on the same database
        inner, stats = run_row(work / "flow-warm" / "flow.duckdb")
        rows.append(("flows.py daily again, same db (304s, nothing new)", wall, inner, stats))
        server = start_server(work / "server-home")  # what `serve` and workers use: no temporary server
        try:
            wall = timed(flow_cmd, work / "flow-server", {**env(work / "server-home"), "PREFECT_API_URL": server[1]})
        finally:
            stop_server(server[0])
        inner, stats = run_row(work / "flow-server" / "flow.duckdb")
        rows.append(("flows.py daily, standing `prefect server start`", wall, inner, stats))
        if a.dask:
            wall = timed([*flow_cmd, "--dask", "--dask-workers", "2"], work / "flow-dask", env(home))
            inner, stats = run_row(work / "flow-dask" / "flow.duckdb")
            rows.append(("flows.py daily --dask (local cluster, 2 workers)", wall, inner, stats))
        cli_db = work / "cli-again" / "run.duckdb"  # the machine may have drifted: the CLI once more
        wall = timed([str(BIN / "evclaims"), "run", *sources, "--db", str(cli_db), "--out", "out", *fetch],
                     work / "cli-again", env(work / "unused-home"))
        inner, stats = run_row(cli_db)
        rows.append(("evclaims run again (CLI, no Prefect)", wall, inner, stats))

    clis = [r for r in rows if r[0].startswith("evclaims run")]
    base_wall, base_inner = min(r[1] for r in clis), min(r[2] for r in clis)  # ratios against the faster CLI run
    print(f"\n{'run':52} {'wall s':>8} {'ratio':>6} {'in-run s':>9} {'ratio':>6} {'articles':>8} {'claims':>7} "
          f"{'extracted':>9}")
    for label, wall, inner, stats in rows:
        articles = stats.get("counts", {}).get("articles")
        claims = stats.get("counts", {}).get("claims")
        extracted = stats.get("extract", {}).get("articles")
        print(f"{label:52} {wall:8.1f} {wall / base_wall:6.2f} {inner:9.1f} {inner / base_inner:6.2f} "
              f"{articles!s:>8} {claims!s:>7} {extracted!s:>9}")
    print("\nwall: the whole process (Python, imports, the temporary Prefect server); "
          "in-run: the pipeline itself, from the runs row")
    if a.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
