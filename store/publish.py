"""Publishing a read-only copy of the database for analysts after each run.

DuckDB locks every other process out of a file while one writes it, readers included, so
analysts query a published copy instead: a snapshot file (`<db>.snapshot.duckdb`) and a
Parquet folder (`<db>.snapshot.parquet/`, one file per table and view, readable by any
DuckDB, pandas or Arrow version). Both appear atomically: the file is written beside its
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

from pipeline.errors import StoreError
from store.db import Store, _first_line, _sql_str, now
from store.docs import comment_sql

_SNAP = "evclaims_snapshot"


@dataclass(frozen=True)
class Published:
    """Where a publish wrote: the snapshot file, the Parquet folder (a symlink) and its files."""

    database: Path
    parquet: Path
    files: tuple[Path, ...]
    seconds: float


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


def publish(store: Store, target: str | Path | None = None) -> Published:
    """Write the snapshot file and the Parquet folder of `store`, each replaced atomically.

    Call it at the end of every writing run (the writer already holds the file). The Parquet
    files are exported from the new snapshot, so file and folder hold the same data.
    """
    if store.read_only:
        raise StoreError(f"{store.path}: publish needs the writable database, not a read-only one",
                         path=store.path)
    started = time.monotonic()
    db_file, folder = snapshot_paths(store.path, target)
    db_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_file.with_name(f".{db_file.name}.tmp-{os.getpid()}")
    generation = folder.with_name(f".{folder.name}.{time.time_ns():x}")
    for p in (tmp, Path(f"{tmp}.wal")):
        p.unlink(missing_ok=True)
    con = store.con
    try:
        con.execute("CHECKPOINT")
        con.execute(f"ATTACH '{_sql_str(tmp)}' AS {_SNAP}")
        try:
            db = con.execute("SELECT current_database()").fetchall()[0][0]
            con.execute(f'COPY FROM DATABASE "{db}" TO {_SNAP}')
            comments = comment_sql(con, _SNAP)  # COPY FROM DATABASE drops the views' comments
            if comments:
                con.execute("BEGIN TRANSACTION")
                con.execute(comments)
                con.execute("COMMIT")
            files = _export(con, generation)
        finally:
            con.execute(f"DETACH {_SNAP}")
        _write_manifest(con, generation, files)
    except duckdb.Error as e:
        _remove(tmp, Path(f"{tmp}.wal"), generation)
        raise StoreError(f"{db_file}: publishing the snapshot failed: {_first_line(str(e))}",
                         path=str(db_file)) from e
    except OSError as e:
        _remove(tmp, Path(f"{tmp}.wal"), generation)
        raise StoreError(f"{db_file}: publishing the snapshot failed: {e.strerror or e}", path=str(db_file)) from e
    os.replace(tmp, db_file)
    _switch(folder, generation)
    return Published(db_file, folder, tuple(folder / f.name for f in files), time.monotonic() - started)


def _export(con: duckdb.DuckDBPyConnection, out: Path) -> list[Path]:
    """One zstd Parquet file per table and view of the attached snapshot."""
    out.mkdir(parents=True)
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' "
        "ORDER BY 1", [_SNAP]
    ).fetchall()]
    written = []
    for name in names:
        path = out / f"{name}.parquet"
        con.execute(f"COPY (SELECT * FROM {_SNAP}.main.\"{name}\") TO '{_sql_str(path)}' "
                    "(FORMAT parquet, COMPRESSION zstd)")
        written.append(path)
    return written


def _write_manifest(con: duckdb.DuckDBPyConnection, out: Path, files: list[Path]) -> None:
    from store.schema import SCHEMA_VERSION

    manifest = {"published_at": now().isoformat(timespec="seconds") + "Z", "schema_version": SCHEMA_VERSION,
                "duckdb": duckdb.__version__, "files": sorted(p.name for p in files)}
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
