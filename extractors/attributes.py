"""The remaining fields of a claim: modality, qualifier, period, basis, segment, geography, confidence."""

from __future__ import annotations

import re

from contract.spec import METRIC_CLASSES
from extractors.fast_start import fast_compile
from extractors.lexicon import Lexicon
from extractors.mentions import MARKET_KINDS, Mention
from extractors.metrics import BASE_LEVEL, EXPECTED_AFTER
from extractors.periods import basis_between
from extractors.prefilter import prefilter_compile
from extractors.quantities import Quantity
from extractors.registry import body_named
from extractors.state import DocState, Figure
from extractors.subjects import DEMONYMS, MAKER_NOUN

_CLAUSE_BREAK = fast_compile(
    r";|,\s*(?:and|but|while|whereas|which|or|when)\b|\bwhile\b|\bbut\b|\bwhereas\b|—|\.\s|\band\s+the\b|"
    r"(?<![\d%])\s[–-]\s(?![\d$€£¥])|"  # a spaced dash between clauses, not a range
    r"\b(?:after|before|since|because|despite|ahead\s+of)\s+(?=\w)|"
    r",\s*(?:though|although)\b|\bthough\b|"  # "..., though that's expected to decline by 2025"
    r"\bas\s+(?=(?:[A-Z][\w-]*|it|the|they|its)\s+(?:\w+ed|\w+s)\b)"  # "... expectations as Tesla revealed it shipped"
)  # "shares slumped 12% after the company cut its forecast": the cause is another clause
_NOT_MODAL = fast_compile(
    r"\b(?:than|as)[\s-]+(?:expected|forecast|estimated|anticipated|predicted)\b|"
    r"\b(?:un|better-than-|worse-than-)expected\b|\bexpectations\b|"
    r"\bestimated\s+(?:(?:driving|electric|WLTP|EPA|CLTC)\s+)?range\b|"  # a rated range, not an analyst's estimate
    r"\d[\d,.]*\s*(?:%|percent|million|billion|units|vehicles)?\s+(?:that\s+)?(?:analysts?|economists|investors|"
    r"Wall\s+Street)\s+(?:had\s+|have\s+)?(?:expected|forecast|estimated|predicted)|"  # another figure's estimate
    r"\d[\d,.]*\s*(?:%|percent|million|billion|units|vehicles)?\s+(?:expected|forecast|estimated|predicted)\s+by\s+"
    r"(?:\w+\s+){0,2}?(?:analysts?|economists|investors)|"
    # "deliveries beat estimates at 384,122": the figure that beat them is reported (not "beat estimates of")
    r"\b(?:beat|beats|beating|topped|tops|topping|missed|misses|missing|exceeded|exceeds|exceeding|surpassed)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:estimates?|expectations|forecasts?|consensus|predictions)(?=\s+(?:at|with)\b)|"
    # "now targeting the mid-to-high-end EV market": aiming at buyers, not a figure to come
    r"\b(?:target(?:s|ed|ing)?|aim(?:s|ed|ing)?\s+at)\s+(?:the\s+|a\s+|an\s+)?[^,;\d]{0,40}?"
    r"\b(?:market|segment|buyers|customers|consumers|audience|drivers|families)\b",
    re.I,
)
# every alternative of _NOT_MODAL holds one of these stems: a clause without them is left as it is
_NOT_MODAL_STEMS = prefilter_compile(r"expect|forecast|estimat|anticipat|predict|target|aim|consensus", re.I)
_AND_VERB = fast_compile(
    r"\band\s+(?=\w+ed\b|(?:grew|rose|fell|sold|hit|came|saw|beat|took|made|lost|shrank|sank|slid|swung|won)\b|"
    r"(?:is|are|was|were|has|have|had)\s+\w+(?:ed|ing)\b|"
    r"(?:aims|plans|targets|expects|hopes|wants|intends|sees|forecasts|projects|predicts)\b)"
)  # "delivered 8,640 ... and reaffirmed guidance of ...", "is expected to be its rival and is priced from"
_ATTRIBUTION = re.compile(
    r",\s*(?P<who>[^,]{1,40}?)\s+(?:said|says|wrote|writes|noted|notes|estimated|estimates)\W*$"
)
_ESTIMATED_BY = re.compile(
    r",\s*(?:according\s+to\s+)?(?:[A-Z][\w&.’'-]*\s+){1,4}(?:estimates|estimated)\s*[.”\"]*\s*$|"
    r",\s*(?:as\s+per|according\s+to|based\s+on|citing)\s+(?:the\s+|a\s+)?(?:average\s+|mean\s+)?"
    r"(?:of\s+)?(?:analysts?['’]?\s+|industry\s+|market\s+)?(?:estimates|forecasts|consensus)\b|"
    r",\s*(?:analysts?|economists|strategists)\s+(?:at|from|with)\s+(?:[A-Z][\w&.’'-]*\s+){1,3}"
    r"(?:estimate|estimated|forecast|predict|predicted|project|projected)\b"
)  # a figure a named body estimates, said at the sentence's end; "..., as per analyst estimates compiled by",
# "..., analysts at Citi estimate."
_CAUSE_AFTER = re.compile(
    r"\b(?:spurred|driven|fuell?ed|boosted|helped|supported|prompted|lifted)\s+by\b|\b(?:due\s+to|thanks\s+to|because\s+of|"
    r"amid)\b|,\s*with\b",
    re.I,
)  # "a 21.4 percent surge, ... spurred by government-imposed sales targets": a cause, not an outlook; "..., with
# industry observers expecting ...": an outlook in an attached clause
_TO_FROM_BASE = re.compile(
    r"\bto\s+(?:about\s+|around\s+)?(?:[$€£¥]|RMB\s?|US\$)?[\d.,]+\s*(?:[A-Za-z%]+\s+){0,3}from\s+(?:the\s+)?"
    r"(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)  # "projected to fall 30 percent to 6.16 trillion won from 8.77 trillion won": the level it falls from
_PLAN_REVISED = re.compile(r"\b(?:guidance|forecasts?|targets?|outlook|projections?|estimates?)\b", re.I)
_VERSUS_BEFORE = re.compile(r"\b(?:vs\.?|versus)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:[$€£¥]|RMB\s?|US\$)?$", re.I)
_THE_EXPECTED_BEFORE = re.compile(
    r"\b(?:the|an?)\s+(?:expected|anticipated|estimated|forecast|projected)\s+(?:[$€£¥]|RMB\s?|US\$)?$", re.I
)
_BARE_EXPECTED_AFTER = re.compile(r"\s*(?:expected|anticipated|estimated|forecast|est\.?)\b", re.I)
_RESULT_VS_EXPECTED = re.compile(
    r"\s*,?\s*(?:vs\.?|versus)\s+(?:(?:the|an?)\s+(?:expected|anticipated|estimated|forecast|projected)\s+"
    r"(?:[$€£¥]|RMB\s?|US\$)?[\d.,]+|(?:[$€£¥]|RMB\s?|US\$)?[\d.,]+\s*(?:%|[A-Za-z]{1,8}\b)?\s*(?:expected|anticipated|"
    r"estimated|forecast|est\b|consensus|estimates?))",
    re.I,
)  # a result and the expectation it is set against
_COMPARED_AFTER = re.compile(
    r"\b(?:beat\w*|miss\w*|above|below|exceed\w*|top\w*|ahead\s+of|short\s+of|in\s+line\s+with|"
    r"compared\s+(?:to|with)|versus|than|surpass\w*)\b",
    re.I,
)
_CLAUSE_BETWEEN = re.compile(r",\s*(?:which|who|while|but|whereas)\b|;")  # the estimate is another clause's
_DEMONYM_MARKET = fast_compile(
    r"\bin\s+(?:the\s+)?(?P<dem>Chinese|European|German|Japanese|South\s+Korean|Korean|American|U\.S\.|US|British|"
    r"UK|French|Indian|Italian|Swedish|Norwegian|Philippine|Thai|Indonesian|Malaysian|Vietnamese|Australian|Canadian|Brazilian|Mexican|Turkish|Spanish|Dutch|Belgian|Danish|Polish|Austrian|Swiss|Finnish|Irish|Portuguese|Israeli|South\s+African|Taiwanese)\s+(?:[\w-]+\s+){0,3}?(?:market|sales|registrations|deliveries)\b"
)
_GLOBAL_FIGURE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:sales|deliveries|registrations|production|output|market|revenue|shipments|exports)\b",
    re.I,
)
_MARKET_FIGURE = re.compile(
    r"\s+(?:(?:EV|electric|car|vehicle|retail|new-car)\s+)?(?:sales|deliveries|registrations|production|output)\b"
)
_STARTING_PRICE = fast_compile(r"\b(?:starting|entry)[\s-]+prices?\b[^,;.]{0,80}?\bto\s+$", re.I)
_STARTING_PRICE_AFTER = re.compile(r"[\s)]*(?:\([^)]{0,30}\)\s*)?(?:starting|entry)[\s-]+price\b", re.I)
_RELATIVE_BEFORE = re.compile(r"\b(?:which|who|that)\b")
_PAST_VERB = fast_compile(
    r"\b(?:rose|fell|grew|jumped|climbed|dropped|slid|surged|soared|declined|increased|decreased|sold|delivered|"
    r"reported|posted|showed|registered|shipped|produced|hit|reached|totaled|totalled|recorded|booked|generated|"
    r"earned|logged|achieved)\b"
)
# "If this is achieved, ... would", "Having delivered ...": a past verb that states no past fact of the figure
_CONDITION_BEFORE = re.compile(r"\b(?:[Ii]f|[Hh]aving|[Uu]nless|[Oo]nce)\b")
SEGMENT_RANK = {"overseas": 0, "bev": 1, "phev": 1, "erev": 1, "passenger": 2, "commercial": 2, "nev": 3}


def _clause(sent: str, start: int, end: int) -> tuple[int, str]:
    """(start, text) of the clause around the figure at `start`..`end`, "than expected" and the like
    blanked out. `modality_of` and `is_forward` ask for it for every figure, so the clause breaks
    of the last sentence and the clauses found in it are kept."""
    global _CLAUSES
    cache = _CLAUSES  # one read: another thread may replace it meanwhile
    if cache[0] != sent:
        breaks = [m.span() for m in (*_CLAUSE_BREAK.finditer(sent), *_AND_VERB.finditer(sent))]
        cache = _CLAUSES = (sent, breaks, {})
    _sent, breaks, done = cache
    if (start, end) not in done:
        cs = max([e for _s, e in breaks if e <= start], default=0)
        ce = min([s for s, _e in breaks if s >= end], default=len(sent))
        clause = sent[cs:ce]
        if (
            "(" in clause[end - cs :]
        ):  # "Revenue $25.7bn (expected $27.2bn)": the bracket's word is not this figure's
            clause = clause[: end - cs] + _BRACKET.sub(lambda m: " " * len(m.group(0)), clause[end - cs :])
        done[start, end] = (cs, _NOT_MODAL.sub(" ", clause) if _NOT_MODAL_STEMS.search(clause) else clause)
    return done[start, end]


_BRACKET_EXPECTED = re.compile(
    r"[(\[]\s*(?:analysts?\s+)?(?:expected|expectations?|est\.?|estimated?|estimates?|consensus)\s*:?\s*"
    r"(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)
_MET_ESTIMATES = prefilter_compile(
    r"\b(?:met|matched|meeting|matching|in\s+line\s+with)\s+(?:(?:analysts’?'?|the|consensus|market|Wall\s+Street)\s+)*"
    r"(?:estimates?|expectations?|forecasts?)\s+(?:of\s+)?(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)
_COMPILED_AVERAGE = prefilter_compile(
    r"\b(?:[\w&]+-compiled|compiled\s+by\s+[\w&]+)\s+(?:average|consensus|estimates?|forecasts?)\b(?:[^.;]|\.(?=\d))*$",
    re.I,
)
_BRACKET = re.compile(r"\([^()]*\)?")
_CLAUSES: tuple[str, list[tuple[int, int]], dict[tuple[int, int], tuple[int, str]]] = ("", [], {})


_EARLIER_PLAN = prefilter_compile(
    r"(?:\b(?:previous|prior|earlier|original|initial)\s+(?:estimate|forecast|guidance|projection|target|outlook)"
    r"\s+(?:of\s+)?|\b(?:forecast|projection|guidance|target|outlook)\s+(?:down|up|back)?\s*from\s+)"
    r"(?:about\s+|around\s+)?(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)  # a plan revised from an earlier plan: the earlier figure was a forecast too


def earlier_plan(sent: str, start: int) -> bool:
    """Whether the figure at `start` is the plan a plan was revised from (same period, a forecast)."""
    return _EARLIER_PLAN.search(sent, max(0, start - 80), start) is not None


def modality_of(sent: str, q: Quantity, lex: Lexicon) -> str:
    start, end = q.start, q.end
    if earlier_plan(sent, start):
        return (
            "forecast"  # "raised its forecast to 340 billion yen from its previous estimate of 315 billion"
        )
    if _VERSUS_BEFORE.search(sent, max(0, start - 30), start) and (
        _BARE_EXPECTED_AFTER.match(sent, end) or _THE_EXPECTED_BEFORE.search(sent, max(0, start - 30), start)
    ):
        return "estimate"  # "16.3% vs 15.9% expected", "63,150 Model 3 vehicles versus the expected 63,698"
    if _RESULT_VS_EXPECTED.match(sent, end):
        return "reported"  # "Gross margin 16.3% vs 15.9% expected": the result set against the expectation
    if BASE_LEVEL.search(sent[max(0, start - 40) : start]) or (
        _TO_FROM_BASE.search(sent, max(0, start - 60), start)
        and not _PLAN_REVISED.search(sent, max(0, start - 110), start)
        and not _BARE_EXPECTED_AFTER.match(sent, end)
    ):
        return "reported"  # "will sell 5.5 million in 2025, up from 4.27 million": the base is a past level
    if _MET_ESTIMATES.search(sent, max(0, start - 50), start):
        return "reported"  # "revenue met estimates of 9.91 billion yuan": the result, equal to the consensus
    if EXPECTED_AFTER.match(sent, end):
        return "estimate"  # "beating the 107.6 billion yuan average of 17 analyst estimates"
    if _BRACKET_EXPECTED.search(sent, max(0, start - 30), start):
        return "estimate"  # "Revenue $25.7bn (expected $27.2bn)": the consensus beside a result
    if _COMPILED_AVERAGE.search(sent, max(0, start - 60), start):
        return "estimate"  # "a Bloomberg-compiled average of 445,061 vehicles": analysts' consensus
    cs, clause = _clause(sent, start, end)
    cues = lex.find("modality", clause)
    if any(v == "estimate" and s < start - cs for s, _e, v in cues):
        if body_named(sent) and is_forward(sent, q, lex):
            return "forecast"  # "CAAM estimates NEV sales will rise to 11.5 million units": an industry body's outlook
        return "estimate"
    by = _ESTIMATED_BY.search(sent, end)
    if by and not _CLAUSE_BETWEEN.search(sent, end, by.start() + 1):
        return "estimate"  # "US EV sales rose 11% to 346,309 units, Cox Automotive estimates."
    if not is_forward(sent, q, lex):
        return "reported"
    who = _ATTRIBUTION.search(sent, end)
    if who and lex.find("attribution", who.group("who")):
        return "estimate"  # "BYD is forecast to sell 5.2 million vehicles this year, the bank said"
    return "forecast"


def is_forward(sent: str, q: Quantity, lex: Lexicon) -> bool:
    """Whether the figure's clause looks ahead ("will", "expects", "guidance" before it), for the
    period of a forecast or of an estimate that is one ("is forecast to sell ..., the bank said")."""
    start, end = q.start, q.end
    if BASE_LEVEL.search(sent[max(0, start - 40) : start]):
        return False
    cs, clause = _clause(sent, start, end)
    verb = _PAST_VERB.search(sent, cs, start)
    past = verb is not None and not _CONDITION_BEFORE.search(sent, cs, verb.start())
    if any(
        v == "forecast"
        and not (
            cs + s >= end
            and (past or _COMPARED_AFTER.search(sent, end, cs + s) or _CAUSE_AFTER.search(sent, end, cs + s))
        )
        for s, _e, v in lex.find("modality", clause)
    ):  # not "produced 9,612 vehicles, beating its guidance of ...": the guidance is what it is compared with;
        # not "have sold 117,031 BEVs, indicating they are on track to surpass ...": a past verb leads the figure
        return True
    if past:
        return (
            False  # "The guidance came after data showed that its sales rose 67% to ...": this figure is past
        )
    return any(
        s < start and not _RELATIVE_BEFORE.search(sent, sent.rfind(",", 0, s) + 1, s)
        for s, _e, _v in lex.find("sentence_modality", sent)
    )  # not in a relative clause: "the Model Y, which is expected to be its rival and is priced from ..."


_MOVED_UP = re.compile(
    r"\b(?:edged|edging|rose|rising|climbed|climbing|moved|crept|ticked|jumped|shot|went|ramped|ramping|grew|"
    r"pushing|pushed|bringing|brought|driving|drove|lifting|lifted|raising|raised|bumped|revised|(?:market\s+)?shares?|"
    r"margins?)\s+$",
    re.I,
)


def qualifier_of(left: str, metric: str, lex: Lexicon, after: str = "") -> str | None:
    tail = left[-32:]
    best = None
    for s, e, v in lex.find("qualifier", tail):
        rest = tail[e:]
        if re.fullmatch(
            r"\s*(?:(?:a|an|the|negative|just|record|new)\s+)*", rest
        ):  # "exceeded a record 9 million"
            best = (s, v, tail[s:e].lower())
    if metric == "vehicle_price" and re.search(r"\bas\s+(?:little|low)\s+as\s+$", left):
        return "at_least"  # "the M03 for as little as 119,800 yuan": its starting price
    if best is None:
        if metric == "vehicle_price" and (
            _STARTING_PRICE.search(left[-120:]) or _STARTING_PRICE_AFTER.match(after)
        ):
            return "at_least"  # "pushing the Seagull's starting price down to 55,800 yuan", "the $65,900 starting price"
        return None
    s, v, phrase = best
    if phrase == "over" and re.search(
        r"\b(?:hand(?:ed|s|ing)?|took|taken|turn(?:ed|s)?|carr(?:ied|y)|roll(?:ed|s)?)\s+$",
        left[: len(left) - len(tail) + s],
    ):
        return None  # "handed over 30,453 cars": a verb particle, not a bound
    if phrase in ("over", "above") and re.search(
        r"\b(?:increase|rise|gain|jump|growth|improvement|decline|drop|fall|decrease|premium|discount)s?\s+$",
        left[: len(left) - len(tail) + s],
    ):
        return None  # "a 5.3% increase over the 239,092 delivered in May": the base compared with
    if phrase == "from" and (
        metric != "vehicle_price"
        or re.search(r"\bto\s+\S*\d[\d,.]*\s*\w*\s+from\s+$", left)
        or re.search(
            r"\b(?:up|down|rising|falling|rose|fell|increased|decreased|raised|lowered|cut)\s+from\s+$", left
        )
    ):
        return None  # "goes to 229,900 yuan from 265,900 yuan": the earlier level, not a starting price
    before = left[: len(left) - len(tail) + s]
    if phrase == "up to" and _MOVED_UP.search(before):
        return (
            None  # "BEV market share has edged up to 17.2%", "pushing their share up to 14.6%": where it went
        )
    if phrase in ("less than", "more than", "fewer than", "higher than", "lower than") and re.match(
        r"\S+\s+than\s+the\s", tail[s:]
    ):
        return None  # "slightly less than the 23,957 sold in Q2": the figure compared with, itself exact
    if phrase == "some" and metric in ("market_share",):
        return "approx"
    return v


def bases_for(sent: str, it: Figure, periods, resolved, period, lex: Lexicon) -> list[str | None]:
    q = it.q
    after = sent[it.end : it.end + 60]
    nxt = re.search(r"\d", after)
    after = after[: nxt.start()] if nxt else after
    found = [v for _s, _e, v in lex.find("basis", after)]
    before = [v for _s, _e, v in lex.find("basis", sent[max(0, q.start - 30) : q.start])]
    if re.match(r"^\s*both\b", after, re.I) and len(found) >= 2:
        return list(dict.fromkeys(found))
    if found:
        return [found[0]]
    for i, pm in enumerate(periods):
        if pm.base and pm.start >= it.end and pm.start - it.end < 50:
            b = basis_between(period, resolved[i])
            if b:
                return [b]
            if pm.kind in ("same_last_year", "prev_year", "same_of_year"):
                return ["yoy"]
            if pm.kind == "prev_quarter":
                return ["qoq"]
            if pm.kind == "prev_month":
                return ["mom"]
    if before:
        return [before[-1]]
    if period[0] and period[1]:
        days = (period[1] - period[0]).days
        if period[0].month == 1 and period[0].day == 1 and days > 120:
            return ["yoy"]
    shared = [v for _s, _e, v in lex.find("basis", sent)]
    return [shared[0]] if shared else [None]


_OTHER_CLAUSE = re.compile(r";|,\s*(?:while|whereas|but)\b|\s(?:while|whereas)\s")
_INCLUDING = prefilter_compile(
    r"\b(?:including|excluding|except|besides|not\s+counting)\s+(?:[\w-]+\s+){0,2}$", re.I
)


def segment_of(sent: str, it: Figure, subj: Mention, lex: Lexicon) -> str | None:
    """The narrowest segment named in the figure's clause ("passenger NEV retail sales" → passenger, not
    "while overseas sales ..." after it, nor "including EVs"); the counted noun wins when it names one
    ("1.6 million BEVs"); words that describe the maker do not count."""
    q = it.q
    if q.noun and lex.find("segment", q.noun) and q.kind == "vehicles":
        value = lex.find("segment", q.noun)[0][2]
        if value != "none":
            return value if subj.kind != "model" or value in ("bev", "phev", "erev") else None
    lo, hi = 0, min(len(sent), it.end + 60)
    for brk in _OTHER_CLAUSE.finditer(sent, lo, hi):  # the figure's own clause, from its start
        if brk.end() <= q.start:
            lo = brk.end()
        elif brk.start() >= it.end:
            hi = brk.start()
            break
    window = sent[lo:hi]
    if re.match(
        r"\s*[A-Z][a-z]", window
    ):  # a capital that only opens the sentence or clause: "Electric car sales"
        first = len(window) - len(window.lstrip())
        window = window[:first] + window[first].lower() + window[first + 1 :]
    best = None
    for s, e, v in lex.find("segment", window):
        if v == "none" or MAKER_NOUN.match(window[e : e + 30]) or _INCLUDING.search(window, 0, s):
            continue
        if best is None or SEGMENT_RANK[v] < SEGMENT_RANK[best]:
            best = v
    if subj.kind == "model" and best not in ("bev", "phev", "erev"):
        return None
    if it.metric in METRIC_CLASSES["company_only"]:
        return best if subj.kind == "model" else None  # a company's money and a model's specs have no segment
    return best


def geography_of(
    sent: str, mentions: list[Mention], subj: Mention, state: DocState, at: int = 0
) -> str | None:
    """A market subject's code, else the market named "in ..." (or "globally") nearest the figure at `at`."""
    if subj.kind in MARKET_KINDS:
        return state.market_codes.get(subj.id)
    demonym = _DEMONYM_MARKET.search(sent, max(0, at - 10), min(len(sent), at + 90))
    if demonym:  # "surpassed BMW in Chinese luxury EV sales"
        code = state.market_codes.get(DEMONYMS.get(demonym.group("dem").lower().replace(".", ""), ""))
        if code:
            return code
    best, best_d = None, 10**9
    for m in mentions:
        if m.kind not in MARKET_KINDS:
            continue
        located = (
            m.id == "global"
            and (
                sent[m.start : m.end].lower() in ("globally", "worldwide")
                or _GLOBAL_FIGURE.match(sent, m.end)
            )
            or re.search(
                r"\b(?:in|across|throughout)\s+(?:the\s+)?$", sent[max(0, m.start - 12) : m.start], re.I
            )
            or _MARKET_FIGURE.match(sent, m.end)
        )  # "global deliveries", "globally", "US sales"; not "the global auto industry"
        if located and abs(m.start - at) < best_d:
            best, best_d = m, abs(m.start - at)
    if best is None and _DOMESTIC.search(sent):
        # "sales in the domestic market": India in an Indian article, else the maker's home country
        return "IN" if state.indian else _home_country(subj.id, state)
    return state.market_codes.get(best.id) if best else None


_DOMESTIC = prefilter_compile(r"\b(?:domestic(?!\s+(?:and|&|plus)\s+exports?)|home[\s-]market)\b", re.I)


def _home_country(slug: str, state: DocState) -> str | None:
    """The country code of a maker or of its nearest ancestor that has one."""
    for s in (slug, *state.registry.ancestors(slug)):
        ent = state.registry.get(s)
        if ent is not None and ent.country:
            return ent.country
    return None


def confidence_of(it: Figure, subj: Mention, mentions: list[Mention], period) -> float:
    c = 0.55
    if subj.start >= 0 and any(m.start == subj.start for m in mentions):
        c += 0.15
    if period[0] or period[1]:
        c += 0.1
    if it.q.unit:
        c += 0.1
    return round(min(c, 0.95), 2)
