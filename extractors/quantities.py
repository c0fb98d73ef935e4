"""Find the quantities of one sentence: pure functions over text and the lexicon tables.

A `Quantity` is a number with its unit kind, range bounds and span: "RMB19,703.4 million",
"US$25.2bn", "15–20%", "between 88,000 and 93,000", "80k units", "420 basis points", "150-kWh",
"twelve vehicles", "9 out of 10", "more than doubled", "one-third of", and counts and measures
that claims never use ("two officers", "a 33-page report", "three and a half years", "1/4 cup",
"6-foot-7"). Numbers that are not quantities are dropped here: bare years, model numbers (M9, Q1,
Tier-1), ordinals, tickers ("HKEX: 2015"), footnote digits glued to a bracket ("billion)1"),
dates, times, phone numbers, labels and names ("Highway 62", "iPhone 11"), scores ("20-17"), and
"one" used as an article ("one fan"); see `extractors.identifiers`. Bracketed or "or about"
conversions of the previous quantity are marked `conversion`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.fast_start import fast_compile, fast_start
from extractors.identifiers import (
    PHONE,
    is_address,
    is_date_or_time,
    is_identifier,
    is_label,
    is_score,
    is_year,
)
from extractors.lexicon import Lexicon
from extractors.numbers import DIGITS, apply_scale, parse_digits, parse_fraction, parse_words
from extractors.phrase_trie import trie_alternation

ADJECTIVES = (
    r"(?:(?:new|electric|passenger|energy|new-energy|plug-in|hybrid|luxury|premium|smart|pure|locked-in|firm|"
    r"confirmed|binding|retail|wholesale|domestic|purely|newly|mostly|such|zero|emission|fuel-cell|"
    r"fully|battery|battery-electric|used|intelligent|all-electric|of\s+these|of\s+the|of\s+those|"
    r"electrical|electrified|commercial|light|heavy|compact|imported|foreign|local|affordable|autonomous|"
    r"(?-i:[a-z]+(?:-[a-z]+)+)|(?-i:(?!(?:CNY|RMB|USD|EUR|GBP|JPY|KRW|INR|VND|HKD|AUD|CAD|SGD|THB|MYR|IDR)\b)"
    r"[A-Z][\w.-]*))(?:\s*,\s*(?=[a-z])|\s+(?:or|and)\s+|\s+)){0,4}"
)  # "34,990 electric, hybrid or mains-rechargeable hybrid vehicles" (not "the 5,000 CNY car deposit")
GLUED_WORD = r"(?:with|and|marking|from|compared|in|for|to|up|down|of|on|at|as|while|which)\b"
"""A function word glued to the unit before it where scraped text lost a space: "128,067 carswith"."""
TICKER = re.compile(
    r"(?:HKEX|HKG|NYSE|Nasdaq|NASDAQ|SGX|SZSE|SSE|HK|TSE|TYO|KRX|KOSPI|ticker|stock code|code)\s*:?\s*$"
)
_EXCHANGE_CODE = fast_compile(
    r"\b[A-Z]{2,6}\s*:\s*$"
)  # "(NYSE: XPEV, HKG: 9868)": a listing code before a number
CONVERSION_GAP = fast_compile(
    r"(?:^\s*[(\[/]|,?\s*\bor)\s*(?:approximately|approx\.|about|around|roughly|nearly|some|just\s+shy\s+of|"
    r"equivalent\s+to)?\s*$",
    re.I,
)
LIST_GAP = re.compile(
    r"\s*(?:,|/|or|or\s+about|or\s+around|,\s*or)\s*(?:approximately|about|around|roughly)?\s*$", re.I
)


_NEVER = re.compile(r"\A(?!)")  # fails at once: "(?!)" alone is tried at every position
_MULTIPLIER_USE = re.compile(r"(?![\s-]+(?:down|up\s+on|digits?|-digit)\b)", re.I)
_MODEL_YEAR_AFTER = re.compile(r"\s*(?:model[-\s]years?|models?)\b", re.I)
_MILESTONE = re.compile(
    r"(?<![\w.,])(?P<n>(?P<digits>\d{1,3}(?:,\d{3})+|\d{3,7})th|(?:one-)?millionth)\s+(?=(?:[\w.-]+\s+){0,3}?"
    r"(?:vehicles?|cars?|EVs?|trucks?|units?|buses|bus|scooters?)\b)",
    re.I,
)  # a maker's Nth vehicle: its running total has reached N
_ADJECTIVE_MULTIPLE = re.compile(r"\s+(?:the|that|its|their|last|a\s+year|in\s+value|in\s+size)\b", re.I)
_LETTERS = re.compile(r"[a-z]+")


def _number_words(lex: Lexicon) -> frozenset[str]:
    """Single number and scale words ("two", "dozen", "million"): a sentence without one has no word number."""
    return lex.derived("number_words", _build_number_words)


def _build_number_words(lex: Lexicon) -> frozenset[str]:
    words = (*lex.numbers["word"], *(w for w in lex.numbers["scale"] if len(w) > 2))
    return frozenset(w.lower() for w in words if " " not in w)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    low: float
    high: float
    # currency, percent, percentage_points, km, kWh, vehicles, bare, other (a unit claims do not use),
    # fraction, multiplier, count (a number word or compound claims never use: "two officers")
    kind: str
    unit: str | None  # the spec unit, or None (bare number, unknown unit)
    noun: str | None = None  # the word after the number when it names what was counted
    qualifier: str | None = (
        None  # qualifiers the quantity itself carries ("9 out of 10", "more than doubled")
    )
    conversion: bool = False
    glued_hyphen: bool = False
    factor: float = 1.0  # the unit's factor to the spec unit (1.609344 for miles in km)
    currency: str | None = None  # ISO 4217 code of a currency amount, also for currencies claims ignore


def _patterns(
    currencies: tuple[str, ...],
    scales: tuple[str, ...],
    units: tuple[str, ...],
    words: tuple[str, ...],
    fractions: tuple[str, ...],
    multipliers: tuple[str, ...],
):
    cur = "|".join(re.escape(c) for c in sorted(currencies, key=len, reverse=True))
    long_scales = "|".join(
        re.escape(s) for s in sorted((s for s in scales if len(s) > 2), key=len, reverse=True)
    )
    short_scales = "|".join(
        re.escape(s) for s in sorted((s for s in scales if len(s) <= 2), key=len, reverse=True)
    )
    scale = rf"(?:[\s-]?(?:{long_scales}|bn|mn|tn)\b|(?:{short_scales})(?![A-Za-z]))"
    number = (
        rf"(?<![\w./:)\]’'-])(?:(?<!,)|(?<=[A-Za-z],)(?=\d))(?:(?P<neg>negative\s+|minus\s+|[-−](?=[\d$€£¥]))?)"  # "before,1,76,538"
        rf"(?P<cur>{cur})?\s?(?P<num>{DIGITS})(?P<scale1>{scale})?"
        rf"(?:\s*(?P<sep>-|–|—|to|through|and)\s*(?P<cur2>{cur})?\s?(?P<num2>{DIGITS})(?P<scale2>{scale})?)?"
    )
    # the unit words as a prefix tree (`phrase_trie`), lowercased since the pattern ignores case
    unit_alts = trie_alternation({u.lower() for u in units})
    unit = re.compile(
        rf"(?P<gap>\s?)(?P<adj>{ADJECTIVES})(?P<unit>{unit_alts})(?:(?![\w])|(?={GLUED_WORD}))"
        r"(?P<per>(?:/|\s+per\s+)[A-Za-z]+\b)?",
        re.I,
    )
    # number words as a prefix tree: one branch per letter where a number word may start
    word_alts = trie_alternation(set(words))
    big = "|".join(re.escape(s) for s in sorted((s for s in scales if len(s) > 2), key=len, reverse=True))
    after_scale = "|".join(f"(?<={re.escape(s)})" for s in ("hundred", "thousand", "million", "billion"))
    word_number = re.compile(
        rf"(?<![\w-])(?P<w>(?:(?P<frac>half|a\s+quarter|a\s+third|three[\s-]quarters|two[\s-]thirds)\s+(?:of\s+)?"
        rf"(?=(?:a|an)\s+(?:{big})\b))?(?:(?:a|an)\s+(?=(?:{big})\b))?(?:{word_alts}|{big})"
        rf"(?:[\s-](?:{word_alts}|{big})|(?:{after_scale})\s+and\s+(?:{word_alts})|\s+and\s+a\s+half)*)(?![\w])",
        re.I,
    )
    out_of = re.compile(
        rf"(?<![\w.])(?P<a>\d+|{word_alts})\s+(?:out\s+of|in)\s+(?P<b>\d+|{word_alts})\b(?=\s+(?:(?:new|newly|registered|sold|electric|passenger|all|of)\s+){{0,3}}(?:cars|vehicles|buyers|sales|registrations|NEVs|EVs|BEVs|units|new-car|car\s+buyers))",
        re.I,
    )
    frac_alts = "|".join(re.escape(f) for f in sorted(fractions, key=len, reverse=True))
    # "half of", "a third of"; a fraction with a number word also before "the", "as": "one fifth the return"
    fraction = re.compile(
        rf"(?<![\w-])(?P<f>{frac_alts})(?:(?P<of>\s+of)\b|(?=\s+(?:the|as|more|less)\b))", re.I
    )
    mult_alts = "|".join(re.escape(m) for m in sorted(multipliers, key=len, reverse=True))
    multiplier = re.compile(
        rf"(?P<q>more\s+than\s+|nearly\s+|almost\s+|over\s+|roughly\s+|about\s+)?(?<![\w-])(?P<m>{mult_alts})\b",
        re.I,
    )
    fraction_change = re.compile(
        rf"\b(?:by|up|down|rose|fell|increased|decreased|grew|jumped|dropped|declined|climbed|slipped|plunged|"
        rf"surged|slumped|cut|slashed|shrank|gained|lost|more\s+than|"
        rf"(?:increase|decrease|decline|rise|drop|fall|gain|growth|jump|surge|slump|reduction)\s+of)\s+"
        rf"(?P<q>more\s+than|over|almost|nearly|about|around|roughly|just\s+over|just\s+under|less\s+than|"
        rf"under|some|well\s+over)?\s*(?P<f>{frac_alts})\b(?!\s+of\b|[\s-]+(?:year|century|point))",
        re.I,
    )
    fold = re.compile(
        rf"(?P<q>more\s+than\s+|nearly\s+|almost\s+|over\s+|roughly\s+|about\s+)?(?<![\w.,-])"
        rf"(?P<n>\d+(?:\.\d+)?|{word_alts})(?:[\s-]?fold\b|x(?=\s+(?:revenue\s+|sales\s+|deliveries\s+)?"
        rf"(?:growth|increase|jump|rise|gain)\b)|"
        # "2.7 times more than in 2021": a change against an earlier period (not "2.7 times more than Tesla")
        rf"\s+times(?=\s+(?:more|higher|larger|greater|bigger|as\s+(?:many|much|high))\b[^.;]{{0,30}}?\b"
        rf"(?:than|that\s+of|those\s+of)\s+(?:(?:its|their|the)\s+(?:[\w-]+\s+){{0,2}}?(?=in\s|during\s))?"  # "than its sales in 2021"
        rf"(?:in\s+|during\s+)?(?:(?:19|20)\d\d|a\s+year|the\s+(?:previous|prior|same)|"
        rf"last)\b))",
        re.I,
    )
    return re.compile(number), unit, word_number, out_of, fraction, multiplier, fold, fraction_change


def _pats(lex: Lexicon):
    """The patterns of `_patterns` for this lexicon, compiled once and kept with it."""
    return lex.derived("quantities", _build_pats)


def _build_pats(lex: Lexicon):
    n = lex.numbers
    number, unit, *searched = _patterns(
        tuple(lex.currencies_before),
        tuple(n["scale"]),
        tuple(lex.units_after_cased),
        tuple(n["word"]),
        tuple(n["fraction"]),
        tuple(n["multiplier"]),
    )
    # the unit pattern is matched right after a number; the others are searched along the sentence
    return fast_start(number), unit, *map(fast_start, searched)


_BASIS_AFTER = re.compile(r"[\s-]+(?:on|over)[\s-]+(?:year|month|quarter)\b", re.I)  # after a time word only


def _unit_after(
    text: str, pos: int, lex: Lexicon, unit_rx: re.Pattern[str]
) -> tuple[str | None, str | None, float, int, str | None]:
    """(kind, unit, factor, end, word) of the unit right after `pos`, or Nones."""
    m = unit_rx.match(text, pos)
    if not m:
        return None, None, 1.0, pos, None
    word = m.group("unit")
    entry = lex.units_after_cased.get(word) or lex.units_after.get(word.lower())
    if (
        m.group("adj")
        and (whole := " ".join((m.group("adj") + word).split()))
        and (named := lex.units_after_cased.get(whole) or lex.units_after.get(whole.lower()))
    ):  # "85.5 Hong Kong dollars", "8.25 trillion Vietnamese dong": a unit of several words, not an adjective
        return (*named, m.end("unit"), whole)
    if entry is None:
        return None, None, 1.0, pos, None
    if word.startswith("-") and m.group("gap"):
        return None, None, 1.0, pos, None
    if m.group("adj") and entry[0] != "vehicles":
        return None, None, 1.0, pos, None
    if m.group("adj") and not m.group("gap"):
        return None, None, 1.0, pos, None  # "4Q24 deliveries": a word glued to the number, not an adjective
    kind, unit, factor = entry
    if word.lower() in ("year", "month", "quarter") and _BASIS_AFTER.match(text, m.end("unit")):
        return None, None, 1.0, pos, None  # "from 64,218 year-on-year": the change's basis, not years
    if kind == "currency" and word.lower() in ("pounds", "pound") and _weight_talk(text, lex):
        kind, unit, factor = "measure", "_other", 1.0  # "a curb weight of 2,189 pounds"
    if m.group("per") and m.group("per").startswith("/") and kind == "measure" and unit == "_other":
        return kind, unit, factor, m.end(), word + m.group("per")  # "18.87 lb/hp", "30 miles per gallon"
    return kind, unit, factor, m.end("unit"), word


_PLUS_AFTER = re.compile(r"[-‐]plus\b", re.I)
_DOT_THOUSAND = re.compile(r"\d{1,3}\.\d{3}")
_COUNT_CONTEXT = re.compile(
    r"\b(?:units|vehicles|cars|deliveries|delivered|deliver|sold|sales|orders|registrations|registered|produced)\b",
    re.I,
)  # a sentence that counts vehicles
_NOT_A_COUNT_AFTER = re.compile(r"\s*(?:%|percent|per\s*cent|times|x\b|[-–]\s*\d|\.\d)", re.I)
MODELS_AS_UNITS = 1000
"""From this count up, "models" are cars, not designs: "Nio delivered 10,059 models in October" (no
maker sells a thousand models; "launched 12 models" stays a count of designs)."""


def _models_as_units(
    kind: str | None, unit: str | None, factor: float, word: str | None, value: float
) -> tuple[str | None, str | None, float]:
    if word is not None and word.lower() == "models" and value >= MODELS_AS_UNITS:
        return "vehicles", "vehicles", 1.0
    return kind, unit, factor


def _weight_talk(text: str, lex: Lexicon) -> bool:
    """The sentence speaks of weight, so "pounds" after a number are a weight, not sterling."""
    words = lex.words.get("weight_context", frozenset())
    return any(w in words for w in _LETTERS.findall(text.lower()))


def _kind_of(kind: str | None, unit: str | None) -> str:
    if kind == "currency":
        return "currency" if unit != "_other" else "other"
    if kind == "vehicles":
        return "vehicles"
    if kind == "measure":
        return unit if unit != "_other" else "other"
    return "bare"


def sentence_quantities(
    sent: str,
    lex: Lexicon,
    periods: list[tuple[int, int]] = (),
    names: list[tuple[int, int]] = (),
) -> list[Quantity]:
    """The quantities of one sentence that claims and `extract --quantities` both start from.

    `find_quantities` minus bare numbers inside a period expression ("Q1 2025", "the first half")
    and numbers inside a registry name ("IONIQ 5"); `periods` and `names` are (start, end) spans
    in `sent`. Claims are the quantities of this list that pass attribution.
    """
    return [
        q
        for q in find_quantities(sent, lex)
        if not (
            q.kind in ("bare", "count", "fraction", "multiplier")
            and any(a <= q.start < b or q.start <= a < q.end for a, b in periods)
        )
        and not any(a < q.start < b for a, b in names)
    ]


_SINGULAR_UNITS = frozenset(("vehicle", "car", "unit", "ev", "suv", "truck", "bus"))
"""A year-like number before a singular noun names a year, not a count: "2021 vehicle exports"."""
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")  # "2023 Tang vehicles": a model year before a name
_PERIOD_BEFORE_YEAR = fast_compile(r"\b(?:Q[1-4]|[1-4]Q|H[12]|[12]H|FY|fiscal)\s*$", re.I)
_ACCOUNTING = fast_compile(
    r"\((?P<n>\d[\d,]*(?:\.\d+)?)\)(?=\s*(?:%|per\s*cent\b|percent\b|million\b|billion\b|bn\b|mn\b|m\b|thousand\b))",
    re.I,
)  # "(49.4)%", "USD (1,193) million": a negative figure in a financial statement's notation
_LOSS_BEFORE = fast_compile(
    r"\b(?:loss|losses|lost|lose|loses|losing|deficit|negative|outflow|burn)\b(?:[^.;]|\.(?=\d))*$", re.I
)


def find_quantities(text: str, lex: Lexicon) -> list[Quantity]:
    """Quantities of `text`, left to right (offsets into `text`)."""
    if "(" in text and (brackets := list(_ACCOUNTING.finditer(text))):
        return _accounting(text, brackets, lex)
    return _find_quantities(text, lex)


def _accounting(text: str, brackets: list[re.Match], lex: Lexicon) -> list[Quantity]:
    """Read "(1,193)" as the number padded with zeros in place of its brackets ("001,193": same
    offsets, so a currency and a scale around it still attach), then negate it unless a loss word
    before it already says the sign ("Net loss of USD (1,193) million")."""
    plain = text
    for m in brackets:
        plain = plain[: m.start()] + "00" + m["n"] + plain[m.end() :]
    out = []
    for q in _find_quantities(plain, lex):
        inside = next((m for m in brackets if q.start <= m.start("n") < q.end), None)
        if inside is not None:
            q = replace(q, text=text[q.start : q.end])
            if not _LOSS_BEFORE.search(text, 0, q.start) and q.low > 0:
                q = replace(q, low=-q.high, high=-q.low)
        out.append(q)
    return out


def _find_quantities(text: str, lex: Lexicon) -> list[Quantity]:
    number_rx, unit_rx, word_rx, out_of_rx, fraction_rx, mult_rx, fold_rx, frac_change_rx = _pats(lex)
    scales = lex.numbers["scale"]
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in PHONE.finditer(text)]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    lowered = text.lower()
    words = set(_LETTERS.findall(lowered))
    if "out of" not in lowered and " in " not in lowered:
        out_of_rx = _NEVER
    if not any(k in lowered for k in ("doubl", "tripl", "trebl", "quadrupl", "halv")):
        mult_rx = _NEVER
    if not any(k in lowered for k in _FRACTION_STEMS):
        fraction_rx = _NEVER
    if not words & _number_words(lex):
        word_rx = _NEVER
    for m in out_of_rx.finditer(text):
        a = parse_digits(m["a"]) or parse_words(m["a"], lex.numbers["word"], scales)
        b = parse_digits(m["b"]) or parse_words(m["b"], lex.numbers["word"], scales)
        if a and b and a <= b:
            v = round(100 * a / b, 2)
            found.append(Quantity(m.start(), m.end(), m.group(0), v, v, "percent", "percent", None, "approx"))
            taken.append((m.start(), m.end()))
    for m in mult_rx.finditer(text):
        if not _MULTIPLIER_USE.match(text, m.end()) or (
            m["m"].lower() in ("double", "triple") and not _ADJECTIVE_MULTIPLE.match(text, m.end())
        ):
            continue  # "doubled down", "double-digit"; "double" only as "double the 18,667"
        v = lex.numbers["multiplier"][
            next(k for k in lex.numbers["multiplier"] if k.lower() == m["m"].lower())
        ]
        q = (m["q"] or "").strip().lower()
        qual = "more_than" if q in ("more than", "over") else "approx"
        s = m.start("m")
        found.append(Quantity(s, m.end(), m["m"], v, v, "multiplier", "percent", None, qual))
        taken.append((s, m.end()))
    if "th " in lowered:
        for m in _MILESTONE.finditer(
            text
        ):  # "its 5,000th electric truck", "its one-millionth vehicle": a running total
            before = text[max(0, m.start() - 80) : m.start()]
            if not free(m.start(), m.end("n")) or before.rfind("(") > before.rfind(")"):
                continue  # "(200,000th car has been delivered in June)": an aside to a total already given
            v = float(parse_digits(m["digits"]) if m["digits"] else 1_000_000)
            found.append(Quantity(m.start(), m.end("n"), m["n"], v, v, "vehicles", "vehicles", None, None))
            taken.append((m.start(), m.end("n")))
    if "fold" in lowered or "x " in lowered or "times" in lowered:
        for m in fold_rx.finditer(text):  # "up 1.4-fold": a change of (N - 1) x 100 percent
            n = parse_digits(m["n"]) or parse_words(m["n"], lex.numbers["word"], scales)
            if not n or n <= 1:
                continue
            # "up 1.4-fold" renders the Chinese statistics' "increased 1.4 times" (+140%); a fold of 2 or more
            # in English multiplies ("a three-fold increase", +200%)
            v = round((n if n < 2 and n != int(n) else n - 1) * 100, 6)
            q = (m["q"] or "").strip().lower()
            # an English multiple is round ("a threefold jump": about +200%); the Chinese "1.4 times" is exact
            qual = "more_than" if q in ("more than", "over") else "approx" if q or n >= 2 else None
            s = m.start("n")
            found.append(Quantity(s, m.end(), text[s : m.end()], v, v, "multiplier", "percent", None, qual))
            taken.append((s, m.end()))
    if fraction_rx is not _NEVER:
        for m in frac_change_rx.finditer(text):  # "increased by over a quarter": a change of 25%, more than
            if _FRACTION_OF_SCALE.match(text, m.end("f")):
                continue  # "sold more than a quarter of a million units": a number
            key = next(k for k in lex.numbers["fraction"] if k.lower() == m["f"].lower())
            v = lex.numbers["fraction"][key]
            qual = _FRACTION_QUALIFIER.get(re.sub(r"\s+", " ", (m["q"] or "").lower()))
            s = m.start("q") if m["q"] else m.start("f")
            found.append(
                Quantity(s, m.end("f"), text[s : m.end("f")], v, v, "fraction", "percent", None, qual)
            )
            taken.append((s, m.end("f")))
    for m in fraction_rx.finditer(text):
        f = m["f"]
        if _FRACTION_OF_SCALE.match(text, m.end("f")):
            continue
        if not m["of"] and (not re.search(r"[\s-]", f) or f.lower().startswith(("a ", "an "))):
            continue  # "half the time" is no fraction; "one fifth the return" is
        key = next(k for k in lex.numbers["fraction"] if k.lower() == f.lower())
        v = lex.numbers["fraction"][key]
        found.append(Quantity(m.start(), m.start("f") + len(f), f, v, v, "fraction", "percent"))
        taken.append((m.start(), m.end()))
    for q in _special_measures(text, lex, unit_rx):
        if free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))

    pos = 0
    while True:
        m = number_rx.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m["num2"] and not _is_range(text, m):
            pos = m.end("scale1") if m["scale1"] else m.end("num")
        if not free(m.start(), pos):
            continue
        q = _number_quantity(text, m, lex, unit_rx, scales, with_range=pos == m.end())
        if q is not None:
            found.append(q)
            taken.append((q.start, q.end))
            pos = max(pos, q.end)
    for m in word_rx.finditer(text):
        if not free(m.start(), m.end()):
            continue
        q = _word_quantity(text, m, lex, unit_rx, word_rx)
        if q is not None and free(q.start, q.end):
            found.append(q)
            taken.append((q.start, q.end))
    found.sort(key=lambda q: q.start)
    return _mark_conversions(text, _percent_ranges(text, _shared_units(text, _restated(text, found))))


_FRACTION_OF_SCALE = re.compile(r"\s+(?:of\s+)?an?\s+(?:thousand|million|billion|trillion)\b", re.I)
_FRACTION_QUALIFIER = {
    "more than": "more_than",
    "over": "more_than",
    "just over": "more_than",
    "well over": "more_than",
    "almost": "approx",
    "nearly": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "less than": "less_than",
    "under": "less_than",
    "just under": "less_than",
}


def _restated(text: str, qs: list[Quantity]) -> list[Quantity]:
    """ "up more than a quarter (28.3%)": the bracketed percent restates the fraction exactly; one figure."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("fraction", "multiplier")
            and q.kind == "percent"
            and re.fullmatch(r"\s*\(\s*", text[prev.end : q.start])
        ):
            out[-1] = replace(q, start=prev.start, text=text[prev.start : q.end])
            continue
        out.append(q)
    return out


_ALTERNATIVE_GAP = re.compile(r"\s*(?:,\s*)?(?:or|and)\s*")


def _shared_units(text: str, qs: list[Quantity]) -> list[Quantity]:
    """ "30 or 39kWh batteries", "190 or 252 miles": a bare number before an alternative takes its unit.

    Not after "between" (a range) and not when the next number has a currency of its own before it.
    """
    out = list(qs)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if (
            q.kind == "bare"
            and q.low == q.high
            and nxt.kind in ("kWh", "km", "percent", "vehicles")
            and (
                _ALTERNATIVE_GAP.fullmatch(text[q.end : nxt.start])
                and not re.search(r"\bbetween\s+$", text[max(0, q.start - 12) : q.start], re.I)
                or nxt.kind == "percent"
                and re.fullmatch(r"\s*to\s*", text[q.end : nxt.start])
                and re.search(r"\bfrom\s+$", text[max(0, q.start - 8) : q.start], re.I)
            )  # "increased from 6.5 to 9.5 percent"
        ):
            v = round(q.low * nxt.factor, 6)
            out[i] = replace(q, kind=nxt.kind, unit=nxt.unit, low=v, high=v, noun=nxt.noun, factor=nxt.factor)
    return out


_FRACTION_STEMS = ("half", "third", "quarter", "fifth", "tenth")
_WORD_RANGE = re.compile(r"\s*(?:-\s*)?(?:to|or|–|-)\s*|\s+and\s+")
_FEET_INCHES = re.compile(
    r"(?<![\w.-])(?P<ft>\d{1,2})[-\s](?:foot|feet|ft)[-\s](?P<in>\d{1,2})(?:[-\s]?(?:inch(?:es)?|in\.))?(?![\w])"
)
_DIGIT_FRACTION = re.compile(r"(?<![\w./-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/\w])")
_GLUED_WORD = re.compile(r"[-–](?P<w>[A-Za-z]{2,})(?![\w])")


def _special_measures(text: str, lex: Lexicon, unit_rx) -> list[Quantity]:
    """Heights in feet and inches ("6-foot-7") and digit fractions ("1/4 cup")."""
    out = []
    if "foot" in text or "feet" in text or " ft" in text:
        for m in _FEET_INCHES.finditer(text):
            v = round(int(m["ft"]) + int(m["in"]) / 12, 4)
            out.append(Quantity(m.start(), m.end(), m.group(0), v, v, "other", None, "feet"))
    if "/" in text:
        for m in _DIGIT_FRACTION.finditer(text):
            a, b = int(m["a"]), int(m["b"])
            if not 0 < a < b <= 16:
                continue  # "24/7", "12/25": not a fraction
            v = parse_fraction(a, b)
            _kind, _unit, _factor, uend, word = _unit_after(text, m.end(), lex, unit_rx)
            out.append(Quantity(m.start(), uend, text[m.start() : uend], v, v, "count", None, word))
    return out


def _word_quantity(text: str, m: re.Match[str], lex: Lexicon, unit_rx, word_rx) -> Quantity | None:
    """A quantity in number words: "twelve vehicles", "two officers", "two to three days", "a dozen"."""
    scales = lex.numbers["scale"]
    s, e = m.start(), m.end()
    w = m["w"]
    share = 1.0
    if m["frac"]:  # "a quarter of a million", "half a billion"
        key = re.sub(r"[\s-]+", " " if " " in m["frac"] else "-", m["frac"].lower())
        share = lex.numbers["fraction"].get(key, 100.0) / 100
        w = re.sub(r"^\s*(?:of\s+)?", "", text[m.end("frac") : e])
    value = parse_words(w, lex.numbers["word"], scales)
    if value is None:
        return None
    value *= share
    if w[0].isupper() and text[:s].strip(" \"“‘'([") != "":
        return None  # "The Three Musketeers", "The Hateful Eight": part of a name or title
    if is_date_or_time(text, s, e):
        return None  # "two o'clock", "three p.m."
    high = value
    r = _WORD_RANGE.match(text, e)
    if r is not None and (
        r.group(0).strip() != "and" or re.search(r"\bbetween\s+$", text[max(0, s - 12) : s])
    ):
        m2 = word_rx.match(text, r.end())
        v2 = parse_words(m2["w"], lex.numbers["word"], scales) if m2 else None
        if v2 is not None and v2 > value:
            high, e = v2, m2.end()  # "two to three days", "three or four times", "one- or two-loss"
    kind, unit, factor, uend, word = _unit_after(text, e, lex, unit_rx)
    kind, unit, factor = _models_as_units(kind, unit, factor, word, value)
    k = _kind_of(kind, unit)
    if k == "vehicles" and value < 2:
        return None  # "one car": an article, not a count
    if k in ("vehicles", "percent", "currency", "km", "kWh"):
        code = _currency_code(word, lex) if kind == "currency" else None
        lo, hi = value * factor, high * factor
        return Quantity(s, uend, text[s:uend], lo, hi, k, unit, word, factor=factor, currency=code)
    if k == "bare" and value >= 1000 and re.search(r"(?:thousand|million|billion)$", w, re.I):
        return Quantity(s, e, text[s:e], value, high, "bare", None)  # "three million" stands alone as a count
    lone_one = w.lower() in ("one", "an", "a") and high == 1
    if kind is None:
        g = _GLUED_WORD.match(text, e)
        if g is not None:
            glued = g["w"].lower()
            if glued in lex.words.get("not_unit", ()) or glued in lex.words.get("stop", ()) or lone_one:
                return None  # "two-way", "one-time"
            uend, word = g.end(), g.group(0)
    elif lone_one and lex.word_units.get(word.lower()) != "word":
        return None  # "one-time", "one fold": only a unit of measure or time makes "one" a number
    if lone_one and kind is None:
        return None  # "one fan", "one of the biggest": an article or pronoun
    return Quantity(s, uend, text[s:uend], value, high, "other" if k == "other" else "count", None, word)


_PERCENT_RANGE_GAP = re.compile(r"\s*(?:to|-|–|—|and)\s*$")


def _percent_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """ "20% to 30%", "between 5% and 7%", "9.34 billion yuan to 10.09 billion yuan": one range, unless
    "from"/"by" makes it a change and a level."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == q.kind == "percent"
            and prev.low == prev.high >= 0
            and q.low == q.high < 0
            and prev.low < -q.low
            and re.fullmatch(r"[-–]", text[prev.end : q.start + 1])
        ):  # "13%-15%": a range whose dash is no minus sign
            out[-1] = replace(prev, end=q.end, text=text[prev.start : q.end], high=-q.low)
            continue
        if (
            prev is not None
            and prev.kind == q.kind
            and (
                q.kind in ("percent", "percentage_points")
                or q.kind == "currency"
                and q.unit == prev.unit
                and q.currency == prev.currency
                and q.unit is not None
            )  # "revenue at 9.34 billion yuan to 10.09 billion yuan"
            and prev.low == prev.high
            and q.low == q.high
            and prev.low < q.low
            and prev.qualifier is None
        ):
            gap = text[prev.end : q.start]
            before = text[max(0, prev.start - 24) : prev.start]
            if (
                _PERCENT_RANGE_GAP.fullmatch(gap)
                and not re.search(r"\b(?:from|by)\s+(?!between\s)(?:\S+\s+)?$", before, re.I)
                and ("and" not in gap or re.search(r"\bbetween\s+$", before, re.I))
            ):
                out[-1] = replace(prev, end=q.end, text=text[prev.start : q.end], high=q.low)
                continue
        out.append(q)
    return out


def _is_range(text: str, m: re.Match[str]) -> bool:
    """ "15-20%", "500,000 to 600,000", "between 88,000 and 93,000"; not "from 100 to 120"."""
    before = text[max(0, m.start() - 24) : m.start()]
    high = parse_digits(m["num2"])
    if (
        not m["scale1"]
        and re.fullmatch(r"(?:19|20)\d\d", m["num"])
        and high is not None
        and (high > 2100 or high < int(m["num"]) or m["scale2"] or "," in m["num2"])
    ):
        return False  # "in the first nine months of 2024 to 531,500 units", "in 2020 to 6.6 per cent": a year, then the level
    if (
        m["sep"] == "to"
        and re.search(r"\bby\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", before, re.I)
        and not re.match(r"\s?(?:%|percent\b|per\s+cent\b)", text[m.end() :], re.I)
    ):
        return False  # "cut by €3,000 to €39,995": the change, then the new level ("by 11 to 14%" is a range)
    if m["sep"] == "and":
        return bool(re.search(r"\bbetween\s+(?:\S+\s+)?$", before, re.I))
    if m["sep"] in ("to", "through"):
        return not re.search(r"\bfrom\s+(?:\S+\s+)?$", before, re.I) or bool(_SPAN_FROM.search(before))
    return True


_SPAN_FROM = fast_compile(r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying)|anywhere)\s+from\s+$", re.I)


def _number_quantity(
    text: str, m: re.Match[str], lex: Lexicon, unit_rx, scales, with_range: bool
) -> Quantity | None:
    s = m.start()
    num, num2 = m["num"], (m["num2"] if with_range else None)
    e = m.end() if num2 else (m.end("scale1") if m["scale1"] else m.end("num"))
    low = parse_digits(num)
    if low is None:
        return None
    high = parse_digits(num2) if num2 else None
    if num2 and high is None:
        return None
    scale1 = (m["scale1"] or "").strip(" -") or None
    scale2 = (m["scale2"] or "").strip(" -") or None if num2 else None
    cur = m["cur"] or (m["cur2"] if num2 else None)
    if TICKER.search(text[max(0, s - 14) : s]):
        return None
    if _EXCHANGE_CODE.search(text[max(0, s - 10) : s]) and re.fullmatch(r"\d{4,6}", num) and not scale1:
        return None
    if cur and len(cur) == 1 and cur.isalpha() and not (scale1 or "," in num or "." in num):
        return None  # "W5", "P7": a model name, not five won; "W30,000" is money
    # glued letters, e.g. "3Q24", "2nd", "5G": not a quantity (units are handled below)
    plus = None if cur or num2 else _PLUS_AFTER.match(text, e)  # "50,000-plus units": at least that many
    kind, unit, factor, uend, word = _unit_after(text, plus.end() if plus else e, lex, unit_rx)
    if plus is not None:
        v = apply_scale(low, scale1, scales)
        if kind is None:
            return Quantity(s, plus.end(), text[s : plus.end()], v, v, "bare", None, None, "at_least")
        v = round(v * factor, 6)
        return Quantity(
            s, uend, text[s:uend], v, v, _kind_of(kind, unit), unit, word, "at_least", factor=factor
        )
    kind, unit, factor = _models_as_units(kind, unit, factor, word, low)
    if kind == "vehicles" and not m["scale1"] and not num2 and _DOT_THOUSAND.fullmatch(num):
        low = high = low * 1000  # "2.997 Nissan Leaf units": no fraction of a car, a dot grouping thousands
    elif (
        kind is None
        and not cur
        and not m["scale1"]
        and not num2
        and _DOT_THOUSAND.fullmatch(num)
        and not m["neg"]
        and _COUNT_CONTEXT.search(text)
        and not _NOT_A_COUNT_AFTER.match(text, e)
    ):  # "another 20.000 in November", "1. Nissan Note: 19.356": a count written with a dot grouping thousands
        low = high = low * 1000
    glued = e < len(text) and (text[e].isalpha() or (text[e] in "-–" and text[e + 1 : e + 2].isalpha()))
    if kind is None and glued and not re.match(r"[-–](?:year|month|day|hour|minute)", text[e:]):
        g = _GLUED_WORD.match(text, e)
        if (
            cur
            or num2
            or g is None
            or g["w"].lower() in lex.words.get("stop", ()) | lex.words.get("not_unit", ())
            or is_year(text, s, num)
        ):
            return None  # "1997-present": a year
        # "a 33-page printout", "the 21-member group": a count of what the glued word names
        return Quantity(s, g.end(), text[s : g.end()], low, low, "count", None, g.group(0))
    if e < len(text) and text[e : e + 1] == ":" and text[e + 1 : e + 2].isdigit():
        return None  # a time of day
    if num2 is not None and high is not None and not scale1 and scale2:
        scale1 = scale2
    if (
        num2 is not None
        and high is not None
        and scale1
        and not scale2
        and len(num2) <= 3
        and num2.isdigit()
        and re.fullmatch(r"\d{1,3}-(?:thousand|million)-\d{1,3}", text[s : m.end()], re.I)
    ):  # "65-thousand-909 units" as a broadcaster spells it: one number, 65,909, no range
        low = high = apply_scale(low, scale1, scales) + high
        scale1 = None
    low = apply_scale(low, scale1, scales)
    high = apply_scale(high, scale2 or scale1, scales) if high is not None else low
    if m["neg"]:
        low, high = -low, -high
    if cur:
        cur_unit = lex.currencies_before.get(cur)
        if kind == "currency" and unit != cur_unit:
            kind, unit, factor, uend, word = None, None, 1.0, e, None
        return Quantity(
            s,
            max(e, uend),
            text[s : max(e, uend)],
            low,
            high,
            "currency" if cur_unit != "_other" else "other",
            cur_unit if cur_unit != "_other" else None,
            currency=lex.currency_codes.get(cur),
        )
    k = _kind_of(kind, unit)
    if (
        k == "vehicles"
        and not scale1
        and re.fullmatch(r"(?:19|20)\d\d", num)
        and not num2
        and (
            word
            and word.lower() in ("deliveries", "sales", "registrations", "orders", "bookings", "reservations")
            or _PERIOD_BEFORE_YEAR.search(text, max(0, s - 12), s)
            or _MODEL_YEAR_AFTER.match(text, e)
            or word.lower() in _SINGULAR_UNITS
            or _NAME_AFTER.match(text, e)
        )
    ):
        return None  # "2024 deliveries", "its Q2 2023 vehicle delivery report", "2025 models": a year, not a count
    if k == "bare":
        if (not scale1 and num.isdigit() and 1900 <= low <= 2100 and high == low) or (
            num2 and not scale1 and 1900 <= abs(low) <= 2100
        ):
            return None  # a year (or "2024-25")
        if not scale1 and (
            is_date_or_time(text, s, e)
            or (not num2 and (is_year(text, s, num) or is_label(text, s, num, lex) or is_identifier(num)))
            or is_address(text, e, lex)
            or (num2 and is_score(low, high, m["sep"], "." not in num + num2))
        ):
            return None  # "Dec. 23", "7 p.m.", "in 1880", "Highway 62", "P/N 12639087", "beat them 20-17"
        if (
            "." not in num
            and "," not in num
            and len(num) > 4
            and not scale1
            and re.match(r"[\s-]\d", text[e : e + 2])
        ):
            return None  # phone-like run of digits
    low, high = round(low * factor, 6), round(high * factor, 6)
    if low > high:
        low, high = high, low
    end = uend if kind else e
    if not kind and text[end : end + 1] == "+" and not text[end + 1 : end + 2].isalnum():
        return Quantity(s, end + 1, text[s : end + 1], low, high, k, None, None, "at_least", factor=factor)
    return Quantity(
        s,
        uend if kind else e,
        text[s : uend if kind else e],
        low,
        high,
        k,
        unit if k != "other" else None,
        word,
        glued_hyphen=bool(word and word.startswith("-")),
        factor=factor,
        currency=_currency_code(word, lex) if kind == "currency" else None,
    )


def _currency_code(word: str | None, lex: Lexicon) -> str | None:
    if word is None:
        return None
    return lex.currency_codes.get(word) or next(
        (c for w, c in lex.currency_codes.items() if w.lower() == word.lower()), None
    )


_RANGE_OVER_CONVERSION = re.compile(r"\s*\)\s*(?:to|-|–|(?P<and>and))\s*$")


def _mark_conversions(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A quantity right after another in brackets, or after "or about", restates it: a conversion.

    "CNY9.55 billion ($1.31 billion) to CNY11.55 billion" is one range with a conversion inside it."""
    out: list[Quantity] = []
    for q in qs:
        if len(out) >= 2 and _range_over_conversion(text, out[-2], out[-1], q):
            low = out[-2]
            out[-2] = replace(low, high=q.low, end=q.end, text=text[low.start : q.end])
            out.pop()  # the bracketed conversion of the low end alone is no figure of its own
            continue
        if out:
            prev = out[-1]
            gap = text[prev.end : q.start]
            in_bracket = "(" in gap or "[" in gap or "/" in gap or (prev.conversion and ")" not in gap)
            if (
                prev.kind in ("currency", "km", "other", "kWh", "vehicles", "bare")
                and q.kind in ("currency", "other", "bare", "km")
                and not (q.kind == prev.kind == "currency" and q.unit == prev.unit and " or" in gap.lower())
                and len(gap) < 30
                and (CONVERSION_GAP.search(gap) or (prev.conversion and LIST_GAP.fullmatch(gap)))
                and (in_bracket or " or" in gap.lower())
            ):
                q = replace(q, conversion=True)
        out.append(q)
    return out


def _range_over_conversion(text: str, low: Quantity, conv: Quantity, q: Quantity) -> bool:
    """ "CNY9.55 billion ($1.31 billion) to CNY11.55 billion", "between RMB32.5 billion ($4.51 billion)
    and RMB33.8 billion": one range with the low end's conversion inside it."""
    gap = _RANGE_OVER_CONVERSION.fullmatch(text[conv.end : q.start])
    before = text[max(0, low.start - 20) : low.start]
    return (
        conv.conversion
        and low.kind == q.kind == "currency"
        and low.unit == q.unit
        and low.low == low.high
        and q.low == q.high
        and low.low < q.low
        and gap is not None
        and (not gap["and"] or bool(re.search(r"\bbetween\s+$", before, re.I)))
        and not re.search(r"\b(?:from|by)\s+(?:\S+\s+)?$", before, re.I)
    )
