"""Opening the store from the application: resolves the path and keeps the registry tables current."""

from __future__ import annotations

import os
from pathlib import Path

from contract.errors import ConfigError
from store import DEFAULT_DB, Store, connect


def db_path(path: str | Path | None) -> str:
    """--db, else $EVCLAIMS_DB, else ./evclaims.duckdb."""
    return str(path or os.environ.get("EVCLAIMS_DB") or DEFAULT_DB)


def check_db_path(path: str, *, must_exist: bool) -> None:
    """A bad --db path is a usage error (exit 2), caught before DuckDB sees it."""
    p = Path(path)
    if p.is_dir():
        raise ConfigError(f"--db {path}: is a folder, not a database file")
    if must_exist and not p.exists():
        raise ConfigError(
            f"--db {path}: no such database; create it with `evclaims ingest` or `evclaims run`"
        )
    if not p.parent.exists():
        raise ConfigError(f"--db {path}: folder {p.parent} does not exist")


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the database; a writable one gets the entity registry loaded into its tables."""
    resolved = db_path(path)
    check_db_path(resolved, must_exist=read_only)
    store = connect(resolved, read_only=read_only)
    if not read_only:
        from dataclasses import asdict

        from extractors.registry import load_registry

        try:
            store.load_entities(asdict(e) for e in load_registry())
        except Exception:
            store.close()
            raise
    return store
