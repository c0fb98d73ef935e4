"""Claims as plain dicts of Python values, and who stated each one (the independence keys)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from contract.values import iso_date, plain


def _clean(v: Any) -> Any:
    """NaN/NaT → None, dates → ISO strings, numpy scalars → Python."""
    v = plain(v)
    return iso_date(v) if isinstance(v, dt.date) else v


def records(claims: Iterable[dict] | Any) -> list[dict]:
    """Fresh dicts from dicts or a DataFrame, so later bookkeeping keys never touch the caller's."""
    if hasattr(claims, "to_dict") and hasattr(claims, "columns"):
        claims = claims.to_dict(orient="records")
    return [{k: _clean(v) for k, v in c.items()} for c in claims]


def source_of(c: dict) -> str:
    """The independent source: a near-duplicate cluster, never a URL (a syndicated copy is one source)."""
    return str(c.get("cluster_id") or c.get("doc_id") or c.get("article_id") or c["claim_id"])


def doc_of(c: dict) -> str:
    """The article itself, even inside a cluster (a copy may have been corrected)."""
    return str(c.get("doc_id") or c.get("article_id") or c["claim_id"])


def n_sources(claims: Iterable[dict]) -> int:
    return len({source_of(c) for c in claims})
