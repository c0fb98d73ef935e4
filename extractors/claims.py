"""Claims of one article, sentence by sentence.

For each sentence: find quantities (`extractors.quantities`) and periods (`extractors.periods`),
give each quantity a metric from the nearest trigger word (lemma forms from `data/metrics.jsonl`)
and its unit kind, a subject (`extractors.subjects`), a qualifier, a period, a modality, a basis
and a segment; then add comparative claims ("outsold", "surpassed"). `DocState` carries what the
article is talking about from one sentence to the next: the entity in focus, the market, the
period, whether the talk is about share prices.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.lexicon import NONE_METRIC, Lexicon
from extractors.periods import PeriodContext, PeriodMention, basis_between, find_periods, resolve
from extractors.quantities import Quantity, find_quantities
from extractors.registry import Registry
from extractors.subjects import (
    MAKER_KINDS,
    MARKET_KINDS,
    Mention,
    coordinated,
    has_break,
    nearest_left,
    objects_after,
)
from pipeline.spec import empty_claim

MARKET_METRICS = ("market_share", "sales_volume", "registrations", "deliveries", "exports")
VOLUME_METRICS = ("sales_volume", "deliveries", "registrations", "exports", "production")
PERCENT_KINDS = ("percent", "percentage_points", "fraction", "multiplier")
LEFT_LIMIT = 90
RIGHT_LIMIT = 32
_CANDIDATE = re.compile(r"\d|doubl|tripl|trebl|quadrupl|halved|third|quarter|half|fifth|out\s+of|outs|surpass|"
                        r"overt|eclips|topp|tops|exceed|beat|led\b|lead|top\b|cheaper|edg|trail|lagg", re.I)
_AUTO_WORDS = re.compile(r"\b(?:cars?|vehicles?|EVs?|NEVs?|BEVs?|PHEVs?|autos?|automotive|automakers?|carmakers?|"
                         r"registrations|deliveries|hybrids?|electric|plug-ins?|motors?|SUVs?|trucks?|"
                         r"new energy|new-energy|battery|batteries|charging)\b", re.I)
_PERIOD_WORD = re.compile(r"quarter|half|last year|this year|fiscal|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_YEAR_RX = re.compile(r"(?<![\w$€£¥:.,/-])((?:19|20)\d\d)(?![\d%])(?!\s?(?:percent|units|vehicles))")
_DATELINE_YEAR = re.compile(r"\d{1,2},\s*$")
_LEVEL_BEFORE = re.compile(
    r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|\bthan|\bagainst|\band|,)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:19|20)\d\d(?:'s|’s)?\s+)?"
    r"(?:negative\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|over\s+|more\s+than\s+)?$", re.I)
_FROM_BEFORE = re.compile(r"(?:\bfrom|compared\s+(?:to|with)|\bversus|\bvs\.?|\bthan|\bagainst)\s+(?:the\s+|a\s+|an\s+)?"
                          r"(?:(?:19|20)\d\d(?:'s|’s)?\s+)?"
                          r"(?:negative\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+)?$", re.I)
_CHANGE_RIGHT = re.compile(
    r"^\s*(?:(?:year|quarter|month)[\s-]+(?:on|over)[\s-]+(?:year|quarter|month)\s*|yoy\s*|annual\s*|sequential\s*)?"
    r"(?P<w>increase|rise|jump|gain|growth|surge|climb|hike|decline|drop|fall|decrease|slump|plunge|dip|improvement|"
    r"higher|lower|up|down|more|less)\b", re.I)
_ALLOWED_AFTER_BARE = re.compile(
    r"^\s*(?:$|[.,;:)\]–—-]|(?:in|for|from|to|and|or|during|as|at|by|this|last|since|according|were|was|is|are|"
    r"compared|with|up|down|year|a|an|the|on|over|units?|vehicles|marking|representing|which|while|but|after|"
    r"before|versus|vs|against|new|last|so|until|through|of|worldwide|globally|across|delivered|sold|registered|"
    r"produced|exported|within|after|ahead|globally|worldwide|domestically|overseas|abroad|each|apiece|"
    r"per|every|annually|monthly|last|so)\b)", re.I)
_RIGHT_SUBJECT = re.compile(r"^\s*(?:units?|vehicles|cars)?\s*(?:of|from|for)\s+(?:the\s+)?[^\d;.]{0,70}$")
_ACCOUNT = re.compile(r"\b(?:account(?:ed|ing|s)?\s+for|made\s+up|make\s+up|makes\s+up|making\s+up|constitut\w+|"
                      r"represent\w*|took|take|takes|taking|captured?|with|hold|held|holds|secured)\s+"
                      r"(?:a\s+|an\s+|the\s+)?(?:\w+\s+){0,2}$", re.I)
_MAKER_NOUN = re.compile(r"^\s*\)?\s*(?:\(\w+\)\s*)?(?:maker|makers|company|giant|manufacturer|brand|startup|arm|automaker|"
                         r"carmaker|firm|unit|sedan|SUV|model|hatchback|pioneer|player|rival|powerhouse|leader)\b", re.I)
_CHANGE_NOUN_BEFORE = re.compile(r"\b(?P<w>increase|rise|growth|decline|drop|fall|jump|gain|surge|decrease|slump)\s+"
                                 r"(?:in|of)\s+(?:[\w-]+\s+){1,3}(?:of|by)\s+$", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|while|whereas|which|or)\b|\bwhile\b|\bbut\b|\bwhereas\b|—|\.\s|\band\s+the\b")
_NOT_MODAL = re.compile(r"\b(?:than|as)[\s-]+(?:expected|forecast|estimated|anticipated|predicted)\b|"
                        r"\b(?:un|better-than-|worse-than-)expected\b|\bexpectations\b", re.I)
_COMPARED_BY = re.compile(r"\b(?:outs\w+|surpass\w*|overt\w+|beat\w*|exceed\w*|ahead\s+of|led|leads?|trail\w*|"
                          r"lagg?\w*|edg\w+\s+out)\b[^.;]{0,50}\bby\s+(?:about\s+|nearly\s+|some\s+|more\s+than\s+|"
                          r"almost\s+|roughly\s+|around\s+|over\s+|just\s+)?$", re.I)
_CHARGING = re.compile(r"minute|charging session|remaining|state of charge|mileage|\bleft in\b", re.I)
SEGMENT_RANK = {"overseas": 0, "bev": 1, "phev": 1, "erev": 1, "passenger": 2, "commercial": 2, "nev": 3}


@dataclass
class DocState:
    published: dt.date | None
    lexicon: Lexicon
    registry: Registry
    periods: PeriodContext
    default_maker: Mention | None = None
    default_market: str | None = None
    focus: Mention | None = None
    market: str | None = None
    stock_sentences_left: int = 0
    recent_makers: list[str] = field(default_factory=list)
    recent_model: Mention | None = None
    focus_maker: Mention | None = None
    auto_doc: bool = False  # the article speaks of vehicles more than in passing
    text: str = ""
    lookahead: tuple[dt.date | None, dt.date | None] | None = None
    last_volume_metric: str | None = None
    market_codes: dict[str, str] = field(default_factory=dict)


def anchor_year(text: str, published: dt.date | None) -> int | None:
    """The article's reported year: its most frequent explicit year (ties to the later), else None."""
    years = Counter()
    for m in _YEAR_RX.finditer(text):
        before = text[max(0, m.start() - 14):m.start()]
        if _DATELINE_YEAR.search(before) or re.search(r"(?:HKEX|NYSE|Nasdaq|SGX|HK)\s*:\s*$", before) \
                or re.search(r"\b(?:[Bb]y|until|before|[Ss]ince|[Ff]ounded\s+in|[Ee]stablished\s+in)\s+$", before):
            continue
        y = int(m.group(1))
        if published is None or y <= published.year:
            years[y] += 1
    if not years:
        return None
    return max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def extract_doc_claims(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                       published: dt.date | None, lexicon: Lexicon, registry: Registry) -> list[dict]:
    """Every claim of an article: `sentences` are (start, end) offsets, `mentions` registry matches."""
    state = DocState(published, lexicon, registry, PeriodContext(published, anchor_year(text, published)), text=text)
    state.market_codes = {e.id: (e.country or e.id.upper()) for e in registry if e.kind in MARKET_KINDS}
    maker_counts = Counter(m.id for m in mentions if m.kind in ("company", "brand"))
    if maker_counts:
        top = maker_counts.most_common(1)[0][0]
        state.default_maker = next(m for m in mentions if m.id == top)
    first_market = next((m.id for m in mentions if m.kind == "country"), None)
    if first_market is None and state.default_maker is not None:
        ent = registry.get(state.default_maker.id)
        code = ent.country if ent else None
        first_market = next((i for i, c in state.market_codes.items() if c == code), None)
    state.default_market = first_market
    _anchor_quarter(text, state)
    state.auto_doc = sum(1 for _ in itertools.islice(_AUTO_WORDS.finditer(text), 4)) >= 4
    out: list[dict] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    i = 0
    for s, e in sentences:
        local = []
        while i < len(ordered) and ordered[i].start < s:
            i += 1
        j = i
        while j < len(ordered) and ordered[j].start < e:
            local.append(ordered[j].shifted(s))
            j += 1
        out.extend(sentence_claims(text[s:e], s, local, state))
    return out


def _anchor_quarter(text: str, state: DocState) -> None:
    """"results for the quarter ... ended December 31, 2024": the period a release reports on."""
    m = re.search(r"(?:quarter|year)s?(?:\s+and\s+(?:the\s+)?full\s+year)?\s+(?:ended|ending)\s+[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}",
                  text)
    if not m:
        return
    for pm in find_periods(m.group(0)):
        if pm.kind == "ended":
            state.periods.last = resolve(pm, state.periods)
            state.periods.anchor_year = pm.year or state.periods.anchor_year


# ---------------------------------------------------------------- one sentence

@dataclass
class _Q:
    q: Quantity
    end: int  # end including trailing conversions
    metric: str | None = None
    change: bool = False
    sign: int = 1
    loss: bool = False
    level_link: bool = False


def sentence_claims(sent: str, offset: int, mentions: list[Mention], state: DocState) -> list[dict]:
    lex = state.lexicon
    if not _CANDIDATE.search(sent):
        _update_focus(mentions, [], state, sent)
        if _PERIOD_WORD.search(sent):
            periods = find_periods(sent)
            _update_period([], periods, _resolve_all(periods, state), state)
        state.stock_sentences_left = 1 if lex.find("stock", sent) else max(0, state.stock_sentences_left - 1)
        return []
    periods = find_periods(sent)
    resolved = _resolve_all(periods, state)
    qs = [q for q in find_quantities(sent, lex)
          if not (q.kind in ("bare", "other") and any(p.start <= q.start < p.end for p in periods))]
    triggers = lex.triggers(sent)
    unit_kind = {t.metric: t.unit_kind for t in lex.metrics}
    items = _with_conversions(qs)
    auto = bool(_AUTO_WORDS.search(sent))
    respectively = "respectively" in sent
    shared_subjects: dict[tuple, list[_Q]] = {}
    stock = state.stock_sentences_left > 0 or bool(lex.find("stock", sent))
    claims: list[dict] = []
    used_right: set[int] = set()
    prev_by_group: dict[str, _Q] = {}
    prev_any: _Q | None = None
    for it in items:
        q = it.q
        group = _group(q)
        if group is None:
            continue
        left = sent[max(0, q.start - LEFT_LIMIT):q.start]
        if _dropped(sent, it, lex):
            continue
        prev = prev_by_group.get(group)
        _assign_metric(sent, it, prev, prev_any, triggers, unit_kind, stock, lex, state.last_volume_metric, mentions)
        if it.metric is None or it.metric == NONE_METRIC:
            continue
        prev_by_group[group] = it
        prev_any = it
        subjects = _subjects(sent, it, mentions, state, used_right)
        if it.metric == "market_share?":
            it.metric = "market_share" if subjects and subjects[0].kind in MARKET_KINDS else None
        if subjects and subjects[0].kind in MARKET_KINDS and not (auto or state.auto_doc):
            continue  # a market figure about something other than vehicles (housing, smartphones, trade)
        if not subjects or it.metric is None:
            continue
        if len(subjects) > 1 and respectively:
            key = tuple(m.id for m in subjects)
            k = shared_subjects.setdefault((key, group, it.change), [])
            k.append(it)
            if len(k) <= len(subjects):
                subjects = [subjects[len(k) - 1]]  # "NIO and XPeng delivered 20,000 and 30,000, respectively"
        modality = _modality(sent, q, lex)
        period, ptext = _period_for(it, periods, resolved, state, modality, sent, items)
        qualifier = q.qualifier or _qualifier(left, it.metric, lex)
        bases = _bases(sent, it, periods, resolved, period, lex) if it.change else [None]
        low, high = q.low * it.sign, q.high * it.sign
        if it.sign < 0:
            low, high = min(low, high), max(low, high)
        metric = it.metric
        if it.change and metric not in ("share_price_change", "cost_advantage") and not metric.endswith("_growth"):
            metric = f"{metric}_growth"
        unit = q.unit
        if q.kind in ("fraction", "multiplier") or it.change and unit == "vehicles":
            unit = "percent"
        elif q.kind == "bare":
            unit = "vehicles"
        segment = _segment(sent, it, subjects[0], lex)
        geography = _geography(sent, mentions, subjects[0], state)
        for subj in subjects:
            for basis in bases:
                c = empty_claim()
                c.update(
                    subject=subj.id, subject_text=subj.text, subject_kind=subj.kind, metric=metric,
                    value_low=float(low), value_high=float(high), unit=unit, qualifier=qualifier or "exact",
                    period_start=period[0].isoformat() if period[0] else None,
                    period_end=period[1].isoformat() if period[1] else None, period_text=ptext,
                    geography=geography, modality=modality, segment=segment,
                    basis=basis if metric.endswith("_growth") else None, relation=None, object=None,
                    sentence=sent, start_char=offset, end_char=offset + len(sent),
                    confidence=_confidence(it, subj, mentions, period),
                )
                claims.append(c)
    claims.extend(_comparatives(sent, offset, mentions, qs, triggers, resolved, state))
    _update_focus(mentions, claims, state, sent)
    state.stock_sentences_left = 1 if lex.find("stock", sent) else max(0, state.stock_sentences_left - 1)
    _update_period(claims, periods, resolved, state)
    for c in claims:
        if c["period_end"] and c["period_text"] and c["modality"] == "reported":
            end = dt.date.fromisoformat(c["period_end"])
            if state.periods.last_end is None or end > state.periods.last_end:
                state.periods.last_end = end
    return claims


def _lookahead_period(state: DocState) -> tuple[dt.date | None, dt.date | None] | None:
    """"Quarterly revenue" before any period is named: the first quarter-like period the article names later."""
    if state.lookahead is None:
        state.lookahead = (None, None)
        ctx = PeriodContext(state.periods.published, state.periods.anchor_year)
        for pm in find_periods(state.text[:20_000]):
            if pm.kind in ("quarter", "month_range", "months_ended", "ended") and not pm.base:
                r = resolve(pm, ctx)
                if r[0] and r[1]:
                    state.lookahead = r
                    break
    return state.lookahead if state.lookahead[0] else None


def _update_period(claims: list[dict], periods: list[PeriodMention], resolved, state: DocState) -> None:
    """The period the text is talking about: the first dated figure's, else the first period named."""
    for c in claims:
        if c["period_start"] and c["period_end"]:
            state.periods.last = (dt.date.fromisoformat(c["period_start"]), dt.date.fromisoformat(c["period_end"]))
            return
    for pm, r in zip(periods, resolved, strict=True):
        if not pm.base and r[0] and r[1] and pm.kind != "day":
            state.periods.last = r
            return


def _group(q: Quantity) -> str | None:
    if q.conversion:
        return None
    if q.kind == "currency" and q.unit:
        return "currency"
    if q.kind in PERCENT_KINDS:
        return "percent"
    if q.kind in ("vehicles", "bare"):
        return "vehicles"
    if q.kind in ("km", "kWh"):
        return q.kind
    return None


def _with_conversions(qs: list[Quantity]) -> list[_Q]:
    out: list[_Q] = []
    main: _Q | None = None
    for q in qs:
        if q.conversion and main is not None:
            main.end = q.end
        item = _Q(q, q.end)
        if not q.conversion:
            main = item
        out.append(item)
    return out


def _resolve_all(periods: list[PeriodMention], state: DocState) -> list[tuple[dt.date | None, dt.date | None]]:
    """Resolve left to right; a non-base period becomes the reference of the base ones after it."""
    ctx = PeriodContext(state.periods.published, state.periods.anchor_year, state.periods.last, state.periods.last_end)
    out = []
    for pm in periods:
        if pm.kind in ("quarterly", "same") and ctx.last is None:
            ctx.last = _lookahead_period(state)
        r = resolve(pm, ctx)
        out.append(r)
        if not pm.base and r[0] and r[1] and pm.kind not in ("day", "ended"):
            ctx.last = r
            if ctx.last_end is None or r[1] > ctx.last_end:
                ctx.last_end = r[1]
    return out


def _dropped(sent: str, it: _Q, lex: Lexicon) -> bool:
    """Numbers that are not claims: differences, policy targets, charging-session ranges."""
    q = it.q
    right = sent[it.end:it.end + 30]
    left = sent[max(0, q.start - 60):q.start]
    if re.match(r"^\s*(?:more|fewer|less)\b", right, re.I) or re.search(r"\b(?:additional|extra|another)\s+$", left, re.I):
        return True
    if _COMPARED_BY.search(sent[max(0, q.start - 90):q.start]):
        return True  # "outsold Tesla by 10,000 units": a margin, not a level
    if q.kind in ("currency", "vehicles", "bare") and re.search(r"\bby\s+(?:about\s+|around\s+|nearly\s+|some\s+)?$", left) \
            and re.match(r"^\s*(?:,\s*)?(?:to|from)\b", right):
        return True  # "cut prices by 14,000 yuan to 249,900 yuan": the change, not a level
    if any(v == "policy" for _s, _e, v in lex.find("drop", left)):
        return True
    if any(v == "policy" and s < 3 for s, _e, v in lex.find("drop", right.lstrip())):
        return True
    if q.kind == "km":
        if q.low >= 3000:
            return True
        win = sent[max(0, q.start - 60):min(len(sent), it.end + 30)]
        if any(v == "charging" for _s, _e, v in lex.find("drop", win)) or _CHARGING.search(win):
            return True
    if q.kind == "percent" and (_CHARGING.search(sent[it.end:it.end + 25]) or re.match(r"^\s*off\b", right)):
        return True
    return q.kind == "kWh" and q.low > 1000


def _nearest_trigger(triggers, start: int, end: int, allowed: set[str], unit_kind: dict[str, str],
                     floor: int = 0, right_limit: int = RIGHT_LIMIT):
    best, best_d = None, 10**9
    for ts, te, metric in triggers:
        if metric != NONE_METRIC and unit_kind.get(metric) not in allowed:
            continue
        if te <= start:
            if ts < floor or start - te > LEFT_LIMIT:
                continue
            d = start - te
        elif ts >= end:
            if ts - end > right_limit:
                continue
            d = int((ts - end) * 1.3) + 2
        else:
            d = 0
        if d < best_d:
            best, best_d = (ts, te, metric), d
    return best


def _assign_metric(sent: str, it: _Q, prev: _Q | None, prev_any: _Q | None, triggers, unit_kind, stock: bool,
                   lex: Lexicon, state_metric: str | None = None, mentions: list[Mention] = ()) -> None:
    q = it.q
    left = sent[max(0, q.start - 40):q.start]
    floor = prev.end if prev else 0
    if q.kind == "currency":
        t = _nearest_trigger(triggers, q.start, it.end, {"currency"}, unit_kind, floor)
        sales = _nearest_trigger(triggers, q.start, it.end, {"vehicles"}, unit_kind, max(floor, q.start - 40), 0)
        if t is None and sales and sales[2] == "sales_volume":
            t = (*sales[:2], "revenue")
        if t is None and prev and _LEVEL_BEFORE.search(left):
            it.metric = prev.metric
            if prev.metric == "net_profit" and prev.sign < 0:
                it.sign = -1
        elif t is not None:
            it.metric = t[2]
        if it.metric == "net_profit" and t and "loss" in sent[t[0]:t[1]].lower():
            it.sign = -1
        return
    if q.kind in ("km", "kWh"):
        it.metric = "range" if q.kind == "km" else "battery_capacity"
        return
    if q.kind in ("vehicles", "bare"):
        t = _nearest_trigger(triggers, q.start, it.end, {"vehicles"}, unit_kind, floor)
        if t is not None:
            it.metric = t[2]
        elif prev is not None and not prev.change:
            it.metric = prev.metric
        elif q.kind == "vehicles":
            t = _nearest_trigger(triggers, q.start, it.end, {"vehicles"}, unit_kind, 0, 60)
            far = [m for ts, _te, m in triggers if ts < q.start and unit_kind.get(m) == "vehicles"]
            it.metric = t[2] if t else (far[-1] if far else state_metric)
        if q.kind == "bare" and (q.low < 100 or not _ALLOWED_AFTER_BARE.match(sent[it.end:it.end + 20])):
            it.metric = None
        return
    # percentages: a change, or a level (share, margin, cost advantage)
    level_link = bool(_FROM_BEFORE.search(left))
    change_word = _change_word(sent, it, lex)
    if level_link and prev is not None:
        it.metric, it.change, it.level_link = prev.metric, prev.change, True
        return
    if q.kind == "multiplier" or q.unit == "percentage_points" and change_word is not None or change_word is not None:
        it.change = True
    if it.change:
        it.sign = -1 if change_word == "down" or q.low < 0 else 1
        if q.low < 0:
            it.sign = 1
        base = None
        t = _nearest_trigger(triggers, q.start, it.end, {"vehicles", "currency", "percent", "km", "kWh"}, unit_kind,
                             prev.end if prev else 0, 40)
        if prev_any is not None and prev_any.q.kind not in PERCENT_KINDS and prev_any.metric and not prev_any.change \
                and not any(prev_any.end <= ts < q.start for ts, _te, _m in triggers) \
                and (t is None or t[0] < prev_any.q.start or q.start - prev_any.end < 45):
            base, t = prev_any.metric, None
        if base is None and t is None and prev is not None and prev.change:
            it.metric = prev.metric
            it.loss = prev.loss
            if it.loss:
                it.sign = -it.sign
            if not change_word:
                it.sign = prev.sign
            return
        if base is None and t is None and prev_any is not None and prev_any.metric and not prev_any.change \
                and prev_any.metric != "market_share":
            base = prev_any.metric
        if base is None and t is None and stock:
            it.metric = "share_price_change"
            return
        if base is None and t is None and state_metric:
            base = state_metric
        if base is None and t is not None:
            base = t[2]
        if base in ("share_price_change", "cost_advantage"):
            it.metric, it.change = base, False
            return
        if base is None or base == NONE_METRIC:
            it.metric = None if base is None else NONE_METRIC
            return
        it.metric = base
        if base == "net_profit" and (t and "loss" in sent[t[0]:t[1]].lower()
                                     or prev_any and prev_any.sign < 0 and prev_any.metric == "net_profit"
                                     or re.search(r"\bloss\w*\b[^.;]{0,60}$", sent[:q.start], re.I)):
            it.sign, it.loss = -it.sign, True
        return
    # a level
    if " out of " in q.text or " in " in q.text:
        it.metric = "market_share" if lex.find("market_object", sent[it.end:it.end + 40]) else None
        return
    obj = sent[it.end:it.end + 70]
    m = re.match(r"^\s*(?:share\s+)?of\s+(.*)", obj, re.I)
    if m:
        target = m.group(1)
        if lex.find("own_share", target[:40]) or re.match(r"^(?:its|their|his|her)\b", target) \
                or _maker_possessive(target, it.end + m.start(1), mentions):
            it.metric = None
            return
        if lex.find("market_object", target[:45]):
            it.metric = "market_share"
            return
    t = _nearest_trigger(triggers, q.start, it.end, {"percent"}, unit_kind, prev.end if prev else 0)
    if t is not None:
        it.metric = t[2]
        return
    if prev is not None and prev.change and re.search(r"\bto\s+(?:a\s+|an\s+)?(?:record\s+)?$", left):
        it.metric = prev.metric
        return
    if prev is not None and (_LEVEL_BEFORE.search(left) or re.match(r"^\s*(?:,|and)?\s*$", sent[prev.end:q.start])):
        it.metric, it.change, it.sign, it.loss = prev.metric, prev.change, prev.sign, prev.loss
        it.level_link = prev.level_link
        return
    if _ACCOUNT.search(left) and q.kind in ("percent", "fraction"):
        it.metric = "market_share?"  # only for market-level subjects; settled in _subjects


def _maker_possessive(target: str, offset: int, mentions: list[Mention]) -> bool:
    """"half of BYD's sales": a share of one maker's own total, not of a market."""
    lead = re.match(r"^(?:the\s+)?", target).end()
    return any(m.start == offset + lead and m.kind in MAKER_KINDS and re.match(r"^(?:'s|’s)", target[m.end - offset:])
               for m in mentions)


def _change_word(sent: str, it: _Q, lex: Lexicon) -> str | None:
    """'up'/'down' when the words around the number make it a change."""
    q = it.q
    left = sent[max(0, q.start - 32):q.start]
    if left.endswith("+"):
        return "up"
    m = re.search(r"(?P<w>\b\w[\w-]*)\s+(?:(?:by|of|at|nearly|almost|about|around|roughly|over|more\s+than|just|"
                  r"some|a|an|significant(?:ly)?|strong|modest|slight(?:ly)?|further|another|(?:year|quarter|month)"
                  r"[\s-]+(?:on|over)[\s-]+(?:year|quarter|month)|cumulative|sharp(?:ly)?|record)\s+){0,4}$", left, re.I)
    if m and not re.search(r"\b(?:made|make|makes|making|ended|end|ends|picked|summed|set|wound|shored|"
                                r"take|took|takes|taking)\s+$", left[:m.start("w")], re.I):
        hits = lex.find("change", m.group("w"))
        if hits:
            return hits[0][2]
    m = _CHANGE_NOUN_BEFORE.search(left)
    if m:
        hits = lex.find("change", m.group("w"))
        if hits:
            return hits[0][2]
    m = _CHANGE_RIGHT.match(sent[it.end:it.end + 50])
    if m:
        hits = lex.find("change", m.group("w"))
        if hits:
            return hits[0][2]
    if re.match(r"^\s*(?:year|quarter|month)[\s-]+(?:on|over)[\s-]+(?:year|quarter|month)", sent[it.end:it.end + 30], re.I):
        return "up"
    return None


_NOT_SUBJECT_BEFORE = re.compile(r"\b(?:between|from|like|including|than|versus|vs\.?|against|such\s+as|"
                                 r"partnered\s+with|partnership\s+with|(?:backed|owned|produced|made|built|developed|operated|powered|supplied|"
                                 r"made|manufactured|assembled)\s+by)\s+(?:the\s+)?$|"
                                 r"\bbetween\s+(?:the\s+)?[\w&.’'-]+(?:\s+[\w&.’'-]+){0,3}\s+and\s+(?:the\s+)?$", re.I)
_MAKER_ANAPHOR = re.compile(r"\b(?:the|this|that|its|their)\s+(?:[\w()-]+\s+){0,5}?(?:company|automaker|carmaker|"
                            r"maker|firm|group|manufacturer|brand|giant|startup|EV\s+maker|counterpart)(?:'s|’s)?\b|"
                            r"(?<![\w-])(?:it|It|its|Its)\b", re.I)
_MODEL_ANAPHOR = re.compile(r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+){0,3}?(?:model|SUV|sedan|car|vehicle|"
                            r"hatchback|MPV|version)(?:'s|’s)?\b", re.I)
_RELATIVE = re.compile(r",\s*(?:which|who|whose|featuring|including)\b", re.I)
_SEGMENT_SUBJECT_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,12}\)\s*)?(?:also\s+|still\s+|now\s+|have\s+|has\s+|had\s+)?(?:made|make|makes|accounted|"
    r"account|accounts|took|take|takes|secured|captured|were|was|are|is|led|saw|rose|fell|grew|hit|sales|"
    r"registrations|climbed|increased|reached|continued|represented|constituted|comprised|performed|jumped|"
    r"surged|share|market)\b", re.I)


def _subjects(sent: str, it: _Q, mentions: list[Mention], state: DocState, used_right: set[int]) -> list[Mention]:
    q = it.q
    lex = state.lexicon
    market_ok = it.metric in MARKET_METRICS or it.metric == "market_share?"
    makers = [m for m in mentions if m.kind in MAKER_KINDS and m.start not in used_right
              and not _NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 45):m.start])]
    if q.kind in ("vehicles", "bare"):
        inside = [m for m in mentions if m.kind in MAKER_KINDS and q.start < m.start and m.end <= q.end]
        if inside:
            return [inside[-1]]
        for m in mentions:
            if m.kind in MAKER_KINDS and it.end <= m.start <= it.end + 80 and _RIGHT_SUBJECT.match(sent[it.end:m.start]):
                used_right.add(m.start)
                return [m]
    makers = [m for m in makers if not _in_relative_clause(sent, m, q.start)]
    left_maker = nearest_left(makers, q.start)
    if left_maker is not None and re.match(r"^(?:'s|’s)", sent[left_maker.end:left_maker.end + 2]):
        head = nearest_left(makers, left_maker.start)  # "Zeekr, Geely's premium brand, delivered ...": Zeekr
        if head is not None and re.fullmatch(r"\s*,\s*(?:the\s+|a\s+|an\s+)?", sent[head.end:left_maker.start]) \
                and "," in sent[left_maker.end:q.start]:
            left_maker = head
    left_market = nearest_left(mentions, q.start, MARKET_KINDS)
    floor = left_maker.end if left_maker else 0
    anaphor = _anaphor(sent[floor:q.start], state)
    if anaphor is not None:
        return [anaphor]
    if left_maker is not None:
        if market_ok:
            for s, e, _v in lex.find("segment", sent[left_maker.end:q.start]):
                s, e = s + left_maker.end, e + left_maker.end
                if has_break(sent[left_maker.end:s]) and _SEGMENT_SUBJECT_AFTER.match(sent[e:e + 40]) \
                        and not re.search(r"(?:'s|’s|\bits|\btheir)\s+(?:\w+\s+)?$", sent[max(0, s - 20):s]) \
                        and not _MAKER_NOUN.match(sent[e:e + 30]):
                    market = left_market if left_market and left_market.start > left_maker.end else None
                    return _market(state, market, it)
            if left_market and left_market.start > left_maker.end and has_break(sent[left_maker.end:left_market.start]) \
                    and re.match(r"^(?:'s|’s)", sent[left_market.end:left_market.end + 2]):
                return _market(state, left_market, it)
        if it.metric == "market_share?":
            return []
        return coordinated(sent, makers, left_maker)
    segs = [(s, e, v) for s, e, v in lex.find("segment", sent) if not _MAKER_NOUN.match(sent[e:e + 30])]
    if left_market is not None and re.match(r"^(?:'s|’s)", sent[left_market.end:left_market.end + 2]) \
            and it.metric in ("cost_advantage", "market_share?", *MARKET_METRICS):
        return _market(state, left_market, it)
    if market_ok:
        if left_market is not None:
            return _market(state, left_market, it)
        focus_market = state.focus is not None and state.focus.kind in MARKET_KINDS
        if segs and not focus_market:
            return _market(state, None, it)
        if focus_market:
            return _market(state, state.focus, it) if it.metric != "market_share?" or segs else []
        if state.focus is None and state.default_maker is None and (state.market or state.default_market):
            return _market(state, None, it)
    if it.metric == "market_share?":
        return []
    if state.focus is not None and state.focus.kind in MAKER_KINDS:
        return [state.focus]
    if state.default_maker is not None:
        return [state.default_maker]
    return []


def _in_relative_clause(sent: str, m: Mention, end: int) -> bool:
    """"..., which features Huawei's Harmony system, ..." names Huawei in passing, not as the subject."""
    opener = None
    for o in _RELATIVE.finditer(sent, 0, m.start):
        opener = o
    return opener is not None and "," in sent[m.end:end] and "," not in sent[opener.end():m.start]


def _anaphor(text: str, state: DocState) -> Mention | None:
    """'the spacious model' → the last model named; 'the company', 'it' → the maker in focus."""
    model = maker = None
    for m in _MODEL_ANAPHOR.finditer(text):
        model = m
    for m in _MAKER_ANAPHOR.finditer(text):
        maker = m
    if model is not None and state.recent_model is not None and (maker is None or model.start > maker.start):
        return state.recent_model
    if maker is not None and state.focus_maker is not None:
        return state.focus_maker
    return None


def _market(state: DocState, mention: Mention | None, it: _Q) -> list[Mention]:
    if it.metric == "market_share?":
        it.metric = "market_share"
    if mention is not None:
        return [mention]
    market = state.market or state.default_market
    if market is None:
        return []
    ent = state.registry.get(market)
    return [Mention(-1, -1, market, ent.kind if ent else "country", ent.name if ent else market)]


def _modality(sent: str, q: Quantity, lex: Lexicon) -> str:
    start, end = q.start, q.end
    breaks = [m for m in _CLAUSE_BREAK.finditer(sent)]
    cs = max([m.end() for m in breaks if m.end() <= start], default=0)
    ce = min([m.start() for m in breaks if m.start() >= end], default=len(sent))
    clause = _NOT_MODAL.sub(" ", sent[cs:ce])
    cues = lex.find("modality", clause)
    values = [v for _s, _e, v in cues]
    if any(v == "estimate" and s < start - cs for s, _e, v in cues):
        return "estimate"
    if "forecast" in values:
        return "forecast"
    if any(s < start for s, _e, _v in lex.find("sentence_modality", sent)):
        return "forecast"
    return "reported"


def _qualifier(left: str, metric: str, lex: Lexicon) -> str | None:
    tail = left[-32:]
    best = None
    for s, e, v in lex.find("qualifier", tail):
        rest = tail[e:]
        if re.fullmatch(r"\s*(?:(?:a|an|the|negative|just)\s+)*", rest):
            best = (s, v, tail[s:e].lower())
    if best is None:
        return None
    _s, v, phrase = best
    if phrase == "from" and metric != "vehicle_price":
        return None
    if phrase == "some" and metric in ("market_share",):
        return "approx"
    return v


def _period_for(it: _Q, periods: list[PeriodMention], resolved, state: DocState, modality: str, sent: str,
                others: list[_Q] = ()):
    """(bounds, words) of the period a figure covers: attached, then left, right, then context."""
    q = it.q
    forecast = modality == "forecast"
    no_context = it.metric in ("vehicle_price", "range", "battery_capacity", "share_price_change", "cost_advantage")
    has_to = any(p.kind == "cumulative_to" for p in periods)

    def bounds(i: int):
        pm = periods[i]
        if forecast and pm.kind in ("this_year", "month", "quarter", "half") and not pm.year:
            ctx = PeriodContext(state.periods.published, state.periods.anchor_year, state.periods.last,
                                state.periods.last_end)
            return resolve(pm, ctx, forecast=True)
        return resolved[i]

    def usable(i: int) -> bool:
        pm = periods[i]
        return pm.kind not in ("day", "ended") and not (has_to and pm.kind in ("since", "cumulative"))

    for i, pm in enumerate(periods):
        if pm.start <= q.start < pm.end and usable(i):
            return bounds(i), pm.text
        if 0 <= q.start - pm.end <= 4 and re.fullmatch(r"(?:'s|’s)?\s*", sent[pm.end:q.start]) \
                and re.search(r"(?:'s|’s)$", sent[:q.start].rstrip()) and usable(i):
            return bounds(i), pm.text
    for i, pm in enumerate(periods):
        if pm.start >= it.end and pm.start - it.end <= 40 and usable(i):
            gap = sent[it.end:pm.start]
            if re.fullmatch(r"[\s,)\]]*(?:(?:units|vehicles|cars|delivered|sold|registered|in\s+revenue|revenue|"
                            r"for\s+the\s+quarter)\s+)*(?:in|for|during|over|from|as\s+of|by|through|at)?\s*", gap, re.I):
                if it.change and pm.base and not it.level_link:
                    break
                return bounds(i), pm.text
            break
    left = [i for i, pm in enumerate(periods) if pm.end <= q.start and not pm.base and usable(i)]
    if left:
        i = left[-1]
        return bounds(i), periods[i].text
    right = [i for i, pm in enumerate(periods) if pm.start >= it.end and not pm.base and usable(i)
             and (not re.search(r",\s|;", sent[it.end:pm.start])
                  or re.search(r"\b(?:in|during|for|over)\s+$", sent[max(0, pm.start - 8):pm.start])
                  and pm.start - it.end < 60 and not any(it.end <= x.q.start < pm.start for x in others))]
    if right:
        i = right[0]
        return bounds(i), periods[i].text
    if no_context or state.periods.last is None:
        return (None, None), None
    return state.periods.last, None


def _bases(sent: str, it: _Q, periods, resolved, period, lex: Lexicon) -> list[str | None]:
    q = it.q
    after = sent[it.end:it.end + 60]
    nxt = re.search(r"\d", after)
    after = after[:nxt.start()] if nxt else after
    found = [v for _s, _e, v in lex.find("basis", after)]
    before = [v for _s, _e, v in lex.find("basis", sent[max(0, q.start - 30):q.start])]
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


def _segment(sent: str, it: _Q, subj: Mention, lex: Lexicon) -> str | None:
    q = it.q
    window = sent[max(0, q.start - 45):min(len(sent), it.end + 60)]
    best = None
    for _s, e, v in lex.find("segment", window):
        if v == "none" or _MAKER_NOUN.match(window[e:e + 30]):
            continue
        if best is None or SEGMENT_RANK[v] < SEGMENT_RANK[best]:
            best = v
    if subj.kind == "model" and best not in ("bev", "phev", "erev"):
        return None
    if it.metric in ("revenue", "net_profit", "gross_margin", "vehicle_price", "range", "battery_capacity",
                     "share_price_change", "cost_advantage"):
        return best if subj.kind == "model" else None
    return best


def _geography(sent: str, mentions: list[Mention], subj: Mention, state: DocState) -> str | None:
    if subj.kind in MARKET_KINDS:
        return state.market_codes.get(subj.id)
    for m in mentions:
        if m.kind in MARKET_KINDS and re.search(r"\b(?:in|across|throughout)\s+(?:the\s+)?$", sent[max(0, m.start - 12):m.start]):
            return state.market_codes.get(m.id)
        if m.kind == "region" and m.id == "global":
            return "GLOBAL"
    return None


def _confidence(it: _Q, subj: Mention, mentions: list[Mention], period) -> float:
    c = 0.55
    if subj.start >= 0 and any(m.start == subj.start for m in mentions):
        c += 0.15
    if period[0] or period[1]:
        c += 0.1
    if it.q.unit:
        c += 0.1
    return round(min(c, 0.95), 2)


def _comparatives(sent: str, offset: int, mentions: list[Mention], qs: list[Quantity], triggers, resolved,
                  state: DocState) -> list[dict]:
    """"Aito outsold BMW and Mercedes-Benz": one claim per object, null values."""
    lex = state.lexicon
    out: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    cues = [(s, e, v, "verb") for s, e, v in lex.find("comparative", sent)]
    cues += [(s, e, v, "lead") for s, e, v in lex.find("comparative_lead", sent)]
    real_qs = [q for q in qs if not q.conversion and q.kind in ("currency", "vehicles", "percent", "bare")]
    for s, e, relation, how in sorted(cues):
        objects = objects_after(sent, mentions, e)
        if how == "lead" and not objects:
            subj0 = nearest_left([m for m in mentions if m.kind in MAKER_KINDS], s)
            other = next((x for x in reversed(state.recent_makers) if subj0 is None or x != subj0.id), None)
            ent = state.registry.get(other) if other else None
            if ent is None:
                continue
            objects = [Mention(-1, -1, ent.id, ent.kind, ent.name)]
        if not objects:
            continue
        if any(q.end <= s for q in real_qs) and any(q.start >= objects[0].end for q in real_qs):
            continue
        subj = nearest_left([m for m in mentions if m.kind in MAKER_KINDS
                             and not _NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 45):m.start])], s)
        if subj is None or _anaphor(sent[subj.end:s], state) is not None:
            subj = state.focus if state.focus and state.focus.kind in MAKER_KINDS else None
        if subj is None:
            continue
        metric = _comparative_metric(sent, s, e, triggers, sent[s:e].lower())
        if metric is None:
            continue
        modality = "forecast" if re.search(r"\b(?:will|would|could|expected|set to)\b", sent[max(0, s - 40):s], re.I) \
            else "reported"
        usable = [i for i, (a, b) in enumerate(resolved) if a and b]
        period = resolved[usable[0]] if usable else (state.periods.last or (None, None))
        for obj in objects:
            key = (subj.id, obj.id, metric)
            if obj.id == subj.id or key in seen:
                continue
            if state.registry.relation(subj.id, obj.id) in ("child", "parent"):
                continue
            seen.add(key)
            c = empty_claim()
            c.update(subject=subj.id, subject_text=subj.text, subject_kind=subj.kind, metric=metric,
                     value_low=None, value_high=None, unit=None, qualifier=None,
                     period_start=period[0].isoformat() if period[0] else None,
                     period_end=period[1].isoformat() if period[1] else None, period_text=None,
                     geography=_geography(sent, mentions, subj, state), modality=modality, segment=None, basis=None,
                     relation=relation, object=obj.id, sentence=sent, start_char=offset, end_char=offset + len(sent),
                     confidence=0.6)
            out.append(c)
    return out


def _comparative_metric(sent: str, s: int, e: int, triggers, cue: str) -> str | None:
    if cue.startswith("outs") or "seller" in cue:
        return "sales_volume"
    if "cheaper" in cue:
        return "vehicle_price"
    best, best_d = None, 10**9
    for ts, te, metric in triggers:
        if metric == NONE_METRIC:
            continue
        d = ts - e if ts >= e else (s - te) * 1.5
        if d < 0:
            d = 0
        if d < best_d:
            best, best_d = metric, d
    return best if best_d < 120 else "sales_volume"


def _update_focus(mentions: list[Mention], claims: list[dict], state: DocState, sent: str) -> None:
    """The entity in focus is the subject of the sentence's first figure (a brand or model named in
    passing under the company in focus leaves the focus on the company); the market is the last named."""
    for m in mentions:
        if m.kind in MAKER_KINDS:
            state.recent_makers.append(m.id)
            if m.kind == "model":
                state.recent_model = m
    del state.recent_makers[:-12]
    numeric = [c for c in claims if c["relation"] is None]
    market_claims = [c for c in numeric if c["subject_kind"] in MARKET_KINDS]
    if market_claims:
        state.market = market_claims[-1]["subject"]
    else:
        named = [m for m in mentions if m.kind in MARKET_KINDS and m.id != "global"]
        if named:
            state.market = named[-1].id
    for c in numeric:
        if c["metric"].removesuffix("_growth") in VOLUME_METRICS:
            state.last_volume_metric = c["metric"].removesuffix("_growth")
    first = (numeric or claims)[0] if claims else None
    candidate = None
    if first is not None:
        match = next((m for m in mentions if m.id == first["subject"]), None)
        ent = state.registry.get(first["subject"])
        candidate = match or Mention(-1, -1, first["subject"], ent.kind if ent else first["subject_kind"],
                                     first["subject_text"] or first["subject"])
    else:
        makers = [m for m in mentions if m.kind in MAKER_KINDS and not _NOT_SUBJECT_BEFORE.search(sent[max(0, m.start - 45):m.start])]
        candidate = makers[0] if makers else None
    if candidate is None:
        return
    if state.focus is not None and state.focus.kind == "company" and candidate.kind in ("brand", "model") \
            and state.registry.relation(candidate.id, state.focus.id) == "child":
        return
    state.focus = candidate
    if candidate.kind in MAKER_KINDS:
        state.focus_maker = candidate
