"""Claims as plain dicts of Python values, and who stated each one (the independence keys)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any


def _clean(v: Any) -> Any:
    """NaN/NaT → None, dates → ISO strings, numpy scalars → Python."""
    if v is None or type(v).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, (str, bytes, list, dict)):
        try:
            return _clean(v.item())
        except (ValueError, TypeError):
            pass
    return v


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
