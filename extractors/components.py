"""spaCy components of evclaims, registered under versioned names.

    evclaims_sentences_v1   sentence starts from punctuation and line breaks (headlines, bullets, datelines)
    evclaims_entities_v1    registry aliases → `doc.spans["evclaims_entities"]` (kb_id_ = slug)
    evclaims_topic_v1       whether the text is about vehicles → `Doc._.topic`; drops ambiguous
                            aliases without vehicle context from the entity spans
    evclaims_claims_v1      quantities, metrics, periods, comparatives → `Doc._.claims` (on-topic text only)

They never require POS/DEP/NER, so they run on `spacy.blank("en")`.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy
from spacy.attrs import IDX, IS_ALPHA, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.claims import extract_doc_claims
from extractors.fast_start import fast_compile
from extractors.lexicon import english_words, load_lexicon
from extractors.mentions import MAKER_KINDS, Mention
from extractors.registry import derived_slug, load_registry
from extractors.subjects import DEMONYMS
from extractors.topic import CONTEXT, Context, Evidence, Gate, decide, topic_terms

SPAN_KEY = "evclaims_entities"
TEXT_KEY = "evclaims_text"
TRACE_KEY = "evclaims_trace"  # a list in doc.user_data receives what became of each figure
IGNORE = "_ignore"

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Doc.has_extension("hint"):
    Doc.set_extension("hint", default=None)  # the headline or URL, for a text that names no maker
if not Doc.has_extension("claims_error"):
    Doc.set_extension("claims_error", default=None)
if not Doc.has_extension("topic"):
    Doc.set_extension("topic", default=None)


@Language.factory("evclaims_sentences_v1", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> Sentences:
    return Sentences(
        skip=any(n in nlp.pipe_names for n in ("parser", "senter")), names=alias_ends(load_registry())
    )


class Sentences:
    """Sentence starts from the text: after . ! ? (and closing quotes or brackets) and after every
    line break, since news text has headlines, datelines and bullets without full stops.

    Boundaries are found with one regex over the text and written with one `Doc.from_array`, so
    no Python code runs per token. A pipeline whose parser already set boundaries is left alone.
    """

    def __init__(self, skip: bool = False, names: re.Pattern | None = None) -> None:
        self.skip = skip  # a trained parser or senter already sets boundaries (spaCy refuses changes, E043)
        # registry names ending in a capital letter: "the Model Y." ends a sentence (see alias_ends)
        self.names = names

    def __call__(self, doc: Doc) -> Doc:
        if self.skip or len(doc) == 0:
            return doc
        idx = doc.to_array(IDX).reshape(-1)
        starts = numpy.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        ends = sentence_ends(doc_text(doc), self.names)
        if ends:
            pos = numpy.searchsorted(idx, numpy.array(ends), side="left")
            starts[pos[(pos > 0) & (pos < len(doc))]] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
        return doc


_SENT_END = fast_compile(
    r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9•\-–—])|\n\s*|"
    r"(?<=[a-z]{2}|[A-Z]{2})\.(?=[A-Z][a-z])"  # "a year ago.This figure", "per BBC.One day later": a lost space
)
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*\d{1,2}$")
_ABBREV = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Ms|Mrs|Dr|St|Co|No|vs|Jr|Sr|Inc|Ltd|Corp|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Oct|"
    r"Nov|Dec|U\.S|U\.K|approx|est|Fig|Nos|Rs|Re|Bhd|Pty|Pvt|Mt|Ft|Gen|Sen|Gov|Rep|Prof|Ave|incl|excl|e\.g|i\.e|a\.m|p\.m|Calif))\.$"
)


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence, read from the token arrays (faster than `doc.sents`)."""
    if len(doc) == 0:
        return []
    n_chars = len(doc_text(doc))
    idx = doc.to_array(IDX).reshape(-1)
    starts = numpy.flatnonzero(doc.to_array(SENT_START).reshape(-1) == 1)
    if len(starts) == 0 or starts[0] != 0:
        starts = numpy.concatenate([[0], starts])
    chars = [int(idx[i]) for i in starts] + [n_chars]
    return list(zip(chars[:-1], chars[1:], strict=True))


def trimmed_sentences(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence without its surrounding white space; empty ones dropped."""
    text = doc_text(doc)
    out = []
    for start, end in sentence_offsets(doc):
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            out.append((start, end))
    return out


def doc_mentions(doc: Doc, registry) -> list[Mention]:
    """The registry names the entity component found, as `Mention`s."""
    return [
        Mention(s.start_char, s.end_char, s.label_, registry.get(s.label_).kind, s.text)
        for s in doc.spans.get(SPAN_KEY, [])
    ]


def sentence_ends(text: str, names: re.Pattern | None = None) -> list[int]:
    """Character offsets where a new sentence starts (abbreviations like "Sept." and "U.S." do not end one).

    A capital letter before the stop reads as an initial, unless it ends one of `names` ("sold 5,000
    Model Y. Sales of ...").
    """
    out = []
    for m in _SENT_END.finditer(text):
        if m.group(0)[0] == "." and _LIST_NUMBER.search(text, max(0, m.start() - 8), m.start()):
            continue  # "\n1. Nissan Note: 19.356": a numbered list item, its number no sentence
        if (
            m.group(0)[0] == "."
            and _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1])
            and not (names is not None and names.search(text, max(0, m.start() - _NAME_WINDOW), m.start()))
        ):
            continue
        out.append(m.end())
    return out


_NAME_WINDOW = 40


def alias_ends(registry) -> re.Pattern | None:
    """A regex for registry aliases that end in a lone capital letter ("Model Y", "Seal U", "Mach-E",
    "M&M"), anchored at the end of the searched window: a full stop after one ends a sentence."""
    names = sorted(
        {
            a
            for e in registry
            for a in e.aliases
            if len(a) < _NAME_WINDOW and _ABBREV.search(a + ".") and re.search(r"\b[A-Z]$", a)
        },
        key=len,
        reverse=True,
    )
    if not names:
        return None
    return re.compile(r"(?<![\w.&-])(?:" + "|".join(map(re.escape, names)) + r")$")


@Language.factory("evclaims_entities_v1", assigns=["doc.spans"])
def make_entities(nlp: Language, name: str) -> EntityMatcher:
    return EntityMatcher(nlp)


# A model code after a maker: "C10", "ES6", "7X", "bZ4X", "EV5", "i8", "001"; not a quarter, half,
# fiscal year, autonomy level or network generation ("Q3", "H1", "3Q", "FY25", "L2", "5G").
_MODEL_CODE = re.compile(
    r"[A-Za-z]{1,3}\d{1,3}[A-Za-z]{0,2}\+?|\d{1,2}[A-Z]{1,2}|0\d{1,2}|[a-z]{1,2}[A-Z][a-z]{1,8}"
)  # "C10", "ET9", "EV5", "iOn": a code or a name with a capital inside after a maker the registry knows
_LETTERS_DIGITS = re.compile(r"([A-Z]{2,3})(\d{1,2})")
_MODEL_WORD = re.compile(r"[A-Z][a-z]{2,}")
_NOT_MODEL_CODE = re.compile(
    r"[QH][1-4]|[1-4][QH]|FY\d+|CY\d+|L[0-5]|\d[GD]|[A-Za-z]{1,3}\d{4}|Mk\d|[QH]\d\d", re.I
)


class EntityMatcher:
    """Find registry aliases (case as written) with a PhraseMatcher; longest match wins.

    Phrases of `lexicon.non_entities` (statistics bodies, consultancies) are matched too and then
    dropped, so "China Passenger Car Association" never yields the market `cn`.
    """

    def __init__(self, nlp: Language) -> None:
        self.registry = load_registry()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        known = {a for ent in self.registry for a in ent.aliases}
        for ent in self.registry:
            plurals = [
                f"{a}s"
                for a in ent.aliases
                if ent.kind in ("model", "brand", "company")
                and (a[-1].isdigit() or a[-1].isupper() or a[-1] not in "sxy")
                and (a not in ent.ambiguous or ent.kind == "model")
                and f"{a}s" not in known
            ]  # "200,000 EV3s a year", "3,000 Seagulls", "Teslas has delivered over 14,000": a maker's cars;
            # a model's ambiguous alias too ("39,194 Prologues"): its plural is as ambiguous, see `is_ambiguous`
            capitals = [
                a.upper()
                for a in ent.aliases
                if ent.kind in ("company", "brand")
                and len(a) >= 4
                and a.upper() not in known
                and a not in ent.ambiguous
            ]  # press releases write brands in capitals: "OPEL up 6.3%", "ALFA ROMEO"
            electric = [
                f"electric {a[:-3]}{plural}"
                for a in ent.aliases
                if ent.kind == "model" and a.endswith(" EV") and a[:-3] not in known
                for plural in ("", "s")
            ]  # "17,420 electric Equinox SUVs", "1,524 electric GMC Sierras": the model's EV version
            lowered = [
                f"{head} {tail.lower()}"
                for a in ent.aliases
                if ent.kind == "model" and " " in a
                for head, tail in [a.rsplit(" ", 1)]
                if tail in ("Electric", "Hybrid", "Electrified") and f"{head} {tail.lower()}" not in known
            ]  # "the Porter electric model": the version word in lower case
            curly = [a.replace("'", "’") for a in ent.aliases if "'" in a]  # "Europe’s largest economy"
            spaced = [
                f"{m[1]} {m[2]}"
                for a in ent.aliases
                if ent.kind == "model"
                and (m := _LETTERS_DIGITS.fullmatch(a))
                and f"{m[1]} {m[2]}" not in known
            ]  # "MG 4" for the MG4
            maker = self.registry.get(ent.parent) if ent.kind == "model" else None
            prefixed = [
                f"{maker.name} {a}"
                for a in ent.aliases
                if maker is not None and not a.startswith(maker.name) and f"{maker.name} {a}" not in known
            ]  # "Ford F-150 Lightning": the maker's name before the model's, so "Ford F-150" does not win
            prefixed += [
                f"{a}s"
                for a in prefixed
                if ent.kind == "model" and a[-1] not in "sxy" and f"{a}s" not in known
            ]  # "2023 Ford F-150 Lightnings": the maker-named model's cars
            forms = (*ent.aliases, *plurals, *capitals, *electric, *lowered, *curly, *prefixed, *spaced)
            self.matcher.add(ent.id, [nlp.make_doc(a) for a in forms])
        lexicon = load_lexicon()
        self.matcher.add(IGNORE, [nlp.make_doc(p) for p in lexicon.non_entities])
        self.variants = {p.lower() for _v, p in lexicon.cues.get("model_variant", [])}
        self.known = known | {p for _v, p in lexicon.cues.get("company_word", [])}
        self.english = english_words()
        self.vehicle_nouns = {p.lower() for _v, p in lexicon.cues.get("vehicle_noun", [])}
        self.short = PhraseMatcher(nlp.vocab, attr="ORTH")
        for short in self.registry.short_names:
            if short.lower() not in self.variants:
                self.short.add(short, [nlp.make_doc(short)])

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for s in filter_spans(self.matcher(doc, as_spans=True)) if s.label_ != IGNORE]
        spans = sorted([*spans, *self.short_models(doc, spans)], key=lambda s: s.start)
        starts = {s.start for s in spans}
        out = []
        for s in spans:
            slug, end = self.named_model(doc, s, starts)
            out.append(Span(doc, s.start, end, label=slug, kb_id=slug))
        doc.spans[SPAN_KEY] = out
        return doc

    def short_models(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Models named without their maker ("the M7", "its Han sedan") in a text that names the maker.

        A short name counts only where one maker it may belong to is named in the text; a name
        without a digit ("Han", "Seal", "Spring") also needs a vehicle noun after it ("Han sedan",
        "Tang SUV") or "its" before it, since such words are names and words of their own too.
        """
        found = self.short(doc, as_spans=True)
        if not found:
            return []
        named = {a for s in spans for a in (s.label_, *self.registry.ancestors(s.label_))}
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for s in filter_spans(found):
            if any(i in taken for i in range(s.start, s.end)):
                continue
            ids = [i for i in self.registry.short_names[s.label_] if named & set(self.registry.ancestors(i))]
            if len(ids) != 1:
                continue
            after = doc[s.end].text.lower() if s.end < len(doc) else ""
            before = doc[s.start - 1].text.lower() if s.start else ""
            if (
                any(c.isdigit() for c in s.text)
                or after in self.vehicle_nouns
                or before == "its"
                or before == "the"
                and self._maker_in_sentence(s, ids[0], spans)
            ):
                out.append(Span(doc, s.start, s.end, label=ids[0], kb_id=ids[0]))
        return out

    def _maker_in_sentence(self, span: Span, slug: str, spans: list[Span]) -> bool:
        """Whether the sentence of `span` names its maker or a sibling model ("the Han EV ..., and the Tang")."""
        makers = set(self.registry.ancestors(slug))
        sent = span.sent
        return any(
            s.start >= sent.start
            and s.end <= sent.end
            and (s.label_ in makers or makers & set(self.registry.ancestors(s.label_)))
            for s in spans
        )

    def _model_name(self, doc: Doc, i: int, starts: set[int]) -> bool:
        """Whether token `i`, right after a maker's name, is a model's own name the registry lacks
        ("Suzuki Cultus", "Nissan Sakura"): a capitalised word that is no English word, no name the
        registry knows and not the first of several capitalised words (a company: "Toyota Kirloskar Motor")."""
        tok = doc[i]
        if not _MODEL_WORD.fullmatch(tok.text) or tok.idx != doc[i - 1].idx + len(doc[i - 1].text) + 1:
            return False
        if tok.text in self.known or tok.lower_ in self.english or tok.lower_ in DEMONYMS:
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return nxt is None or not (nxt.text[:1].isupper() and nxt.is_alpha)

    def named_model(self, doc: Doc, span: Span, starts: set[int]) -> tuple[str, int]:
        """(slug, end) of a span grown over the model or trim named right after it: a variant word
        after a model ("Model X Plaid", "Qin Plus": `model_variant` cues), a model code after a maker
        the registry does not list ("Leapmotor C10", "Nio ET9", "Kia EV5"), and a variant after that.
        Annotators give such a model a slug of its own under the entity named."""
        slug, end = span.label_, span.end
        ent = self.registry.get(slug)
        if ent is None:
            return slug, end
        if ent.kind in ("company", "brand") and end < len(doc) and end not in starts:
            code = doc[end]
            if (
                _MODEL_CODE.fullmatch(code.text)
                and not _NOT_MODEL_CODE.fullmatch(code.text)
                and code.idx == doc[end - 1].idx + len(doc[end - 1].text) + 1
            ):
                slug, end = derived_slug(self.registry.model_prefix(slug), code.text), end + 1
            elif self._model_name(doc, end, starts):
                slug, end = derived_slug(self.registry.model_prefix(slug), doc[end].text), end + 1
            else:
                return slug, end
        if end < len(doc) and not doc[end].text[:1].isupper():
            return slug, end  # a variant opens with a capital: no span of words to build and look up
        for size in (2, 1):  # "Model Y Long Range", "Model X Plaid"
            if end + size <= len(doc) and not starts.intersection(range(end, end + size)):
                words = doc[end : end + size].text
                if words[:1].isupper() and words.lower() in self.variants:
                    return derived_slug(slug, words), end + size
        return slug, end


@Language.factory(
    "evclaims_topic_v1",
    assigns=["doc._.topic", "doc.spans"],
    requires=["doc.spans"],
)
def make_topic(nlp: Language, name: str) -> TopicGate:
    return TopicGate(nlp)


class TopicGate:
    """Score the text for vehicle talk and keep ambiguous aliases only near it (see `extractors.topic`).

    Topic phrases are matched on lowercased tokens by one PhraseMatcher, so the scan costs about as
    much as the entity matcher; the verdict goes to `Doc._.topic` for the claim rules.
    """

    def __init__(self, nlp: Language) -> None:
        self.registry = load_registry()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_weight: dict[float, list[str]] = {}
        for phrase, weight in topic_terms().items():
            by_weight.setdefault(weight, []).append(phrase)
        self.weights: dict[int, float] = {}
        for weight, phrases in by_weight.items():
            key = f"topic_{weight}"
            self.matcher.add(key, [nlp.make_doc(p) for p in phrases])
            self.weights[nlp.vocab.strings[key]] = weight

    def __call__(self, doc: Doc) -> Doc:
        idx = doc.to_array(IDX).reshape(-1)
        evidence = [Evidence(int(idx[start]), self.weights[key]) for key, start, _end in self.matcher(doc)]
        ambiguous, plain = [], set()
        for s in doc.spans.get(SPAN_KEY, []):
            ent = self.registry.get(s.label_)
            if ent is None:
                continue
            if ent.ambiguous and is_ambiguous(ent, s.text):
                ambiguous.append(s)
            else:
                plain.add(s.label_)
                if ent.kind in MAKER_KINDS:
                    evidence.append(Evidence(s.start_char, 1.0))
        n_words = int(doc.to_array(IS_ALPHA).sum()) if len(doc) else 0
        doc._.topic = decide(doc_text(doc), n_words, evidence)
        hint = doc._.hint if isinstance(doc._.hint, str) else None
        if (
            not doc._.topic.whole
            and hint
            and sum(e.weight for e in evidence) >= 0
            and self.registry.maker_in_hint(hint) is not None
        ):  # "maruti-suzuki-reports-2-pc-rise-in-sept-quarter-net-profit": a maker's story told as "the company"
            doc._.topic = Gate(doc._.topic.score, True, ((0, len(doc_text(doc))),))
        if ambiguous:
            self._settle_ambiguous(doc, ambiguous, evidence, plain)
        return doc

    def _settle_ambiguous(self, doc: Doc, ambiguous: list, evidence: list[Evidence], plain: set[str]) -> None:
        """Drop ambiguous mentions without vehicle talk near them. In a text about vehicles as a
        whole, one sense per text: an entity confirmed once, by vehicle talk near one of its
        mentions or by an unambiguous alias (`plain`), keeps every mention ("Ford Motor ... Ford's fourth-quarter revenue"); a general page keeps only
        the mentions inside its car talk (Lincoln the car beside Lincoln Park)."""
        context = Context(evidence)
        near = [context.near(s.start_char) >= CONTEXT for s in ambiguous]
        confirmed = plain | {s.label_ for s, ok in zip(ambiguous, near, strict=True) if ok}
        whole = doc._.topic.whole
        keep = [ok or (whole and s.label_ in confirmed) for s, ok in zip(ambiguous, near, strict=True)]
        drop = {(s.start, s.end) for s, k in zip(ambiguous, keep, strict=True) if not k}
        if drop:
            doc.spans[SPAN_KEY] = [s for s in doc.spans[SPAN_KEY] if (s.start, s.end) not in drop]


def is_ambiguous(ent, text: str) -> bool:
    """Whether a mention's text is one of the entity's ambiguous aliases (or a model's plural of one)."""
    return text in ent.ambiguous or (
        ent.kind == "model" and text.endswith("s") and text[:-1] in ent.ambiguous
    )


@Language.factory(
    "evclaims_claims_v1",
    assigns=["doc._.claims"],
    requires=["token.is_sent_start", "doc.spans"],
)
def make_claims(nlp: Language, name: str) -> ClaimRules:
    return ClaimRules()


_PLAIN_HYPHENS = str.maketrans(
    {"\u2010": "-", "\u2011": "-"}
)  # "year‑on‑year" with no-break hyphens reads as typed


_FULLY_ELECTRIC = re.compile(
    r"\b100(?:\s?%|\s?percent|\s?per\s?cent)(?=[\s-]+(?:all-)?(?:electric|battery[\s-]electric|EVs?\b|BEVs?\b|electrified))",
    re.I,
)  # "376,183 100% electric vehicles": an adjective ("pure"), not a share, between a count and its noun


class ClaimRules:
    """Turn each sentence's quantities and comparisons into claim dicts (see `extractors.claims`)."""

    def __init__(self) -> None:
        self.registry = load_registry()
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        gate = doc._.topic
        if gate is not None and not gate.spans:
            doc._.claims = []  # not about vehicles: no rule runs
            return doc
        self.lexicon.forget()
        mentions = doc_mentions(doc, self.registry)
        text = doc_text(doc)
        sentences = [
            (start, end)
            for start, end in trimmed_sentences(doc)
            if gate is None or gate.whole or gate.covers(start)
        ]
        published = doc._.published
        if published is not None and not isinstance(published, dt.date):
            published = None
        rules_text = (  # same length: every offset stays true
            text.translate(_PLAIN_HYPHENS) if "\u2010" in text or "\u2011" in text else text
        )
        if "100" in rules_text:
            rules_text = _FULLY_ELECTRIC.sub(lambda m: "pure".ljust(len(m.group(0))), rules_text)
        try:
            doc._.claims = extract_doc_claims(
                rules_text,
                sentences,
                mentions,
                published,
                self.lexicon,
                self.registry,
                doc.user_data.get(TRACE_KEY),
                doc._.hint if isinstance(doc._.hint, str) else None,
            )
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, re.error) as e:
            # a rule bug must not sink the whole batch: this document yields no claims and says why
            doc._.claims = []
            doc._.claims_error = f"{type(e).__name__}: {e}".splitlines()[0][:200]
        if rules_text is not text:
            for c in doc._.claims:  # the evidence quotes the article as written
                c["sentence"] = text[c["start_char"] : c["end_char"]]
        return doc
