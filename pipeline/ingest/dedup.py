"""Duplicates and near-duplicates: text hashes, SimHash, the cluster index and one run's verdicts.

An exact copy (same canonical URL or same normalised text) is not stored twice. A syndicated copy on
another site is stored but joins the first article's near-duplicate cluster (`cluster_id`): a close
SimHash, or a farther one whose text mostly contains this one, so it never counts as an independent
source. The hashing is pure; `Dedup` keeps one run's decisions and reads the stored articles
through the `StoredArticles` protocol (ids, hashes, SimHashes, texts), never SQL.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

import numpy as np

log = logging.getLogger("evclaims.ingest.dedup")

NEAR_DUP_CHECK_BITS = 14
"""SimHashes this close (but farther than near_dup_bits) are compared by shingle containment."""
MIN_CONTAINMENT = 0.7
"""Share of the shorter text's 3-gram shingles found in the other for a near-duplicate."""
NEW, UPDATED, UNCHANGED, DUPLICATE = "new", "updated", "unchanged", "duplicate"
"""Verdicts on an extracted article: store it (new or updated), keep it (unchanged), or drop it."""


def normalise_text(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> set[str]:
    """Word n-grams of the normalised text: the features of SimHash and of containment checks."""
    words = re.findall(r"\w+", normalise_text(text))
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def simhash(text: str) -> str:
    """64-bit Charikar SimHash over word 3-gram shingles, as 16 hex digits.

    Shingles (not trafilatura's sampled unigrams) keep an added footer or a dropped paragraph
    within a few bits. Measured on NAEB's 421 gold texts: unrelated pairs are ≥ 16 bits apart.
    """
    features = shingles(text)
    if not features:
        return "0" * 16
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "big") for f in features),
        dtype=np.uint64,
        count=len(features),
    )
    bits = np.unpackbits(
        hashes.byteswap().view(np.uint8).reshape(-1, 8), axis=1
    )  # row i: bits of hash i, MSB first
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    return np.packbits((votes > 0).astype(np.uint8)).tobytes().hex()


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller shingle set found in the other (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def hamming(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


class ClusterIndex:
    """Near-duplicate lookup over stored SimHashes (vectorised Hamming distance with numpy).

    `candidates(sh, max_bits)` returns stored articles within `max_bits`, nearest first; the
    caller decides (close ones directly, farther ones after a shingle-containment check), and
    `add` records the article with its cluster id, so a syndicated copy on another site joins
    the cluster of the first article seen.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()) -> None:
        self._ids: list[str] = []
        self._values = np.zeros(1024, dtype=np.uint64)
        self._clusters: dict[str, str] = {}
        for aid, sh, cluster in rows:
            if sh:
                self.add(aid, sh, cluster or aid)

    def __len__(self) -> int:
        return len(self._ids)

    def cluster_of(self, aid: str) -> str | None:
        return self._clusters.get(aid)

    def add(self, aid: str, sh: str, cluster: str) -> None:
        if aid in self._clusters:
            self._clusters[aid] = cluster
            return
        n = len(self._ids)
        if n == len(self._values):
            self._values = np.concatenate([self._values, np.zeros(n, dtype=np.uint64)])
        self._values[n] = np.uint64(int(sh, 16))
        self._ids.append(aid)
        self._clusters[aid] = cluster

    def candidates(self, sh: str, max_bits: int, exclude: str | None = None) -> list[tuple[int, str, str]]:
        """(distance, article_id, cluster_id) of stored articles within max_bits, nearest first."""
        n = len(self._ids)
        if n == 0:
            return []
        dist = np.bitwise_count(self._values[:n] ^ np.uint64(int(sh, 16)))
        hits = np.nonzero(dist <= max_bits)[0]
        found = [(int(dist[i]), self._ids[i], self._clusters[self._ids[i]]) for i in hits]
        return sorted(f for f in found if f[1] != exclude)


class StoredArticles(Protocol):
    """What dedup reads of the articles already stored (and of those waiting in this run's batch)."""

    def simhashes(self) -> list[tuple[str, str, str]]: ...
    def content_hashes(self) -> dict[str, str]: ...
    def article_ids(self) -> set[str]: ...
    def text_of(self, article_id: str) -> str | None: ...


class Dedup:
    """One run's duplicate decisions. Stored ids, hashes and SimHashes are read once, when first
    needed; what this run accepted is remembered, so a page listed twice is one article."""

    def __init__(self, stored: StoredArticles) -> None:
        self.stored = stored
        self._index: ClusterIndex | None = None
        self._hashes: dict[str, str] | None = None  # stored content_hash -> article_id
        self._ids: set[str] | None = None  # stored article ids
        self.run_ids: dict[str, str] = {}  # article_id -> url, this run
        self.run_hashes: dict[str, str] = {}  # content_hash -> article_id, this run

    @property
    def index(self) -> ClusterIndex:
        if self._index is None:
            self._index = ClusterIndex(self.stored.simhashes())
        return self._index

    def accept(self, article: dict, state: dict | None, near_dup_bits: int) -> tuple[str, bool]:
        """(verdict, joined another article's cluster) for an extracted article; sets its cluster_id
        unless it is a duplicate. `state` is what the store knew of its URL before this run."""
        aid = article["article_id"]
        chash = article["content_hash"]
        if aid in self.run_ids:
            log.info("duplicate: %s has the same canonical URL as %s", article["url"], self.run_ids[aid])
            return DUPLICATE, False
        stored_owner = self._stored_hash_owner(chash)
        owner = self.run_hashes.get(chash) or stored_owner
        if owner and owner != aid:
            log.info("duplicate: %s has the same text as article %s", article["url"], owner)
            return DUPLICATE, False
        self.run_ids[aid] = article["url"]
        self.run_hashes[chash] = aid
        known = state is not None and state.get("article_id") == aid
        if (known and state.get("content_hash") == chash) or stored_owner == aid:
            verdict = UNCHANGED
        elif known or self._stored(aid):
            verdict = UPDATED
        else:
            verdict = NEW
        article["cluster_id"] = self.cluster(article, near_dup_bits)
        return verdict, article["cluster_id"] != aid

    def cluster(self, article: dict, near_dup_bits: int) -> str:
        """Cluster id: kept for a known article; else that of a near-duplicate (close SimHash, or a
        farther one whose text mostly contains this one); else the article's own id."""
        aid, sh = article["article_id"], article["simhash"]
        chosen = self.index.cluster_of(aid)
        if chosen is None:
            mine: set[str] | None = None
            for dist, other, cluster in self.index.candidates(sh, NEAR_DUP_CHECK_BITS, exclude=aid):
                if dist <= near_dup_bits:
                    chosen = cluster
                    break
                other_text = self.stored.text_of(other)
                if other_text is None:
                    continue
                mine = mine if mine is not None else shingles(article["text"])
                if containment(mine, shingles(other_text)) >= MIN_CONTAINMENT:
                    chosen = cluster
                    break
        chosen = chosen or aid
        self.index.add(aid, sh, chosen)
        return chosen

    def _stored_hash_owner(self, chash: str) -> str | None:
        """The stored article with exactly this text, if any (hashes loaded once per run)."""
        if self._hashes is None:
            self._hashes = self.stored.content_hashes()
        return self._hashes.get(chash)

    def _stored(self, aid: str) -> bool:
        """Whether an article id is already stored (ids loaded once per run: one query, not one per page)."""
        if self._ids is None:
            self._ids = self.stored.article_ids()
        return aid in self._ids
