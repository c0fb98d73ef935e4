"""Helpers for the flow tests: one Prefect test harness per session, and DuckDB table comparison."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # flows.py sits at the repository root, outside the packages
    sys.path.insert(0, str(REPO))

# Offline, and a Prefect home of our own, before Prefect is imported anywhere in the session.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_HOME": tempfile.mkdtemp(prefix="evclaims-prefect-home-"),
}.items():
    os.environ.setdefault(_key, _value)

from contextlib import contextmanager  # noqa: E402

import duckdb  # noqa: E402

# Columns that differ between two runs over the same input by design (clock times, random ids).
RUN_SPECIFIC = {"created_at", "extracted_at", "fetched_at", "fetch_id", "run_id"}


@contextmanager
def prefect_harness_session():
    """One temporary Prefect server (SQLite) for every flow test of the session (~10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


def table_rows(db: Path | str, table: str) -> list[tuple]:
    """The rows of TABLE without run-specific columns, sorted: what two equal databases share."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            if r[0] not in RUN_SPECIFIC
        ]
        select = ", ".join(f'"{c}"' for c in cols)
        return sorted(con.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()
