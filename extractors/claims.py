"""Sentence rules: placeholder."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    id: str
    kind: str
    text: str


def extract_doc_claims(text, sentences, mentions, published, lexicon, registry) -> list[dict]:
    return []
