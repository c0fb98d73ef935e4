"""Publishing a read-only copy of the database for analysts after each run.

DuckDB locks every other process out of a file while one writes it, readers included, so
analysts query a published copy instead: a snapshot file (`<db>.snapshot.duckdb`), a
Parquet folder (`<db>.snapshot.parquet/`, one file per table and view, readable by any
DuckDB, pandas or Arrow version) and a SQLite mirror for `evclaims serve`
(`<db>.snapshot.sqlite`, store/mirror.py). All appear atomically: the files are written beside their
target and renamed over it; the folder is written as a new hidden generation and the
`.parquet` name is a symlink switched to it with one rename, so a reader sees the old copy
or the new one, never a half-written one. The previous generation is kept until the next
publish, for readers still in the middle of it.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from contract.errors import StoreError
from store.db import _CONFIG, Store, _first_line, _sql_str, now, quiet
from store.docs import comment_sql
from store.mirror import mirror_path, write_mirror

_SNAP = "evclaims_snapshot"


@dataclass(frozen=True)
class Published:
    """Where a publish wrote: the snapshot file, the Parquet folder (a symlink) and its files, the
    SQLite mirror (None when not asked for)."""

    database: Path
    parquet: Path
    files: tuple[Path, ...]
    seconds: float
    mirror: Path | None = None


def snapshot_paths(db_path: str | Path, target: str | Path | None = None) -> tuple[Path, Path]:
    """(snapshot file, Parquet folder) for a database and an optional target.

    No target: `<db>.snapshot.duckdb` and `<db>.snapshot.parquet` beside the database. A target
    ending in `.duckdb`: that file, and the folder with the suffix `.parquet`. Any other target
    is a folder to publish into: `<folder>/<db name>.duckdb` and `<folder>/parquet`.
    """
    db = Path(db_path)
    if target is None:
        base = db.with_suffix(".snapshot.duckdb")
        return base, base.with_suffix(".parquet")
    t = Path(target)
    if t.suffix == ".duckdb":
        return t, t.with_suffix(".parquet")
    return t / db.name, t / "parquet"


def snapshot_file(store: Store, dest: str | Path) -> Path:
    """Copy the database to `dest` atomically, for analysts to open read-only while the next run writes.

    After a CHECKPOINT the file holds everything and this process is its only writer, so a byte
    copy is a consistent snapshot (0.1 s for 75 MB, where COPY FROM DATABASE took 7 s). The copy
    is opened once to check it before it replaces `dest`. If the WAL is not empty after the
    checkpoint (another cursor in a transaction), it falls back to ATTACH + COPY FROM DATABASE.
    """
    if store.read_only:
        raise StoreError(
            f"{store.path}: publishing needs the writable database, not a read-only one", path=store.path
        )
    if store._depth:
        raise StoreError(f"{store.path}: cannot publish inside an open transaction", path=store.path)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    _remove(tmp, Path(f"{tmp}.wal"))
    try:
        store.con.execute("CHECKPOINT")
        wal = Path(f"{store.path}.wal")
        if wal.exists() and wal.stat().st_size > 0:
            _copy_database(store.con, tmp)
        else:
            shutil.copyfile(store.path, tmp)
        check = duckdb.connect(str(tmp), read_only=True, config=_CONFIG)
        try:
            quiet(check)
            check.execute("SELECT max(version) FROM schema_version").fetchall()
        finally:
            check.close()
    except duckdb.Error as e:
        _remove(tmp, Path(f"{tmp}.wal"))
        raise StoreError(
            f"{dest}: publishing the snapshot failed: {_first_line(str(e))}", path=str(dest)
        ) from e
    except OSError as e:
        _remove(tmp, Path(f"{tmp}.wal"))
        raise StoreError(f"{dest}: publishing the snapshot failed: {e.strerror or e}", path=str(dest)) from e
    os.replace(tmp, dest)
    return dest


def _copy_database(con: duckdb.DuckDBPyConnection, tmp: Path) -> None:
    con.execute(f"ATTACH '{_sql_str(tmp)}' AS {_SNAP}")
    try:
        db = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute(f'COPY FROM DATABASE "{db}" TO {_SNAP}')
        comments = comment_sql(con, _SNAP)  # COPY FROM DATABASE drops the views' comments
        if comments:
            con.execute("BEGIN TRANSACTION")
            con.execute(comments)
            con.execute("COMMIT")
    finally:
        con.execute(f"DETACH {_SNAP}")


def publish(
    store: Store, target: str | Path | None = None, *, mirror: bool = True, article_text: bool = False
) -> Published:
    """Write the snapshot file, the Parquet folder and the SQLite mirror of `store`, each replaced
    atomically.

    Call it at the end of every writing run (the writer already holds the file). The Parquet
    files and the mirror are read from the new snapshot file, so all three hold the same data.
    `mirror=False` skips the SQLite mirror; `article_text=True` keeps the articles' full text in it.
    """
    started = time.monotonic()
    db_file, folder = snapshot_paths(store.path, target)
    snapshot_file(store, db_file)
    generation = folder.with_name(f".{folder.name}.{time.time_ns():x}")
    try:
        # Rows of a view without ORDER BY may be written in any order: ~15% less CPU.
        con = duckdb.connect(
            str(db_file), read_only=True, config={**_CONFIG, "preserve_insertion_order": "false"}
        )
        try:
            quiet(con)
            files = _export(con, generation)
            _write_manifest(con, generation, files)
            mirrored = write_mirror(con, mirror_path(db_file), article_text=article_text) if mirror else None
        finally:
            con.close()
    except StoreError:
        _remove(generation)
        raise
    except duckdb.Error as e:
        _remove(generation)
        raise StoreError(
            f"{folder}: exporting Parquet failed: {_first_line(str(e))}", path=str(folder)
        ) from e
    except OSError as e:
        _remove(generation)
        raise StoreError(f"{folder}: exporting Parquet failed: {e.strerror or e}", path=str(folder)) from e
    _switch(folder, generation)
    return Published(
        db_file,
        folder,
        tuple(folder / f.name for f in files),
        time.monotonic() - started,
        mirrored.path if mirrored else None,
    )


def _export(con: duckdb.DuckDBPyConnection, out: Path) -> list[Path]:
    """One zstd Parquet file per table and view of the snapshot."""
    out.mkdir(parents=True)
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = 'main' ORDER BY 1"
        ).fetchall()
    ]
    written = []
    for name in names:
        path = out / f"{name}.parquet"
        con.execute(
            f"COPY (SELECT * FROM \"{name}\") TO '{_sql_str(path)}' (FORMAT parquet, COMPRESSION zstd)"
        )
        written.append(path)
    return written


def _write_manifest(con: duckdb.DuckDBPyConnection, out: Path, files: list[Path]) -> None:
    from store.schema import SCHEMA_VERSION

    manifest = {
        "published_at": now().isoformat(timespec="seconds") + "Z",
        "schema_version": SCHEMA_VERSION,
        "duckdb": duckdb.__version__,
        "files": sorted(p.name for p in files),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _switch(folder: Path, generation: Path) -> None:
    """Point `folder` (a symlink) at `generation` with one rename; keep one previous generation."""
    previous = Path(os.readlink(folder)).name if folder.is_symlink() else None
    if folder.exists() and not folder.is_symlink():
        # A real folder from an older layout: move it aside first (the one non-atomic case).
        legacy = folder.with_name(f".{folder.name}.{time.time_ns():x}-legacy")
        folder.rename(legacy)
        previous = legacy.name
    link = folder.with_name(f".{folder.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(generation.name, link)
    os.replace(link, folder)
    keep = {generation.name, previous}
    for old in folder.parent.glob(f".{folder.name}.*"):
        if old.name not in keep and not old.name.startswith(f".{folder.name}.link-"):
            _remove(old)


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
