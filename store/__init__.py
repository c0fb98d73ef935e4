"""DuckDB store for articles, claims and reconciliation groups. Never imports spaCy."""

from store.analyst import brand_claims, conflicting_claims, single_source_claims
from store.db import DEFAULT_DB, Store, claim_id, connect, stable_id
from store.docs import TABLE_DOCS, VIEW_DOCS, column_doc, describe_columns
from store.mirror import Mirrored, mirror_path, write_mirror
from store.publish import Published, publish, snapshot_paths
from store.schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "TABLE_DOCS",
    "VIEW_DOCS",
    "Mirrored",
    "Published",
    "Store",
    "brand_claims",
    "claim_id",
    "column_doc",
    "conflicting_claims",
    "connect",
    "describe_columns",
    "mirror_path",
    "publish",
    "single_source_claims",
    "snapshot_paths",
    "stable_id",
    "write_mirror",
]
