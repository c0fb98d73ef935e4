"""The claims database: one DuckDB file, bulk idempotent loads, read-only access for analysts.

DuckDB allows one writing process per file and locks every other process out while it
writes, so writers hold the file only for a batch and readers retry briefly. Every load is
a pandas batch inserted set-based (`executemany` is ~800x slower), deduplicated on its key
first because DuckDB silently keeps the first of two rows with the same key.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import QueryError, StoreError, StoreLocked
from pipeline.spec import CLAIM_FIELDS
from store.schema import migrate

DEFAULT_DB = "evclaims.duckdb"
LOCK_RETRY_SECONDS = 5.0
_CONFIG = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id: the hash of what identifies the row."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def claim_id(article_id: str, claim: dict) -> str:
    return stable_id(
        article_id, claim.get("start_char"), claim.get("end_char"), claim.get("subject"), claim.get("metric"),
        claim.get("value_low"), claim.get("value_high"), claim.get("unit"), claim.get("qualifier"),
        claim.get("period_start"), claim.get("period_end"), claim.get("relation"), claim.get("object"),
        claim.get("segment"), claim.get("basis"), claim.get("geography"),
    )


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _open(path: str, read_only: bool, retry_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + retry_seconds
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=_CONFIG)
        except duckdb.IOException as e:
            msg = str(e)
            if "lock" in msg.lower():
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                pid = re.search(r"PID (\d+)", msg)
                holder = f" (PID {pid.group(1)})" if pid else ""
                raise StoreLocked(
                    f"{path}: the database is being written by another process{holder}; "
                    "retry when it finishes, or query the published snapshot",
                    path=path,
                ) from e
            raise StoreError(f"{path}: cannot open the database: {_first_line(msg)}", path=path) from e
        except duckdb.Error as e:
            raise StoreError(f"{path}: cannot open the database: {_first_line(str(e))}", path=path) from e


def _first_line(msg: str) -> str:
    return msg.strip().splitlines()[0] if msg.strip() else msg


class Store:
    """A connection to the claims database with the loaders and readers the stages use."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._columns: dict[str, list[tuple[str, str]]] = {}

    # -- plumbing -----------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def columns(self, table: str) -> list[tuple[str, str]]:
        if table not in self._columns:
            rows = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._columns[table] = [(r[0], r[1]) for r in rows]
        return self._columns[table]

    def _frame(self, table: str, rows: Sequence[dict] | pd.DataFrame, key: Sequence[str]) -> pd.DataFrame:
        names = [c for c, _ in self.columns(table)]
        df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        for c in names:
            if c not in df.columns:
                df[c] = None
        df = df[names]
        return df.drop_duplicates(subset=list(key), keep="last") if len(df) else df

    def _insert(self, table: str, df: pd.DataFrame, *, replace: bool = True) -> int:
        """Insert a frame set-based, casting each column to the table's type."""
        if not len(df):
            return 0
        select = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in self.columns(table))
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self.con.register("_evclaims_batch", df.astype(object).where(df.notna(), None))
        try:
            self.con.execute(f"{verb} INTO {table} SELECT {select} FROM _evclaims_batch")
        finally:
            self.con.unregister("_evclaims_batch")
        return len(df)

    def transaction(self):
        return _Transaction(self.con)

    # -- loaders --------------------------------------------------------------------------
    def load_articles(self, rows: Sequence[dict] | pd.DataFrame) -> int:
        df = self._frame("articles", rows, ["article_id"])
        with self.transaction():
            return self._insert("articles", df)

    def load_fetches(self, rows: Sequence[dict] | pd.DataFrame) -> int:
        df = self._frame("fetches", rows, ["fetch_id"])
        with self.transaction():
            return self._insert("fetches", df)

    def load_entities(self, entities: Iterable[dict]) -> int:
        """Replace the registry tables: rows with id, name, kind, parent, country, nev_only, aliases."""
        ents, aliases = [], []
        for e in entities:
            ents.append({"entity_id": e["id"], "name": e["name"], "kind": e["kind"], "parent_id": e.get("parent"),
                         "country": e.get("country"), "nev_only": bool(e.get("nev_only"))})
            aliases += [{"alias": a, "entity_id": e["id"]} for a in e.get("aliases", ())]
        with self.transaction():
            self.con.execute("DELETE FROM entity_aliases")
            self.con.execute("DELETE FROM entities")
            self._insert("entities", self._frame("entities", ents, ["entity_id"]))
            self._insert("entity_aliases", self._frame("entity_aliases", aliases, ["alias", "entity_id"]))
        return len(ents)

    def replace_claims(self, articles: Sequence[dict], claims: Sequence[dict], version: str) -> int:
        """Replace the claims of these articles with a new extraction, in one transaction.

        `articles`: dicts with article_id and content_hash (every article extracted, even with
        no claims, so it is not extracted again). `claims`: claim dicts with article_id.
        """
        created = now()
        rows = []
        for c in claims:
            row = {k: c.get(k) for k in CLAIM_FIELDS}
            row.update(article_id=c["article_id"], claim_id=c.get("claim_id") or claim_id(c["article_id"], c),
                       extractor_version=version, created_at=created)
            rows.append(row)
        df = self._frame("claims", rows, ["claim_id"])
        counts = pd.Series([r["article_id"] for r in rows], dtype=object).value_counts().to_dict()
        done = self._frame(
            "extractions",
            [{"article_id": a["article_id"], "extractor_version": version, "content_hash": a.get("content_hash"),
              "n_claims": int(counts.get(a["article_id"], 0)), "extracted_at": created} for a in articles],
            ["article_id", "extractor_version"],
        )
        ids = pd.DataFrame({"article_id": [a["article_id"] for a in articles]})
        with self.transaction():
            self.con.register("_evclaims_ids", ids)
            try:
                self.con.execute("DELETE FROM claims WHERE article_id IN (SELECT article_id FROM _evclaims_ids)")
                self.con.execute(
                    "DELETE FROM extractions WHERE article_id IN (SELECT article_id FROM _evclaims_ids)"
                )
            finally:
                self.con.unregister("_evclaims_ids")
            self._insert("claims", df)
            self._insert("extractions", done)
        return len(df)

    def replace_groups(self, groups: Sequence[dict], members: Sequence[dict]) -> None:
        """Replace every reconciliation group and membership, in one transaction."""
        created = now()
        g = self._frame("recon_groups", [{**x, "created_at": x.get("created_at") or created} for x in groups],
                        ["group_id"])
        m = self._frame("group_members", members, ["group_id", "claim_id"])
        with self.transaction():
            self.con.execute("DELETE FROM group_members")
            self.con.execute("DELETE FROM recon_groups")
            self._insert("recon_groups", g)
            self._insert("group_members", m)

    def record_run(self, run_id: str, kind: str, started_at: datetime, status: str, stats: dict) -> None:
        row = {"run_id": run_id, "kind": kind, "started_at": started_at, "finished_at": now(),
               "status": status, "stats": json.dumps(stats, default=str, sort_keys=True)}
        with self.transaction():
            self._insert("runs", self._frame("runs", [row], ["run_id"]))

    # -- readers --------------------------------------------------------------------------
    def fetch_state(self, urls: Sequence[str]) -> dict[str, dict]:
        """What we know of these URLs from earlier fetches: validators for a conditional GET."""
        if not urls:
            return {}
        df = pd.DataFrame({"url": list(dict.fromkeys(urls))})
        self.con.register("_evclaims_urls", df)
        try:
            rows = self.con.execute(
                """SELECT u.url, a.etag, a.last_modified, a.content_hash, a.article_id
                   FROM _evclaims_urls u JOIN articles a
                     ON a.url = u.url OR a.final_url = u.url OR a.canonical_url = u.url
                   QUALIFY row_number() OVER (PARTITION BY u.url ORDER BY a.fetched_at DESC NULLS LAST) = 1"""
            ).fetchall()
        finally:
            self.con.unregister("_evclaims_urls")
        return {r[0]: {"etag": r[1], "last_modified": r[2], "content_hash": r[3], "article_id": r[4]} for r in rows}

    def simhashes(self) -> list[tuple[str, str, str]]:
        return [
            (r[0], r[1], r[2])
            for r in self.con.execute(
                "SELECT article_id, simhash, coalesce(cluster_id, article_id) FROM articles "
                "WHERE simhash IS NOT NULL ORDER BY fetched_at NULLS LAST, article_id"
            ).fetchall()
        ]

    def content_hashes(self) -> dict[str, str]:
        """content_hash → article_id of stored articles (exact-duplicate detection)."""
        rows = self.con.execute(
            "SELECT content_hash, min(article_id) FROM articles WHERE content_hash IS NOT NULL GROUP BY 1"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def articles_to_extract(self, version: str, limit: int | None = None) -> pd.DataFrame:
        """Articles with text whose current content has not been extracted by `version`."""
        sql = """SELECT a.article_id, a.text, a.published, a.url, a.content_hash
                 FROM articles a
                 LEFT JOIN extractions x
                   ON x.article_id = a.article_id AND x.extractor_version = ?
                  AND x.content_hash IS NOT DISTINCT FROM a.content_hash
                 WHERE x.article_id IS NULL AND a.text IS NOT NULL AND length(a.text) > 0
                 ORDER BY a.article_id"""
        params: list = [version]
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return self.con.execute(sql, params).df()

    def claims_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM claims_enriched").df()

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        try:
            return self.con.execute(sql, params or []).df()
        except duckdb.Error as e:
            msg = _first_line(str(e))
            if self.read_only and "read-only" in msg:
                raise QueryError("refused: the database is open read-only here; "
                                 "this command cannot change it", sql=sql) from e
            raise QueryError(f"query failed: {msg}", sql=sql) from e

    def counts(self) -> dict[str, int]:
        out = {}
        for t in ("articles", "claims", "recon_groups", "fetches"):
            out[t] = self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        return out

    # -- publishing -----------------------------------------------------------------------
    def publish_snapshot(self, snapshot_path: str | Path) -> Path:
        """Copy the database to a read-only snapshot analysts can open while the next run writes."""
        dest = Path(snapshot_path)
        tmp = dest.with_name(dest.name + ".tmp")
        for p in (tmp, Path(str(tmp) + ".wal")):
            p.unlink(missing_ok=True)
        self.con.execute("CHECKPOINT")
        self.con.execute(f"ATTACH '{_sql_str(tmp)}' AS evclaims_snap")
        try:
            db = self.con.execute("SELECT current_database()").fetchall()[0][0]
            self.con.execute(f'COPY FROM DATABASE "{db}" TO evclaims_snap')
        finally:
            self.con.execute("DETACH evclaims_snap")
        os.replace(tmp, dest)
        return dest

    def export(self, directory: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table and analyst view to DIR as Parquet or CSV files."""
        if fmt not in ("parquet", "csv"):
            raise QueryError(f"unknown export format {fmt!r}; use parquet or csv")
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        names = [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        ).fetchall()]
        written = []
        for name in names:
            path = out_dir / f"{name}.{fmt}"
            opts = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
            self.con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_sql_str(path)}' {opts}")
            written.append(path)
        return written


def _sql_str(path: Path | str) -> str:
    """A file path as a SQL string literal body (paths are ours, never from the web)."""
    return str(path).replace("'", "''")


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN TRANSACTION")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")
        return False


def connect(path: str | Path | None = None, read_only: bool = False,
            retry_seconds: float = LOCK_RETRY_SECONDS) -> Store:
    """Open (and migrate) the claims database at `path` (default: $EVCLAIMS_DB or ./evclaims.duckdb)."""
    p = str(path or os.environ.get("EVCLAIMS_DB") or DEFAULT_DB)
    if read_only and not Path(p).exists():
        raise StoreError(f"{p}: no such database; create it with `evclaims ingest` or `evclaims run`", path=p)
    if not read_only:
        parent = Path(p).parent
        if not parent.exists():
            raise StoreError(f"{p}: folder {parent} does not exist", path=p)
        if Path(p).is_dir():
            raise StoreError(f"{p}: is a folder, not a database file", path=p)
    con = _open(p, read_only, retry_seconds)
    try:
        con.execute("SET TimeZone = 'UTC'")
        if read_only:
            from store.schema import SCHEMA_VERSION, current_version

            found = current_version(con)
            if found > SCHEMA_VERSION:
                raise StoreError(f"{p}: database schema version {found} is newer than this evclaims", path=p)
            if found == 0:
                raise StoreError(f"{p}: not an evclaims database (no schema_version table)", path=p)
        else:
            migrate(con, p)
    except Exception:
        con.close()
        raise
    return Store(con, p, read_only)


def copy_file_snapshot(src: str | Path, dest: str | Path) -> Path:
    """Copy a closed database file (used when no connection is open)."""
    shutil.copyfile(src, dest)
    return Path(dest)
