"""Reconcile benchmark: `pipeline.reconcile.reconcile` on synthetic claims.

    .venv/bin/python benchmarks/bench_reconcile.py [--claims 5000] [--outlets 2000] [--seed 1]

Claims of 60 registry companies and brands (with their parents, so levels, scope links and the
arithmetic across scopes all run), three additive metrics, months, quarters and years of 2023-2025,
a few round values (so many agree, camp and conflict), a tenth of them in dollars beside yuan (so
conversions run). Times one reconcile (best of 3) and prints the groups by kind and verdict and
the machine's load average. Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.registry import load_registry  # noqa: E402
from pipeline.reconcile import reconcile  # noqa: E402


def _month_end(y: int, m: int) -> str:
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


def synthetic(n: int, outlets: int, seed: int, registry) -> list[dict]:
    rnd = random.Random(seed)
    subjects = [e.id for e in registry if e.kind in ("company", "brand")][:60]
    out = []
    for i in range(n):
        y, m, kind = rnd.choice((2023, 2024, 2025)), rnd.randint(1, 12), rnd.random()
        if kind < 0.5:
            ps, pe = f"{y}-{m:02d}-01", _month_end(y, m)
        elif kind < 0.8:
            q = (m - 1) // 3
            ps, pe = f"{y}-{3 * q + 1:02d}-01", _month_end(y, 3 * q + 3)
        else:
            ps, pe = f"{y}-01-01", f"{y}-12-31"
        metric = rnd.choice(("deliveries", "sales_volume", "revenue"))
        unit, v = "vehicles", float(rnd.choice((10000, 12000, 30000, 84000, 92000, 150000)))
        if metric == "revenue":
            unit, v = ("USD", v * 1e5 / 7.2) if rnd.random() < 0.1 else ("CNY", v * 1e5)
        out.append(
            {
                "claim_id": f"c{i}",
                "doc_id": f"d{rnd.randrange(outlets)}",
                "subject": rnd.choice(subjects),
                "metric": metric,
                "value_low": v,
                "value_high": v,
                "unit": unit,
                "qualifier": rnd.choice(("exact", "exact", "exact", "more_than")),
                "period_start": ps,
                "period_end": pe,
                "modality": "reported",
                "published": _month_end(y, m),
                "sentence": None,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--outlets", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    registry = load_registry()
    claims = synthetic(a.claims, a.outlets, a.seed, registry)
    best, groups = float("inf"), []
    for _ in range(3):
        t = time.perf_counter()
        groups = reconcile(claims, registry)
        best = min(best, time.perf_counter() - t)
    kinds = collections.Counter((g.kind, g.verdict) for g in groups)
    print(
        f"{len(claims):,} claims -> {len(groups):,} groups in {best:.2f} s ({len(claims) / best:,.0f} claims/s)"
    )
    for (kind, verdict), n in sorted(kinds.items()):
        print(f"  {kind:12} {verdict:16} {n:6,}")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
