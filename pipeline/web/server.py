"""`evclaims serve`: Datasette over the SQLite mirror of the published snapshot, read-only, on 127.0.0.1.

The mirror is opened immutable (SQLite's `immutable=1`: nothing can write it, and Datasette counts
each table once at start), user SQL has a time limit, and the evclaims plugin adds its pages.
A new snapshot published while serving is seen after a restart.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from contract.errors import ConfigError, StoreError
from store.mirror import MIRROR_VERSION, mirror_path
from store.mirror_queries import meta_rows
from store.publish import snapshot_paths

DEFAULT_PORT = 8001
HOST = "127.0.0.1"
_SQLITE = (".sqlite", ".sqlite3", ".db")


def mirror_for(db: str | Path) -> Path:
    """The mirror to serve for `--db`: a .sqlite file as given, else the mirror of the database's
    published snapshot (`out/demo.duckdb` → `out/demo.snapshot.sqlite`)."""
    p = Path(db)
    if p.suffix in _SQLITE:
        return p
    snapshot = p if p.name.endswith(".snapshot.duckdb") else snapshot_paths(p)[0]
    return mirror_path(snapshot)


def check_mirror(path: Path, db: str | Path | None = None) -> dict:
    """The mirror's meta rows; a one-line error naming the file when it is missing, not a mirror, or
    written by another version of the mirror."""
    if not path.is_file():
        hint = f"`evclaims publish --db {db}` writes it" if db and Path(db).suffix not in _SQLITE else ""
        raise ConfigError(
            f"{path}: no published snapshot to serve" + (f"; {hint}" if hint else ""), path=str(path)
        )
    try:
        rows = meta_rows(path)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: not an evclaims mirror ({e})", path=str(path)) from e
    if rows.get("mirror_version") != str(MIRROR_VERSION):
        raise StoreError(
            f"{path}: mirror version {rows.get('mirror_version')} is not {MIRROR_VERSION}; publish the "
            "database again with this evclaims",
            path=str(path),
        )
    return rows


def register_plugin() -> None:
    """Register the evclaims plugin when Datasette did not load it from the entry point, the
    precounted and sampled column facets in place of Datasette's own facet classes
    (pipeline/web/facets.py), and its search filter in place of Datasette's (pipeline/web/filters.py)."""
    import datasette.facets
    import datasette.filters
    from datasette.plugins import pm

    import pipeline.web as plugin
    import pipeline.web.facets as facets
    import pipeline.web.filters as filters

    if not pm.is_registered(plugin):
        pm.register(plugin, name="evclaims")
    for theirs, ours, name in (
        (datasette.facets, facets, "evclaims_facets"),
        (datasette.filters, filters, "evclaims_filters"),
    ):
        if pm.is_registered(theirs):
            pm.unregister(theirs)
        if not pm.is_registered(ours):
            pm.register(ours, name=name)


def make_datasette(mirror: Path):
    """A Datasette instance serving `mirror` as the database `evclaims`, immutable, with our metadata
    and bounded counts of filtered views (pipeline/web/large.py)."""
    from datasette.app import Datasette

    from pipeline.web import READ_ONLY_FLAG
    from pipeline.web.large import MirrorDatabase
    from pipeline.web.metadata import DATABASE, SETTINGS, metadata

    register_plugin()
    ds = Datasette(metadata=metadata(mirror), settings=SETTINGS)
    setattr(ds, READ_ONLY_FLAG, True)
    ds.add_database(MirrorDatabase(ds, path=str(mirror), is_mutable=False), name=DATABASE)
    return ds


def check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise ConfigError(f"--port {port}: not a TCP port (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as e:
            raise ConfigError(
                f"--port {port}: cannot listen on {host}:{port} ({e.strerror}); choose another"
            ) from e


def serve(mirror: Path, port: int = DEFAULT_PORT, host: str = HOST) -> None:
    """Serve until interrupted (uvicorn, quiet logs)."""
    import uvicorn

    check_port(host, port)
    ds = make_datasette(mirror)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
