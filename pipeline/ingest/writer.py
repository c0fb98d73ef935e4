"""The run's side of the store: what it knows of URLs and articles, and the batch of rows waiting.

Rows are written in batches (articles, then their fetch rows; one transaction each, in the store), so
a killed run keeps every committed batch and a rerun skips what they hold. Reads go through the
store's API (`fetch_state`, `simhashes`, `content_hashes`, `article_ids`, `article_text`), never SQL;
with no store (a dry run) nothing is known and nothing is written.
"""

from __future__ import annotations

import logging

from pipeline.ingest.model import StoreLike
from pipeline.ingest.urls import canonical_url

log = logging.getLogger("evclaims.ingest")

FLUSH_FETCHES = 200
"""Fetch rows pending before a flush even when fewer than batch_size articles are (runs of 304s)."""


class RunStore:
    """Pending rows and store lookups of one run (`dedup.StoredArticles` for the dedup)."""

    def __init__(self, store: StoreLike | None, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.articles: list[dict] = []
        self.fetches: list[dict] = []

    # -- lookups --------------------------------------------------------------------------------

    def known(self, urls: list[str]) -> dict[str, dict]:
        """What earlier runs stored for these URLs (validators, content hash, article id), keyed by the
        URLs given; a URL is found by itself or by its canonical spelling."""
        if self.store is None or not urls:
            return {}
        states = self.store.fetch_state(list(dict.fromkeys(urls + [canonical_url(u) for u in urls]))) or {}
        found = {}
        for url in urls:
            state = states.get(url) or states.get(canonical_url(url))
            if state:
                found[url] = state
        return found

    def simhashes(self) -> list[tuple[str, str, str]]:
        return self.store.simhashes() if self.store is not None else []

    def content_hashes(self) -> dict[str, str]:
        return self.store.content_hashes() if self.store is not None else {}

    def article_ids(self) -> set[str]:
        return self.store.article_ids() if self.store is not None else set()

    def text_of(self, article_id: str) -> str | None:
        """An article's text, waiting in this batch or stored."""
        for row in self.articles:
            if row["article_id"] == article_id:
                return row["text"]
        return self.store.article_text(article_id) if self.store is not None else None

    # -- writing --------------------------------------------------------------------------------

    @property
    def due(self) -> bool:
        """A batch is full: write it now."""
        return len(self.articles) >= self.batch_size or len(self.fetches) >= FLUSH_FETCHES

    def flush(self) -> bool:
        """Write pending articles, then their fetch rows; False for a dry run (rows dropped)."""
        if self.store is None:
            self.articles.clear()
            self.fetches.clear()
            return False
        if self.articles:
            stored = self.store.load_articles(self.articles)
            log.info("stored a batch of %d articles (committed)", stored)
            self.articles = []
        if self.fetches:
            self.store.load_fetches(self.fetches)
            self.fetches = []
        return True
