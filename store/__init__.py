"""DuckDB store for articles, claims and reconciliation groups. Never imports spaCy."""

from store.db import DEFAULT_DB, Store, claim_id, connect, stable_id
from store.schema import SCHEMA_VERSION, VIEW_DOCS

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "VIEW_DOCS", "Store", "claim_id", "connect", "stable_id"]
