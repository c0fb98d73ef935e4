"""A loader process for the store's SIGKILL test: writes small batches, one transaction each.

    python tests/store_loader_proc.py DB N_BATCHES ARTICLES_PER_BATCH CLAIMS_PER_ARTICLE
    python tests/store_loader_proc.py --serve     # then one "DB N A C K DELAY" line per run

Prints "ready PID" once the database is open, then the number of each batch committed.
Batch b holds articles b*A .. b*A+A-1, each with C claims; even batches go in as dicts, odd
ones as DataFrames, so both load paths get killed mid-write.

`--serve` imports pandas and pyarrow once (0.9 s of the 1.1 s start) and forks a fresh child
process per run line. It SIGKILLs the child DELAY seconds after the child committed K batches
(K "-": never), whatever the machine's speed, and prints "exit STATUS"; so a test can kill
twenty real loader processes at chosen points in seconds. The server kills its own unreaped
child, so the pid cannot have been reused. It forks before importing DuckDB, whose import
starts a thread.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
import pyarrow.compute  # noqa: E402, F401  (imported before forking, for the children)


def batch(b: int, per_batch: int, per_article: int) -> tuple[list[dict], list[dict]]:
    from contract.spec import CLAIM_FIELDS

    articles, claims = [], []
    for i in range(b * per_batch, (b + 1) * per_batch):
        aid = f"art{i:05d}"
        articles.append(
            {
                "article_id": aid,
                "url": f"http://news.test/{i}",
                "text": "t " * 200,
                "content_hash": f"h{i}",
                "published": "2025-06-10",
            }
        )
        for k in range(per_article):
            c = dict.fromkeys(CLAIM_FIELDS)
            c.update(
                article_id=aid,
                subject="aito",
                metric="sales_volume",
                value_low=1000.0 * (k + 1),
                value_high=1000.0 * (k + 1),
                unit="vehicles",
                period_start="2025-01-01",
                period_end="2025-03-31",
                sentence=f"Aito sold {k} cars. " * 5,
                start_char=k * 100,
                end_char=k * 100 + 90,
            )
            claims.append(c)
    return articles, claims


def say(line: str) -> None:
    """One whole line in one write(2): a SIGKILL between print()'s separate writes of the text and
    its newline (unbuffered under PYTHONUNBUFFERED=1, as in CI) left "2exit 9" for the reader."""
    os.write(1, f"{line}\n".encode())


def load(args: list[str], ready_fd: int | None = None) -> None:
    import store

    db, n_batches, per_batch, per_article = args[0], *map(int, args[1:4])
    with store.connect(db) as s:
        say(f"ready {os.getpid()}")
        if ready_fd is not None:
            os.write(ready_fd, b"r")
        for b in range(n_batches):
            articles, claims = batch(b, per_batch, per_article)
            if b % 2:
                articles, claims = pd.DataFrame(articles), pd.DataFrame(claims)
            with s.transaction():
                s.load_articles(articles)
                s.replace_claims(articles, claims, "v1")
            say(str(b))
            if ready_fd is not None:
                os.write(ready_fd, b"b")


def serve() -> None:
    for line in sys.stdin:
        args = line.split()
        sys.stdout.flush()
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            code = 0
            try:
                load(args[:4], ready_w)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        os.close(ready_w)
        if os.read(ready_r, 1) and args[4] != "-":  # "r": the database is open
            committed = 0
            while committed < int(args[4]) and os.read(ready_r, 1):
                committed += 1
            time.sleep(float(args[5]))
            os.kill(pid, signal.SIGKILL)  # not yet reaped: still our child, whatever its state
        while os.read(ready_r, 1):  # until the child is gone (its writes must not break the pipe)
            pass
        os.close(ready_r)
        _, status = os.waitpid(pid, 0)
        say(f"exit {status}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        load(sys.argv[1:])
