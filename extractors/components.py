"""spaCy components of evclaims, registered under versioned names.

    evclaims_sentences_v1   line breaks end sentences too (headlines, bullet lists, datelines)
    evclaims_entities_v1    registry aliases → `doc.spans["evclaims_entities"]` (kb_id_ = slug)
    evclaims_claims_v1      quantities, metrics, periods, comparatives → `Doc._.claims`

They never require POS/DEP/NER, so they run on `spacy.blank("en")`.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.claims import extract_doc_claims
from extractors.lexicon import load_lexicon
from extractors.registry import load_registry
from extractors.subjects import Mention

SPAN_KEY = "evclaims_entities"
IGNORE = "_ignore"

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


@Language.factory("evclaims_sentences_v1", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> NewlineSentences:
    return NewlineSentences()


class NewlineSentences:
    """Start a sentence after every line break: news text has headlines without full stops."""

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc  # a parser already fixed the boundaries; spaCy refuses changes (E043)
        prev_newline = False
        for token in doc:
            if prev_newline and not token.is_space:
                token.is_sent_start = True
            if token.is_space and "\n" in token.text:
                prev_newline = True
            elif not token.is_space:
                prev_newline = token.whitespace_.count("\n") > 0
        return doc


@Language.factory("evclaims_entities_v1", assigns=["doc.spans"])
def make_entities(nlp: Language, name: str) -> EntityMatcher:
    return EntityMatcher(nlp)


class EntityMatcher:
    """Find registry aliases (case as written) with a PhraseMatcher; longest match wins.

    Phrases of `lexicon.non_entities` (statistics bodies, consultancies) are matched too and then
    dropped, so "China Passenger Car Association" never yields the market `cn`.
    """

    def __init__(self, nlp: Language) -> None:
        self.registry = load_registry()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for ent in self.registry:
            self.matcher.add(ent.id, [nlp.make_doc(a) for a in ent.aliases])
        self.matcher.add(IGNORE, [nlp.make_doc(p) for p in load_lexicon().non_entities])

    def __call__(self, doc: Doc) -> Doc:
        spans = filter_spans(self.matcher(doc, as_spans=True))
        doc.spans[SPAN_KEY] = [Span(doc, s.start, s.end, label=s.label_, kb_id=s.label_) for s in spans
                               if s.label_ != IGNORE]
        return doc


@Language.factory(
    "evclaims_claims_v1",
    assigns=["doc._.claims"],
    requires=["token.is_sent_start", "doc.spans"],
)
def make_claims(nlp: Language, name: str) -> ClaimRules:
    return ClaimRules()


class ClaimRules:
    """Turn each sentence's quantities and comparisons into claim dicts (see `extractors.claims`)."""

    def __init__(self) -> None:
        self.registry = load_registry()
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        mentions = [
            Mention(s.start_char, s.end_char, s.label_, self.registry.entities[s.label_].kind, s.text)
            for s in doc.spans.get(SPAN_KEY, [])
        ]
        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        published = doc._.published
        if published is not None and not isinstance(published, dt.date):
            published = None
        doc._.claims = extract_doc_claims(doc.text, sentences, mentions, published, self.lexicon, self.registry)
        return doc
