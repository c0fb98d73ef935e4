"""Wall time of the Prefect flows against the plain CLI, same input: two parts.

`sites`: many sites, one scheduled ingest. Serves `--sites` demo sites (default 8) of `--articles-per-site`
articles each (default 10) on their own ports of 127.0.0.1, lists them in a sources.toml with a polite
`delay` (default 0.5 s between requests to one host), and runs, each in its own process from an
empty folder (the flows against a standing Prefect server, started untimed):

    evclaims ingest --all --config sources.toml          (no Prefect; one run, hosts side by side)
    python flows.py ingest --config sources.toml         (the ingest flow: one task for every source)
    the per-source flow: one ingest task per source, one after another (the ingest flow before the
    stage layer; defined here, `--per-source-flow`)

and prints wall time, the span of the fetches (first to last `fetched_at` in the database: the ingest
itself, without Python's start or Prefect's) and the articles stored; the three must store the same.

`daily`: serves N articles (default 1,000, made by varying the demo site's articles) from the demo
site's server on 127.0.0.1, then runs, each as its own process from an empty folder:

    evclaims run FEED SITEMAP --delay 0 --allow-host 127.0.0.1 --max-pages N     (no Prefect)
    python flows.py daily --source FEED --source SITEMAP ...                      (temporary server)

and prints process wall time, the in-pipeline time (the `runs` row: started → finished) and
the ratio flow / CLI (target ≤ 1.3). Variants of the flow: the temporary server with a fresh
PREFECT_HOME (it migrates its SQLite database) and with that home reused, and against a
standing `prefect server start` (started before, untimed, as schedules need it); then once more
on the same database (every article answers 304, nothing is extracted) and, with `--dask`, with
extraction on a local Dask cluster of 2 workers. CLI and flow runs alternate for `--repeat`
rounds and the best of each is shown (this box is shared; single runs vary by ±30 %). Nothing
is asserted: speed belongs here, not in tests.

    .venv/bin/python benchmarks/bench_flows.py [--part sites|daily|both] [--sites S]
        [--articles-per-site A] [--delay SECONDS] [--articles N] [--repeat R] [--dask] [--keep DIR]
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
        articles.append(
            {
                **a,
                "slug": f"{a['slug']}-{i:04d}",
                "published": day.isoformat(),
                "title": f"{a['title']} ({i})",
                "paragraphs": head + rest,
            }
        )
    path.write_text(json.dumps({"publications": base["publications"], "articles": articles}), "utf-8")
    return path


def env(home: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    e.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
    )
    return e


def timed(cmd: list[str], cwd: Path, environ: dict) -> float | None:
    """Wall seconds of CMD run in CWD; None (and its last error line printed) when it fails."""
    cwd.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True)
    wall = time.perf_counter() - t
    (cwd / "stderr.log").write_text(r.stderr, "utf-8")
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"failed ({r.returncode}): {' '.join(cmd[:3])} ... in {cwd.name}: {last}", flush=True)
        return None
    return wall


def start_server(home: Path, port: int = 4287) -> tuple[subprocess.Popen, str]:
    """A standing Prefect server (started outside the timed runs), as `flows.py serve` needs."""
    import httpx

    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env={**env(home), "PREFECT_UI_ENABLED": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
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
            "SELECT started_at, finished_at, stats FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchall()[0]
    finally:
        con.close()
    return (finished - started).total_seconds(), json.loads(stats)


CLI = "evclaims run (CLI, no Prefect)"
COLD = "flows.py daily, temporary server, fresh PREFECT_HOME"
WARM = "flows.py daily, temporary server, PREFECT_HOME reused"
STANDING = "flows.py daily, standing `prefect server start`"
AGAIN = "flows.py daily again on its db (304s, nothing new)"
DASK = "flows.py daily --dask (local cluster, 2 workers)"


def per_source_flow(config: str, db: str) -> None:
    """The ingest flow as it was before the stage layer: one task per source, one after another."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    from pipeline import stages
    from pipeline.config import load_sources

    @task(cache_policy=NO_CACHE)
    def ingest_one(name: str) -> dict:
        return stages.ingest(db, (), None, config=config, only=[name]).result.as_dict()

    @flow(name="ingest-per-source")
    def ingest_each() -> None:
        for source in load_sources(config).sources:
            ingest_one.with_options(name=f"ingest-{source.name}")(source.name)

    ingest_each()


def fetch_span(db: Path) -> tuple[float, int, int]:
    """Seconds from the first to the last fetch row, fetch rows, articles (the ingest, not the process)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        first, last, fetches = con.execute(
            "SELECT min(fetched_at), max(fetched_at), count(*) FROM fetches"
        ).fetchall()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    finally:
        con.close()
    return (last - first).total_seconds(), fetches, articles


CLI_ALL = "evclaims ingest --all (CLI, no Prefect)"
FLOW_ONE = "flows.py ingest (one task, all sources at once)"
FLOW_EACH = "per-source flow (a task per source, in turn)"


def sites_part(a: argparse.Namespace, work: Path) -> None:
    from contextlib import ExitStack

    from pipeline.demo.site import DemoSite

    runs: dict[str, list[tuple[float, float, int, int]]] = {}
    with ExitStack() as stack:
        sites = [
            stack.enter_context(
                DemoSite(
                    port=0, articles_path=make_corpus(a.articles_per_site, work / f"site{i}.json", seed=i)
                )
            )
            for i in range(a.sites)
        ]
        cfg = work / "sources.toml"
        cfg.write_text(
            f'[settings]\ndelay = {a.delay}\nallow_hosts = ["127.0.0.1"]\nmax_pages = {a.articles_per_site * 2}\n'
            + "".join(
                f'\n[[source]]\nname = "site{i}"\nurls = {json.dumps(s.sources)}\n'
                for i, s in enumerate(sites)
            ),
            "utf-8",
        )
        print(
            f"\n{a.sites} sites of {a.articles_per_site} articles on 127.0.0.1 (one port each), delay {a.delay} s "
            f"per host; each run its own process from an empty folder, the flows on a standing Prefect server; "
            f"{a.repeat} round(s), best shown"
        )
        home = work / "sites-server-home"
        server, url = start_server(home)
        commands = {
            CLI_ALL: ([str(BIN / "evclaims"), "ingest", "--all", "--config", str(cfg), "--db", "run.duckdb"], env(work / "unused-home")),
            FLOW_ONE: ([sys.executable, str(REPO / "flows.py"), "ingest", "--config", str(cfg), "--db", "run.duckdb"], {**env(home), "PREFECT_API_URL": url}),
            FLOW_EACH: ([sys.executable, str(Path(__file__).resolve()), "--per-source-flow", str(cfg), "run.duckdb"], {**env(home), "PREFECT_API_URL": url}),
        }  # fmt: skip
        try:
            for r in range(a.repeat):
                for i, (label, (cmd, environ)) in enumerate(commands.items()):
                    folder = work / f"sites-{i}-{r}"
                    shutil.rmtree(folder, ignore_errors=True)
                    wall = timed(cmd, folder, environ)
                    if wall is not None:
                        runs.setdefault(label, []).append((wall, *fetch_span(folder / "run.duckdb")))
        finally:
            stop_server(server)
    print(
        f"\n{'run':48} {'wall s':>7} {'fetch span s':>12} {'vs --all':>8} {'fetches':>8} {'articles':>8}  all walls"
    )
    base = min(r[1] for r in runs.get(CLI_ALL, [(1.0, 1.0, 0, 0)]))
    for label, results in runs.items():
        wall, span, fetches, articles = (
            min(r[0] for r in results),
            min(r[1] for r in results),
            *results[0][2:],
        )
        print(
            f"{label:48} {wall:7.1f} {span:12.1f} {span / base:8.2f} {fetches:8d} {articles:8d}  "
            + ", ".join(f"{r[0]:.1f}" for r in results)
        )
    print(
        "wall: the whole process (Python, imports, flow and task runs); fetch span: first to last fetch row"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("sites", "daily", "both"), default="both")
    ap.add_argument("--sites", type=int, default=8, help="sites of the `sites` part")
    ap.add_argument("--articles-per-site", type=int, default=10)
    ap.add_argument("--delay", type=float, default=0.5, help="seconds between requests to one host (sites)")
    ap.add_argument("--articles", type=int, default=1000, help="articles of the `daily` part")
    ap.add_argument(
        "--dask", action="store_true", help="also run the flow on a local Dask cluster (2 workers)"
    )
    ap.add_argument("--repeat", type=int, default=2, help="rounds of CLI / flow runs, interleaved")
    ap.add_argument("--keep", type=Path, default=None, help="keep the databases and logs in DIR")
    ap.add_argument("--per-source-flow", nargs=2, metavar=("CONFIG", "DB"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.per_source_flow:
        per_source_flow(*a.per_source_flow)
        return

    work = Path(tempfile.mkdtemp(prefix="bench-flows-")) if a.keep is None else a.keep
    work.mkdir(parents=True, exist_ok=True)
    if a.part in ("sites", "both"):
        sites_part(a, work)
    if a.part in ("daily", "both"):
        daily_part(a, work)
    if a.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def daily_part(a: argparse.Namespace, work: Path) -> None:
    from pipeline.demo.site import DemoSite

    corpus = make_corpus(a.articles, work / "articles.json")
    fetch = ["--delay", "0", "--allow-host", "127.0.0.1", "--max-pages", str(a.articles * 2)]
    runs: dict[str, list[tuple[float, float, dict]]] = {}

    def measure(label: str, cmd: list[str], folder: str, environ: dict, db: str) -> None:
        if (work / folder).exists() and label != AGAIN:
            shutil.rmtree(work / folder)
        wall = timed(cmd, work / folder, environ)
        if wall is not None:
            runs.setdefault(label, []).append((wall, *run_row(work / folder / db)))

    with DemoSite(port=0, articles_path=corpus) as site:
        sources = site.sources
        print(
            f"{a.articles} articles on {site.base}; 2 cores; each run is its own process from an empty folder; "
            f"CLI and flow runs interleaved, {a.repeat} rounds, best of each shown"
        )
        cli_cmd = [str(BIN / "evclaims"), "run", *sources, "--db", "run.duckdb", "--out", "out", *fetch]
        flow_cmd = [
            sys.executable,
            str(REPO / "flows.py"),
            "daily",
            *[x for s in sources for x in ("--source", s)],
            "--db",
            "flow.duckdb",
            "--out",
            "out",
            *fetch,
        ]
        home, server_home = work / "prefect-home", work / "server-home"
        measure(CLI, cli_cmd, "cli", env(work / "unused-home"), "run.duckdb")
        measure(COLD, flow_cmd, "flow-cold", env(home), "flow.duckdb")
        server = start_server(server_home)  # what `serve` and workers use; its start is not timed
        try:
            for _ in range(a.repeat):
                measure(WARM, flow_cmd, "flow-warm", env(home), "flow.duckdb")
                measure(
                    STANDING,
                    flow_cmd,
                    "flow-server",
                    {**env(server_home), "PREFECT_API_URL": server[1]},
                    "flow.duckdb",
                )
                measure(CLI, cli_cmd, "cli", env(work / "unused-home"), "run.duckdb")
        finally:
            stop_server(server[0])
        measure(AGAIN, flow_cmd, "flow-warm", env(home), "flow.duckdb")  # the same database once more
        if a.dask:
            measure(DASK, [*flow_cmd, "--dask", "--dask-workers", "2"], "flow-dask", env(home), "flow.duckdb")

    base_wall = min(r[0] for r in runs[CLI])
    base_inner = min(r[1] for r in runs[CLI])
    print(
        f"\n{'run':50} {'wall s':>7} {'ratio':>6} {'in-run s':>8} {'ratio':>6} {'articles':>8} {'claims':>7} "
        f"{'extracted':>9}  all walls"
    )
    for label, results in runs.items():
        wall, inner, stats = min(results, key=lambda r: r[0])
        counts = stats.get("counts", {})
        print(
            f"{label:50} {wall:7.1f} {wall / base_wall:6.2f} {inner:8.1f} {min(r[1] for r in results) / base_inner:6.2f} "
            f"{counts.get('articles')!s:>8} {counts.get('claims')!s:>7} "
            f"{stats.get('extract', {}).get('articles')!s:>9}  {', '.join(f'{r[0]:.1f}' for r in results)}"
        )
    print(
        "\nwall: the whole process (Python, imports, the temporary Prefect server); "
        "in-run: the pipeline itself, from the runs row"
    )


if __name__ == "__main__":
    main()
