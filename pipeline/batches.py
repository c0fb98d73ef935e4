"""The extract stage in units a task runner can schedule: plan, extract a batch, load a batch.

`flows.py` fans these out (through `pipeline.stages`) over Prefect's task runners (threads by
default, Dask workers when extraction outgrows one machine). The split keeps one writer per DuckDB file:

    plan_extract(store, version)      the writing process reads what needs extracting
    extract_batch(articles, model)    anywhere (a thread, a Dask worker): Arrow in, Arrow out,
                                      no database access
    load_batch(store, batch)          the writing process: `store.replace_claims`, one transaction

Claims get their `claim_id` where they are extracted, from the extractor's own dicts, so a
batch that travels through Arrow gives exactly the rows `pipeline.extract.extract_store` gives.
Nothing here imports Prefect.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

import pyarrow as pa

from contract.errors import ExtractionError
from contract.spec import CLAIM_FIELDS

if TYPE_CHECKING:
    from extractors import Extractor
    from store import Store

log = logging.getLogger("evclaims.batches")

DEFAULT_BATCH = 200
"""Articles per extraction batch: seconds of spaCy work, so a task run's ~10 ms does not count."""

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("text", pa.string()),
        ("published", pa.date32()),
    ]
)
_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DOUBLE": pa.float64(),
    "INTEGER": pa.int64(),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.string(),
}  # periods travel as ISO strings, as in claim dicts


def claim_schema() -> pa.Schema:
    """Arrow schema of a claim batch: article_id, claim_id and the spec fields, typed like the store."""
    from store.schema import CLAIM_TYPES

    return pa.schema(
        [("article_id", pa.string()), ("claim_id", pa.string())]
        + [(name, _ARROW_TYPES.get(CLAIM_TYPES[name], pa.string())) for name in CLAIM_FIELDS]
    )


# -- extract ----------------------------------------------------------------------------------

_EXTRACTORS: dict[str | None, Extractor] = {}
_LOCK = threading.Lock()


def extractor(model: str | None = None) -> Extractor:
    """One Extractor per process and model (loading spaCy once per worker, not per batch)."""
    with _LOCK:
        if model not in _EXTRACTORS:
            from pipeline.extract import make_extractor

            _EXTRACTORS[model] = make_extractor(model)
        return _EXTRACTORS[model]


@dataclass
class ExtractPlan:
    """What the extract stage will do: batches of articles whose current text lacks this version's claims."""

    version: str
    batches: list[pa.Table] = field(default_factory=list)
    pending: int = 0
    up_to_date: int = 0
    """Articles skipped because their content hash was already extracted by this version."""


def plan_extract(store: Store, version: str, batch_size: int = DEFAULT_BATCH) -> ExtractPlan:
    """Read the articles to extract (in the writing process) and cut them into Arrow batches."""
    todo = store.articles_to_extract(version)
    plan = ExtractPlan(version=version, pending=len(todo), up_to_date=store.articles_with_text() - len(todo))
    for start in range(0, len(todo), max(1, batch_size)):
        chunk = todo.iloc[start : start + batch_size]
        plan.batches.append(
            pa.table(
                {
                    "article_id": chunk["article_id"].astype(str).tolist(),
                    "content_hash": [None if _missing(h) else str(h) for h in chunk["content_hash"]],
                    "text": chunk["text"].tolist(),
                    "published": [_day(p) for p in chunk["published"]],
                },
                schema=ARTICLE_SCHEMA,
            )
        )
    return plan


@dataclass
class ClaimBatch:
    """The result of one extraction batch: what was extracted (even with no claims) and the claims."""

    version: str
    articles: pa.Table
    """article_id, content_hash of every article in the batch."""
    claims: pa.Table
    """One row per claim: article_id, claim_id and the spec fields (schema `claim_schema()`)."""

    @property
    def n_articles(self) -> int:
        return self.articles.num_rows

    @property
    def n_claims(self) -> int:
        return self.claims.num_rows


def extract_batch(
    articles: pa.Table, model: str | None = None, expected_version: str | None = None
) -> ClaimBatch:
    """Run the extractor over a batch of articles; no database access (safe on any worker)."""
    from store import claim_id

    ex = extractor(model)
    if expected_version is not None and ex.version != expected_version:
        raise ExtractionError(
            f"this worker's extractor is {ex.version} but the flow planned {expected_version}; "
            "install the same evclaims on every worker"
        )
    rows = articles.to_pylist()
    items = [(r["article_id"], r["text"], r["published"]) for r in rows]
    claims = []
    with _LOCK:  # one spaCy pipeline per process, used by one thread at a time
        for doc_id, found in ex.extract_many(items):
            for c in found:
                c = {**c, "article_id": doc_id}
                claims.append(
                    {
                        "article_id": doc_id,
                        "claim_id": c.get("claim_id") or claim_id(doc_id, c),
                        **{k: _plain(c.get(k)) for k in CLAIM_FIELDS},
                    }
                )
    schema = claim_schema()
    return ClaimBatch(
        version=ex.version,
        articles=articles.select(["article_id", "content_hash"]),
        claims=pa.Table.from_pylist(claims, schema=schema),
    )


def load_batch(store: Store, batch: ClaimBatch) -> int:
    """Replace the claims of the batch's articles in one transaction; returns claims written."""
    return store.replace_claims(batch.articles.to_pylist(), batch.claims.to_pylist(), batch.version)


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _day(value: object) -> date | None:
    if value is None or _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return date.fromisoformat(str(value)[:10])


def _missing(value: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
