"""Load and check the rule data of `extractors/data/`: metric triggers, units, number words, cues.

Every file is JSON Lines; each line is checked when loaded and a bad one raises `PatternError`
naming the file and line. Metric triggers are given as lemmas and expanded here to every word
form whose lookup lemma (spacy-lookups-data) is that lemma, so "sold", "sells" and "selling" all
trigger `sales_volume` without running a lemmatizer over every token.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from contract.errors import PatternError
from contract.jsonl import iter_objects
from contract.spec import BASE_METRICS, BASES, MODALITIES, QUALIFIERS, RELATIONS, SEGMENTS, UNITS
from contract.text import FUNCTION_WORDS
from extractors.phrase_trie import trie_alternation

_WORD = re.compile(r"[\w&’'-]+|%")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
CASED_KINDS = ("segment", "non_entity", "company_word")  # cue kinds matched as written
NONE_METRIC = "_none"  # a trigger that marks a number as *not* a claim (capacity, EBIT, investment)
CUE_KINDS = {
    "qualifier": QUALIFIERS,
    "modality": MODALITIES,
    "sentence_modality": MODALITIES,
    "attribution": ("estimate",),
    "basis": BASES,
    "change": ("up", "down"),
    "change_verb": ("up", "down"),
    "price_change": ("up", "down"),
    "price_noun": ("price",),
    "price_repeat": ("again",),
    "price_comparative": ("up", "down"),
    "change_noun": ("up", "down"),
    "comparative": RELATIONS,
    "comparative_lead": RELATIONS,
    "stock": ("stock",),
    "market_object": ("market",),
    "own_share": ("own",),
    "drop": ("conversion", "difference", "policy", "charging"),
    "range_context": ("range",),
    "model_variant": ("variant",),
    "vehicle_noun": ("vehicle",),
    "segment": (*SEGMENTS, "none"),
    "non_entity": ("ignore",),
    "not_trigger": ("ignore",),
    "company_word": ("company",),
}
UNIT_KINDS = ("currency", "measure", "vehicles")
WORD_KINDS = ("label", "rank", "stop", "plural", "mass_noun", "not_unit", "weight_context", "street")
NUMBER_KINDS = ("word", "scale", "fraction", "multiplier")


def data_file(name: str) -> Path:
    return Path(str(resources.files("extractors") / "data" / name))


def read_jsonl(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """(line number, row) for each non-blank line; JSON and required keys checked."""
    for n, row in iter_objects(path, PatternError):
        missing = [k for k in required if k not in row]
        if missing:
            raise PatternError(f"{path}:{n}: missing {', '.join(missing)}", path=str(path), line=n)
        yield n, row


def _check(path: Path, n: int, ok: bool, message: str) -> None:
    if not ok:
        raise PatternError(f"{path}:{n}: {message}", path=str(path), line=n)


def phrase_regex(phrases: list[str] | tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """One alternation of literal phrases, longest first, bounded so "up" never matches "supply"."""
    if not phrases:
        return None
    alts = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w])", flags)


def scan_regex(phrases: list[str] | tuple[str, ...], cased: bool) -> re.Pattern[str] | None:
    r"""`phrase_regex` for `scan`: lowercased unless `cased`, and with its lookbehind `(?<![\w-])`
    turned into one character that is consumed, `[^\w-]`, the phrase being group 1.

    A pattern that opens with a lookbehind or IGNORECASE letters makes `re` try every alternative
    at every position; one that opens with a plain character class lets it skip, in C, to the
    characters that can precede a phrase (spaces, punctuation) and try the phrases only there,
    and the phrases are a prefix tree (`phrase_trie`) so trying them costs one branch per letter.
    """
    if not phrases:
        return None
    words = set(phrases) if cased else {p.lower() for p in phrases}
    return re.compile(rf"[^\w-]({trie_alternation(words)})(?![\w])")


def scan(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of the matches `phrase_regex` gives in `text`, found with `scan_regex`.

    The text gets a space in front so a phrase may open it. Each search starts one character
    before the end of the previous match, where the lookbehind of `phrase_regex` would look, so
    the matches are the same, left to right and without overlaps.
    """
    padded = " " + text
    out, pos = [], 1
    while (m := rx.search(padded, pos - 1)) is not None:
        pos = m.end(1)
        out.append((m.start(1) - 1, pos - 1, m.group(1)))
    return out


def lowered(text: str) -> str | None:
    """`text.lower()` when matching it case-sensitively equals matching `text` with IGNORECASE: the
    same length, and every non-ASCII character uncased (quotes, dashes, currency signs). Cased
    ones ("é", "ſ", "İ") may fold in ways `str.lower` does not, so such text gets None."""
    odd = _NON_ASCII.findall(text)
    if odd and any(c.lower() != c or c.upper() != c for c in set(odd)):
        return None
    return text.lower()


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """word form → lemma, spacy-lookups-data's English lookup table (read once per process)."""
    path = Path(str(resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"))
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def lemma_forms() -> dict[str, set[str]]:
    """lemma → lowercased word forms, from spacy-lookups-data's English lookup table."""
    out: dict[str, set[str]] = {}
    for form, lemma in lemma_table().items():
        out.setdefault(lemma.lower(), set()).add(form.lower())
    return out


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every lowercased English word form the lookup table knows: a name with a word outside it
    ("Microsoft", "Citigroup") is a proper name."""
    pronouns = {"i", "he", "she", "we", "they", "you", "his", "her", "our", "their", "them", "us", "me"}
    return frozenset(lemma_table()) | frozenset(lemma_forms()) | FUNCTION_WORDS["en"] | pronouns


@dataclass(frozen=True)
class MetricTrigger:
    metric: str
    unit_kind: str
    words: tuple[str, ...]


@dataclass
class Lexicon:
    metrics: list[MetricTrigger]
    metric_regex: re.Pattern[str]  # any trigger, longest phrase first across metrics
    metric_of: dict[str, str]  # lowercased trigger phrase → metric
    currencies_before: dict[str, str]
    units_after: dict[str, tuple[str, str, float]]  # lowercased word → (kind, unit, factor)
    units_after_cased: dict[str, tuple[str, str, float]]
    numbers: dict[str, dict[str, float]]
    cues: dict[str, list[tuple[str, str]]]  # kind → [(value, phrase)]
    cue_regex: dict[str, re.Pattern[str]]  # "kind:value" → regex
    cue_value: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, lowered phrase) → value
    first_words: frozenset[str] = frozenset()  # first word of every trigger phrase, to skip the rest fast
    currency_codes: dict[str, str] = field(default_factory=dict)  # symbol or word (as written) → ISO 4217
    word_units: dict[str, str] = field(default_factory=dict)  # lowercased unit word → name in `--quantities`
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # quantity_words.jsonl: kind → words
    memo: dict[tuple[str, str], list[tuple[int, int, str]]] = field(default_factory=dict)
    scan_regex: dict[str, re.Pattern[str]] = field(default_factory=dict)  # kind → `scan_regex`
    _low: tuple[str, str | None] = ("", "")  # (text, `lowered(text)`) of the last text asked about
    # patterns and tables other modules build from these tables, built once per lexicon (`derived`)
    _derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def non_entities(self) -> list[str]:
        return [p for _v, p in self.cues.get("non_entity", [])]

    def triggers(self, text: str) -> list[tuple[int, int, str]]:
        """Metric trigger words in `text` as (start, end, metric), longest phrase first, by word n-grams."""
        low = self._lowered(text)  # lowered once: its words and phrases are the lowered ones of `text`
        if low is None:
            words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
        else:
            words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(low)]
        out, i, n = [], 0, len(words)
        first = self.first_words
        while i < n:
            if words[i][2] not in first:
                i += 1
                continue
            for size in (4, 3, 2, 1):
                if i + size > n:
                    continue
                s, e = words[i][0], words[i + size - 1][1]
                metric = self.metric_of.get(text[s:e].lower() if low is None else low[s:e])
                if metric is not None:
                    if metric:
                        out.append((s, e, metric))
                    i += size
                    break
            else:
                i += 1
        return _reporting_register(_compounds(out, text), text)

    def _lowered(self, text: str) -> str | None:
        """`lowered(text)`, kept for the last whole text asked about (a sentence is asked about
        often); a piece of that text lowers as plainly as the text does, so it is not checked again."""
        last = self._low  # one read: another thread may replace it meanwhile
        if last[0] == text:
            return last[1]
        if last[1] is not None and text in last[0]:
            return text.lower()
        self._low = (text, low := lowered(text))
        return low

    def find(self, kind: str, text: str) -> list[tuple[int, int, str]]:
        """All cue phrases of `kind` in `text` as (start, end, value), in order (a list not to modify).

        Whole sentences and clauses are asked about again for every figure in them, so answers are
        memoised until `forget` (the claim rules call it for each document) or the memo fills."""
        key = (kind, text)
        hits = self.memo.get(key)
        if hits is not None:
            return hits
        rx = self.scan_regex.get(kind)
        if rx is None:
            hits = []
        else:
            low = text if kind in CASED_KINDS else self._lowered(text)
            if low is not None:
                found = (
                    scan(rx, low) if _holds_any(low, self.derived("cue_words", _cue_words).get(kind)) else []
                )
            else:
                found = [(m.start(), m.end(), m.group(0)) for m in self.cue_regex[kind].finditer(text)]
            hits = [(s, e, self.cue_value[(kind, phrase.lower())]) for s, e, phrase in found] if found else []
        if len(self.memo) > 8192:
            self.memo.clear()
        self.memo[key] = hits
        return hits

    def derived(self, name: str, build):
        """`build(self)`, built on the first call for `name` and kept with the lexicon: patterns
        compiled from its tables, which cost more to look up by their contents than to use."""
        value = self._derived.get(name)
        if value is None:
            value = self._derived[name] = build(self)
        return value

    def forget(self) -> None:
        """Empty the memo of `find`: answers are kept for one document, not across documents."""
        self.memo.clear()

    def cue(self, kind: str, phrase: str) -> str | None:
        """The value of one exact cue phrase ("fell" → "down"), or None."""
        return self.cue_value.get((kind, phrase.lower()))


_FEW_CUE_WORDS = 16  # a kind whose phrases reduce to this many strings is checked with `in` first


def _cue_words(lex: Lexicon) -> dict[str, frozenset[str]]:
    """kind → the strings one of which every phrase of the kind holds, as `scan` reads them (lowered
    unless cased), for kinds with few: a text holding none of them has no cue of the kind, and a
    few `in` checks cost less than a scan. "price" stands for "price cut" and "list prices"."""
    out = {}
    for kind, pairs in lex.cues.items():
        phrases = {p if kind in CASED_KINDS else p.lower() for _v, p in pairs}
        fewest = frozenset(p for p in phrases if not any(o != p and o in p for o in phrases))
        if len(fewest) <= _FEW_CUE_WORDS:
            out[kind] = fewest
    return out


def _holds_any(text: str, words: frozenset[str] | None) -> bool:
    """Whether `text` holds one of `words`; True when there are no words to check."""
    return words is None or any(map(text.__contains__, words))


def _load_metrics(path: Path) -> list[MetricTrigger]:
    forms = lemma_forms()
    out = []
    for n, row in read_jsonl(path, ("metric", "unit_kind", "lemmas", "phrases")):
        metric = row["metric"]
        _check(
            path,
            n,
            metric in BASE_METRICS or metric == NONE_METRIC,
            f"unknown metric {metric!r}; known: {', '.join(BASE_METRICS)}, {NONE_METRIC}",
        )
        _check(
            path,
            n,
            row["unit_kind"] in ("vehicles", "percent", "currency", "km", "kWh", "any"),
            f"unknown unit_kind {row['unit_kind']!r}",
        )
        words = set(row["phrases"])
        for lemma in row["lemmas"]:
            words |= forms.get(lemma.lower(), set()) | {lemma}
        _check(path, n, bool(words), "a metric needs lemmas or phrases")
        out.append(MetricTrigger(metric, row["unit_kind"], tuple(sorted(words))))
    return out


@lru_cache(maxsize=2)
def load_lexicon(folder: str | None = None) -> Lexicon:
    """Read and check every rule data file (cached: the files are read once per process)."""
    base = Path(folder) if folder else data_file("x").parent
    metrics = _load_metrics(base / "metrics.jsonl")
    phrase_metric: dict[str, str] = {}
    for t in metrics:
        for word in t.words:
            phrase_metric.setdefault(word.lower(), t.metric)
    metric_regex = phrase_regex(sorted(phrase_metric))

    path = base / "units.jsonl"
    cur_before: dict[str, str] = {}
    after: dict[str, tuple[str, str, float]] = {}
    after_cased: dict[str, tuple[str, str, float]] = {}
    currency_codes: dict[str, str] = {}
    word_units: dict[str, str] = {}
    for n, row in read_jsonl(path, ("kind", "unit", "after")):
        _check(
            path,
            n,
            row["kind"] in UNIT_KINDS,
            f"unknown kind {row['kind']!r}; known: {', '.join(UNIT_KINDS)}",
        )
        _check(
            path,
            n,
            row["unit"] in UNITS or row["unit"] == "_other",
            f"unknown unit {row['unit']!r}; known: {', '.join(UNITS)}, _other",
        )
        code = row.get("code", row["unit"] if row["kind"] == "currency" else None)
        _check(
            path,
            n,
            code is None or (row["kind"] == "currency" and re.fullmatch(r"[A-Z]{3}", code) is not None),
            f"code {code!r} must be an ISO 4217 code of a currency",
        )
        name = row.get("quantity_unit", "unit")
        _check(
            path,
            n,
            isinstance(name, str) and name != "",
            f"quantity_unit {name!r}: 'unit', 'word' or the name to report",
        )
        for sym in row.get("before", []):
            cur_before[sym] = row["unit"]
            if code:
                currency_codes[sym] = code
        for word in row["after"]:
            entry = (row["kind"], row["unit"], float(row.get("factor", 1)))
            after[word.lower()] = entry
            after_cased[word] = entry
            if code:
                currency_codes[word] = code
            if name != "unit":
                word_units[word.lower()] = name

    path = base / "numbers.jsonl"
    numbers: dict[str, dict[str, float]] = {k: {} for k in NUMBER_KINDS}
    for n, row in read_jsonl(path, ("kind", "word", "value")):
        _check(
            path,
            n,
            row["kind"] in NUMBER_KINDS,
            f"unknown kind {row['kind']!r}; known: {', '.join(NUMBER_KINDS)}",
        )
        _check(path, n, isinstance(row["value"], int | float), "value must be a number")
        numbers[row["kind"]][row["word"]] = float(row["value"])

    path = base / "cues.jsonl"
    cues: dict[str, list[tuple[str, str]]] = {}
    cue_value: dict[tuple[str, str], str] = {}
    for n, row in read_jsonl(path, ("kind", "value", "phrases")):
        kind, value = row["kind"], row["value"]
        _check(path, n, kind in CUE_KINDS, f"unknown cue kind {kind!r}; known: {', '.join(CUE_KINDS)}")
        _check(
            path,
            n,
            value in CUE_KINDS[kind],
            f"unknown {kind} {value!r}; known: {', '.join(CUE_KINDS[kind])}",
        )
        phrases = list(row["phrases"])
        for lemma in row.get("lemmas", []):  # every word form of the lemma: "retreat" → retreating, retreats
            phrases += sorted(lemma_forms().get(lemma.lower(), set()) | {lemma})
        for p in phrases:
            cues.setdefault(kind, []).append((value, p))
            cue_value.setdefault((kind, p.lower()), value)
    cue_regex, scan_rx = {}, {}
    for kind, pairs in cues.items():
        cased = kind in CASED_KINDS
        rx = phrase_regex([p for _v, p in pairs], 0 if cased else re.IGNORECASE)
        if rx is not None:
            cue_regex[kind] = rx
            scan_rx[kind] = scan_regex([p for _v, p in pairs], cased)
    if "segment" in cue_regex:  # case-sensitive phrases, values keyed as written
        for value, p in cues["segment"]:
            cue_value[("segment", p.lower())] = cue_value.get(("segment", p.lower()), value)
    for _v, p in cues.get("not_trigger", []):
        phrase_metric[p.lower()] = ""  # consumes its words ("battery electric") without naming a metric
    path = base / "quantity_words.jsonl"
    words: dict[str, frozenset[str]] = {}
    for n, row in read_jsonl(path, ("kind", "words")):
        _check(
            path,
            n,
            row["kind"] in WORD_KINDS,
            f"unknown kind {row['kind']!r}; known: {', '.join(WORD_KINDS)}",
        )
        _check(path, n, all(isinstance(w, str) and w for w in row["words"]), "words must be strings")
        words[row["kind"]] = words.get(row["kind"], frozenset()) | frozenset(row["words"])

    first_words = frozenset(m.group(0).lower() for p in phrase_metric for m in [_WORD.search(p)] if m)
    return Lexicon(
        metrics,
        metric_regex,
        phrase_metric,
        cur_before,
        after,
        after_cased,
        numbers,
        cues,
        cue_regex,
        cue_value,
        first_words,
        currency_codes=currency_codes,
        word_units=word_units,
        words=words,
        scan_regex=scan_rx,
    )


_PAST_VERB = re.compile(r"[A-Za-z]+ed|sold|made|built|shipped", re.I)


def _compounds(found: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """A not-a-claim phrase right before a metric word makes the compound not a claim either:
    "EBITDA loss", "EBIT profit", "operating cash burn" name no net profit."""
    out: list[tuple[int, int, str]] = []
    for s, e, metric in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev[2] == NONE_METRIC
            and metric != NONE_METRIC
            and text[prev[1] : s].strip() == ""
            and not _PAST_VERB.fullmatch(text, s, e)  # "Tesla's Shanghai factory produced 33,544": its verb
        ):
            out[-1] = (prev[0], e, NONE_METRIC)
            continue
        out.append((s, e, metric))
    return out


_WITHIN_SPAN = re.compile(r"\b(?:in|within|over)\s+$", re.I)
_REGISTER_VERB = re.compile(r"register(?:ed|ing|s)?$", re.I)
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(?:(?:a|an)\s+)?(?:[\w().\/\u2010\u2011-]+\s+){0,6}?(?:growth|rise|increase|decline|drop|jump|fall|gain|surge|decrease)\b",
    re.I,
)


def _reporting_register(found: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """ "registering a 62 per cent growth", "EV sales registered 3,912 units": "register" as a verb of
    reporting, after another metric word or before a change noun, names no registrations."""
    out: list[tuple[int, int, str]] = []
    for s, e, metric in found:
        if (
            metric == NONE_METRIC
            and _WITHIN_SPAN.search(text, max(0, s - 8), s)
            and text[s:e].lower() == "a month"
        ):
            continue  # "climbed 71.73% in a month": a span, not a monthly rate
        if metric == "registrations" and _REGISTER_VERB.match(text[s:e]):
            prev = out[-1] if out else None
            after_metric = (
                prev is not None and prev[2] not in (NONE_METRIC, "registrations") and s - prev[1] <= 12
            )
            if after_metric or _CHANGE_NOUN_AFTER.match(text, e):
                continue
        out.append((s, e, metric))
    return out
