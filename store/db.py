"""The claims database: one DuckDB file, bulk idempotent loads, read-only access for analysts.

DuckDB allows one writing process per file and locks every other process out while it
writes, so writers hold the file only for a batch and readers retry briefly. Every load is
a pandas or Arrow batch inserted set-based (`executemany` is ~800x slower), deduplicated on its key
first because DuckDB silently keeps the first of two rows with the same key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from contract.errors import QueryError, StoreError, StoreLocked
from contract.spec import CLAIM_FIELDS
from store.schema import migrate

log = logging.getLogger("evclaims.store")

DEFAULT_DB = "evclaims.duckdb"
# Keyless tables (schema v2): appended to after their writer deleted what a batch replaces.
APPEND_ONLY = frozenset({"claims", "recon_groups", "group_members", "camp_relations"})
LOCK_RETRY_SECONDS = 5.0
# DuckDB threads inside a write transaction; queries keep every core. On 2 cores shared with
# other jobs (load average 4-5), 1M claims took 5.3-8.9 s of CPU with one thread and 8.3-8.6 s
# with two, and a 250k-claim rerun 1.7-3.1 s wall against 5.6 s (benchmarks/bench_store.py
# --threads): the loader shares the cores with the extraction workers that feed it.
LOAD_THREADS = 1
_CONFIG = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


# The claim fields `claim_id` hashes after the article id, in order.
_ID_FIELDS = (
    "start_char",
    "end_char",
    "subject",
    "metric",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
    "relation",
    "object",
    "segment",
    "basis",
    "geography",
)


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id: the hash of what identifies the row."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def claim_id(article_id: str, claim: dict) -> str:
    """The id of a claim dict: the hash of its article and the fields that identify it."""
    return stable_id(article_id, *(claim.get(f) for f in _ID_FIELDS))


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
            msg = _first_line(str(e))
            if "replaying WAL" in msg:
                raise StoreError(
                    f"{path}: cannot open the database: {msg}; moving {path}.wal aside opens it "
                    "at its last checkpoint, without the changes after it",
                    path=path,
                ) from e
            raise StoreError(f"{path}: cannot open the database: {msg}", path=path) from e


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    """UTC, and no progress bar: DuckDB draws it on stdout for long queries, into piped CSV/JSON."""
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")


def _first_line(msg: str) -> str:
    return msg.strip().splitlines()[0] if msg.strip() else msg


class Store:
    """A connection to the claims database with the loaders and readers the stages use."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._columns: dict[str, list[tuple[str, str]]] = {}
        self._depth = 0  # open transaction() blocks
        self.load_threads: int | None = None if read_only else LOAD_THREADS

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
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "AND table_catalog = current_database() AND table_schema = 'main' ORDER BY ordinal_position",
                [table],
            ).fetchall()
            self._columns[table] = [(r[0], r[1]) for r in rows]
        return self._columns[table]

    def _frame(self, table: str, rows: Sequence[dict] | pd.DataFrame, key: Sequence[str]) -> pd.DataFrame:
        """The batch as a frame with exactly the table's columns, deduplicated on `key` (last row wins)."""
        names = [c for c, _ in self.columns(table)]
        df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        missing = [c for c in names if c not in df.columns]
        df = df.reindex(columns=names) if missing else df[names]
        return df.drop_duplicates(subset=list(key), keep="last") if len(df) else df

    def _insert(self, table: str, df: pd.DataFrame | pa.Table, *, replace: bool = True) -> int:
        """Insert a frame set-based, casting each column to the table's type.

        Tables with a key are upserted (`replace`: the batch wins; else existing rows win); the
        keyless ones of schema v2 (claims, recon_groups, group_members) are appended: their
        writers delete what the batch replaces first.
        """
        if not len(df):
            return 0
        select = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in self.columns(table))
        verb = "INSERT" if table in APPEND_ONLY else "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self.con.register("_evclaims_batch", df if isinstance(df, pa.Table) else _as_arrow(df))
        try:
            self.con.execute(f"{verb} INTO {table} SELECT {select} FROM _evclaims_batch")
        finally:
            self.con.unregister("_evclaims_batch")
        return len(df)

    def transaction(self) -> _Transaction:
        """One transaction; nested uses join the outer one, so several loads can commit together."""
        return _Transaction(self)

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
            ents.append(
                {
                    "entity_id": e["id"],
                    "name": e["name"],
                    "kind": e["kind"],
                    "parent_id": e.get("parent"),
                    "country": e.get("country"),
                    "nev_only": bool(e.get("nev_only")),
                }
            )
            aliases += [{"alias": a, "entity_id": e["id"]} for a in e.get("aliases", ())]
        with self.transaction():
            self.con.execute("DELETE FROM entity_aliases")
            self.con.execute("DELETE FROM entities")
            self._insert("entities", self._frame("entities", ents, ["entity_id"]))
            self._insert("entity_aliases", self._frame("entity_aliases", aliases, ["alias", "entity_id"]))
        return len(ents)

    def replace_claims(
        self, articles: Sequence[dict] | pd.DataFrame, claims: Sequence[dict] | pd.DataFrame, version: str
    ) -> int:
        """Replace the claims of these articles with a new extraction, in one transaction.

        `articles`: dicts (or a frame) with article_id and content_hash: every article extracted,
        even with no claims, so it is not extracted again. `claims`: claim dicts with article_id,
        or a frame of them: the bulk path (benchmarks/bench_store.py: 1M claims in 6-12 s of CPU
        on 2 cores). Frame rows without a claim_id get one hashed set-based in DuckDB, equal to
        `claim_id()` of the row with the table's types (float values, int offsets, ISO dates).
        Returns the number of claims stored.
        """
        created = now()
        names = [c for c, _ in self.columns("claims")]
        batch = (
            _claim_batch(claims).assign(extractor_version=version, created_at=created).reindex(columns=names)
        )
        arts = articles if isinstance(articles, pd.DataFrame) else pd.DataFrame(list(articles))
        arts = arts.reindex(columns=["article_id", "content_hash"]).drop_duplicates("article_id", keep="last")
        with self.transaction():
            table = _as_arrow(batch)
            if table.num_rows and table.column("claim_id").null_count:
                ids = pc.coalesce(table.column("claim_id").cast(pa.string()), self._hash_claim_ids(table))
                table = table.set_column(names.index("claim_id"), "claim_id", ids)
            if table.num_rows and pc.count_distinct(table.column("claim_id")).as_py() < table.num_rows:
                # The same claim twice in a batch: keep the last (DuckDB would silently keep the first).
                table = _as_arrow(table.to_pandas().drop_duplicates("claim_id", keep="last"))
            n_claims = table.column("article_id").to_pandas().value_counts()
            done = pd.DataFrame(
                {
                    "article_id": arts["article_id"],
                    "extractor_version": version,
                    "content_hash": arts["content_hash"],
                    "n_claims": arts["article_id"].map(n_claims).fillna(0).astype("int64"),
                    "extracted_at": created,
                }
            )
            self.con.register("_evclaims_ids", _as_arrow(arts[["article_id"]]))
            self.con.register("_evclaims_claim_ids", table.select(["claim_id"]))
            try:
                # Set-based deletes: the articles' old claims, and any row the batch's ids replace.
                self.con.execute(
                    "DELETE FROM claims WHERE article_id IN (SELECT CAST(article_id AS VARCHAR) FROM _evclaims_ids) "
                    "OR claim_id IN (SELECT CAST(claim_id AS VARCHAR) FROM _evclaims_claim_ids)"
                )
                self.con.execute(
                    "DELETE FROM extractions WHERE article_id IN (SELECT CAST(article_id AS VARCHAR) FROM _evclaims_ids)"
                )
            finally:
                self.con.unregister("_evclaims_ids")
                self.con.unregister("_evclaims_claim_ids")
            self._insert("claims", table)
            self._insert("extractions", done)
        return table.num_rows

    def _hash_claim_ids(self, table: pa.Table) -> pa.ChunkedArray:
        """`claim_id` of every row of a claims batch, hashed in DuckDB over the typed values."""
        types = dict(self.columns("claims"))
        parts = ", chr(31), ".join(
            f"coalesce(CAST(CAST(\"{c}\" AS {types[c]}) AS VARCHAR), '')" for c in ("article_id", *_ID_FIELDS)
        )
        self.con.register("_evclaims_hash", table)
        try:
            ids = self.con.sql(
                f"SELECT substr(sha256(concat({parts})), 1, 16) FROM _evclaims_hash"
            ).to_arrow_table()
        except duckdb.Error as e:
            raise StoreError(
                f"{self.path}: bad claim values in the batch: {_first_line(str(e))}", path=self.path
            ) from e
        finally:
            self.con.unregister("_evclaims_hash")
        return ids.column(0).cast(pa.string())

    def replace_groups(
        self,
        groups: Sequence[dict] | pd.DataFrame,
        members: Sequence[dict] | pd.DataFrame,
        camp_relations: Sequence[dict] | pd.DataFrame = (),
    ) -> None:
        """Replace every reconciliation group, membership and relation between camps, in one
        transaction.

        Rows carry the columns of recon_groups, group_members and camp_relations
        (`pipeline.reconcile.group_rows`); a column a row lacks is stored null."""
        created = now()
        g = self._frame("recon_groups", groups, ["group_id"])
        g = g.assign(created_at=g["created_at"].where(g["created_at"].notna(), created))
        m = self._frame("group_members", members, ["group_id", "claim_id"])
        r = self._frame("camp_relations", camp_relations, ["group_id", "camp_a", "camp_b"])
        with self.transaction():
            self.con.execute("DELETE FROM camp_relations")
            self.con.execute("DELETE FROM group_members")
            self.con.execute("DELETE FROM recon_groups")
            self._insert("recon_groups", g)
            self._insert("group_members", m)
            self._insert("camp_relations", r)

    def record_run(self, run_id: str, kind: str, started_at: datetime, status: str, stats: dict) -> None:
        row = {
            "run_id": run_id,
            "kind": kind,
            "started_at": started_at,
            "finished_at": now(),
            "status": status,
            "stats": json.dumps(stats, default=str, sort_keys=True),
        }
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
        return {
            r[0]: {"etag": r[1], "last_modified": r[2], "content_hash": r[3], "article_id": r[4]}
            for r in rows
        }

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

    def article_ids(self) -> set[str]:
        """Ids of every stored article (ingest tells a new article from an updated one by them)."""
        return {r[0] for r in self.con.execute("SELECT article_id FROM articles").fetchall()}

    def article_text(self, article_id: str) -> str | None:
        """The stored text of one article (None if absent): near-duplicate checks compare texts."""
        row = self.con.execute("SELECT text FROM articles WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def articles_to_extract(self, version: str, limit: int | None = None) -> pd.DataFrame:
        """Articles with text whose current content has not been extracted by `version`."""
        sql = """SELECT a.article_id, a.text, a.published, a.url, a.title, a.content_hash
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

    def articles_with_text(self) -> int:
        """Articles that have text to extract claims from (the extract plan's denominator)."""
        sql = "SELECT count(*) FROM articles WHERE text IS NOT NULL AND length(text) > 0"
        return int(self.con.execute(sql).fetchall()[0][0])

    def claims_frame(self) -> pd.DataFrame:
        """Every claim with its article's columns (the view claims_enriched): what reconcile reads."""
        return self.query_df("SELECT * FROM claims_enriched")

    def report_tables(self) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
        """What a report shows, as records: claims with their articles (by claim id), groups (by group
        id), group members, and camp relations (none in a file from before schema v4)."""
        claims = self.query_df("SELECT * FROM claims_enriched ORDER BY claim_id").to_dict("records")
        groups = self.query_df("SELECT * FROM recon_groups ORDER BY group_id").to_dict("records")
        members = self.query_df("SELECT * FROM group_members").to_dict("records")
        has_relations = self.query_df(
            "SELECT count(*) n FROM information_schema.tables WHERE table_name = 'camp_relations' "
            "AND table_catalog = current_database()"
        )["n"][0]
        relations = (
            self.query_df("SELECT * FROM camp_relations ORDER BY group_id, camp_a, camp_b").to_dict("records")
            if has_relations
            else []
        )
        return claims, groups, members, relations

    def user_query(self, sql: str) -> pd.DataFrame:
        """A person's SQL (`evclaims query`), with DuckDB's access to files and the network turned off
        for the rest of this connection: it reads this database and nothing else. Open the store
        read-only for it, so that a write is refused too."""
        self.con.execute("SET enable_external_access = false")
        return self.query_df(sql)

    def query_df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        try:
            return self.con.execute(sql, params or []).df()
        except duckdb.Error as e:
            msg = _first_line(str(e))
            if self.read_only and "read-only" in msg:
                raise QueryError(
                    "refused: the database is open read-only here; this command cannot change it", sql=sql
                ) from e
            raise QueryError(f"query failed: {msg}", sql=sql) from e

    def describe(self) -> pd.DataFrame:
        """Every column of every table and view: name, kind, column, type, and what it means."""
        from store.docs import describe_columns

        return pd.DataFrame(describe_columns(self.con), columns=["name", "kind", "column", "type", "about"])

    def counts(self) -> dict[str, int]:
        out = {}
        for t in ("articles", "claims", "recon_groups", "fetches"):
            out[t] = self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        return out

    # -- publishing -----------------------------------------------------------------------
    def publish_snapshot(self, snapshot_path: str | Path) -> Path:
        """Copy the database to a read-only snapshot analysts can open while the next run writes
        (the file only; `store.publish` writes the file and the Parquet folder)."""
        from store.publish import snapshot_file

        return snapshot_file(self, snapshot_path)

    def export(self, directory: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table and analyst view to DIR as Parquet or CSV files."""
        if fmt not in ("parquet", "csv"):
            raise QueryError(f"unknown export format {fmt!r}; use parquet or csv")
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        names = [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        written = []
        for name in names:
            path = out_dir / f"{name}.{fmt}"
            opts = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
            self.con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_sql_str(path)}' {opts}")
            written.append(path)
        return written


def _as_arrow(df: pd.DataFrame) -> pa.Table:
    """A batch as Arrow (NaN/NaT become null); a column Arrow cannot type goes as strings."""
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # A column mixing types (e.g. date objects and ISO strings): let the SQL CAST parse text.
        cols = {}
        for c in df.columns:
            try:
                cols[c] = pa.array(df[c], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                cols[c] = pa.array([None if _missing(v) else str(v) for v in df[c]], type=pa.string())
        return pa.table(cols)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NaT


def _claim_batch(claims: Sequence[dict] | pd.DataFrame) -> pd.DataFrame:
    """Claims as a frame of article_id, claim_id and the claim fields.

    Dicts get their claim_id from `claim_id()` of the dict as given (the ids stored so far);
    a frame keeps the ids it has and leaves the rest null for `Store._hash_claim_ids`.
    """
    cols = ["article_id", "claim_id", *CLAIM_FIELDS]
    if isinstance(claims, pd.DataFrame):
        df = claims.reindex(columns=cols)
    else:
        rows = []
        for c in claims:
            row = {k: c.get(k) for k in CLAIM_FIELDS}
            aid = c.get("article_id")
            row.update(
                article_id=aid, claim_id=c.get("claim_id") or (claim_id(aid, c) if aid is not None else None)
            )
            rows.append(row)
        df = pd.DataFrame(rows, columns=cols)
    if df["article_id"].isna().any():
        raise StoreError("replace_claims: a claim has no article_id")
    return df


def _sql_str(path: Path | str) -> str:
    """A file path as a SQL string literal body (paths are ours, never from the web)."""
    return str(path).replace("'", "''")


class _Transaction:
    """BEGIN/COMMIT, or ROLLBACK on an exception; an inner one joins the open outer one.

    A DuckDB error inside (bad value, disk full) leaves nothing of the batch and comes out as
    a one-line StoreError naming the database file.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> _Transaction:
        store = self.store
        if store._depth == 0:
            self.threads = None
            if store.load_threads:
                self.threads = store.con.execute("SELECT current_setting('threads')").fetchall()[0][0]
                store.con.execute(f"SET threads = {int(store.load_threads)}")
            store.con.execute("BEGIN TRANSACTION")
        store._depth += 1
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self.store._depth -= 1
        if self.store._depth > 0:
            return False
        try:
            return self._end(exc_type, exc)
        finally:
            if self.threads is not None:
                try:
                    self.store.con.execute(f"SET threads = {int(self.threads)}")
                except duckdb.Error as e:  # invalidated by a fatal error, already being raised
                    log.debug("%s: could not restore threads: %s", self.store.path, e)

    def _end(self, exc_type, exc) -> bool:
        path = self.store.path
        if exc_type is None:
            try:
                self.store.con.execute("COMMIT")
            except duckdb.Error as e:
                raise StoreError(f"{path}: writing the batch failed: {_first_line(str(e))}", path=path) from e
            return False
        try:
            self.store.con.execute("ROLLBACK")
        except duckdb.Error as e:  # after a fatal error DuckDB refuses even ROLLBACK: say so
            if isinstance(exc, duckdb.Error):
                raise StoreError(
                    f"{path}: writing the batch failed: {_first_line(str(exc))}; "
                    "nothing of it was committed; reopen the database",
                    path=path,
                ) from exc
            raise StoreError(f"{path}: rollback failed: {_first_line(str(e))}", path=path) from e
        if isinstance(exc, duckdb.Error):
            raise StoreError(f"{path}: writing the batch failed: {_first_line(str(exc))}", path=path) from exc
        return False


def connect(
    path: str | Path | None = None, read_only: bool = False, retry_seconds: float = LOCK_RETRY_SECONDS
) -> Store:
    """Open (and migrate) the claims database at `path` (default: $EVCLAIMS_DB or ./evclaims.duckdb).

    A write-ahead log left by a killed writer is replayed by DuckDB (whole transactions only;
    a torn or damaged tail is dropped) and, on a writable open, checkpointed into the file.
    """
    p = str(path or os.environ.get("EVCLAIMS_DB") or DEFAULT_DB)
    if Path(p).is_dir():
        raise StoreError(f"{p}: is a folder, not a database file", path=p)
    if read_only and not Path(p).exists():
        raise StoreError(f"{p}: no such database; create it with `evclaims ingest` or `evclaims run`", path=p)
    if not read_only:
        parent = Path(p).parent
        if not parent.exists():
            raise StoreError(f"{p}: folder {parent} does not exist", path=p)
    wal = Path(p + ".wal")
    recovered = not read_only and wal.exists() and wal.stat().st_size > 0
    con = _open(p, read_only, retry_seconds)
    try:
        quiet(con)
        if read_only:
            from store.schema import SCHEMA_VERSION, current_version

            found = current_version(con)
            if found > SCHEMA_VERSION:
                raise StoreError(f"{p}: database schema version {found} is newer than this evclaims", path=p)
            if found == 0:
                raise StoreError(f"{p}: not an evclaims database (no schema_version table)", path=p)
        else:
            migrate(con, p)
            if recovered:
                con.execute("CHECKPOINT")
                log.warning(
                    "%s: replayed the write-ahead log an interrupted writer left (whole transactions "
                    "only) and checkpointed it",
                    p,
                )
    except duckdb.Error as e:
        con.close()
        raise StoreError(f"{p}: cannot open the database: {_first_line(str(e))}", path=p) from e
    except Exception:
        con.close()
        raise
    return Store(con, p, read_only)


def copy_file_snapshot(src: str | Path, dest: str | Path) -> Path:
    """Copy a closed database file (used when no connection is open)."""
    shutil.copyfile(src, dest)
    return Path(dest)
