"""The spaCy side of evclaims: build the `nlp` object and turn article text into claims.

    from extractors import Extractor, load_nlp
    ex = Extractor()                 # blank English + our rule components
    ex.extract(text, published=date(2025, 6, 10))   # -> list of claim dicts (pipeline.spec)
    ex.extract_many([(doc_id, text, published), ...])   # -> iterator of (doc_id, claims)
"""

from __future__ import annotations

from extractors.extractor import MAX_CHARS, Extractor
from extractors.nlp import load_nlp

__all__ = ["MAX_CHARS", "Extractor", "load_nlp"]
