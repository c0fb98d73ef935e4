"""Opening the store from the application: resolves the path and keeps the registry tables current."""

from __future__ import annotations

import os
from pathlib import Path

from store import DEFAULT_DB, Store, connect


def db_path(path: str | Path | None) -> str:
    """--db, else $EVCLAIMS_DB, else ./evclaims.duckdb."""
    return str(path or os.environ.get("EVCLAIMS_DB") or DEFAULT_DB)


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the database; a writable one gets the entity registry loaded into its tables."""
    store = connect(db_path(path), read_only=read_only)
    if not read_only:
        from dataclasses import asdict

        from extractors.registry import load_registry

        try:
            store.load_entities(asdict(e) for e in load_registry())
        except Exception:
            store.close()
            raise
    return store
