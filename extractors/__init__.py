"""The spaCy side of evclaims: build the `nlp` object and turn article text into claims.

    from extractors import Extractor, load_nlp
    ex = Extractor()                 # blank English + our rule components
    ex.extract(text, published=date(2025, 6, 10))   # -> list of claim dicts (contract.spec)
    ex.extract_many([(doc_id, text, published), ...])   # -> iterator of (doc_id, claims)
    ex.quantities(text)              # -> every quantity, with unit, qualifier and offsets

Modules, one job each:

    nlp, components     the pipeline and its registered factories (evclaims_*_v1); Doc._.claims
    extractor           input guards, batching through nlp.pipe, the version string
    lexicon, registry   checked loading of the data files in data/ (see data/README.md)
    topic               whether text is about vehicles: the gate before the claim rules
    numbers, quantities numbers and the quantities of a sentence (pure functions)
    identifiers         numbers that are not quantities: dates, labels, names, scores, phones
    units, doc_quantities  the unit a quantity is reported in; `extract --quantities` records
    periods             period expressions and their calendar bounds (pure functions)
    claims              one article, sentence by sentence
    state               what the article is talking about, from one sentence to the next
    metrics, subjects   which metric a figure reports and who it is about
    attributes          modality, qualifier, period, basis, segment, geography, confidence
    comparatives        "outsold", "surpassed": claims without numbers
    mentions            registry mentions within a sentence
    phrase_trie, fast_start  faster regexes, same matches: cue lists as prefix trees, a lookahead
                        on the characters a pattern's matches start with
"""

from __future__ import annotations

from extractors.extractor import MAX_CHARS, Extractor
from extractors.nlp import load_nlp

__all__ = ["MAX_CHARS", "Extractor", "load_nlp"]
