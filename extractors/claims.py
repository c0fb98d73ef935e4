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
from dataclasses import replace

from contract.spec import METRIC_CLASSES, VOLUME_METRICS, empty_claim
from extractors.attributes import (
    bases_for,
    confidence_of,
    geography_of,
    is_forward,
    modality_of,
    qualifier_of,
    segment_of,
)
from extractors.claim_periods import NO_CONTEXT, period_for
from extractors.comparatives import comparative_claims
from extractors.fast_start import fast_compile
from extractors.lexicon import NONE_METRIC, Lexicon
from extractors.mentions import (
    MAKER_KINDS,
    MARKET_KINDS,
    Mention,
    coordinated,
    counted_names,
    maker_named_last,
    single_count,
)
from extractors.metrics import (
    BARE_BASE_BEFORE,
    RESTATED_LEVEL,
    assign_metric,
    earlier_level,
    index_move,
    is_dropped,
)
from extractors.periods import Period, PeriodContext, find_periods, labels_figure, quarter_bounds, span_unit
from extractors.prefilter import prefilter_compile
from extractors.quantities import Quantity, sentence_quantities
from extractors.registry import Registry, body_market
from extractors.state import (
    PERCENT_KINDS,
    DocState,
    Figure,
    anchor_quarter,
    anchor_year,
    dates_figures,
    hint_year,
    resolve_all,
    review_year,
    update_period,
)
from extractors.subjects import (
    DEMONYMS,
    choose_subjects,
    claim_subject,
    common_parent,
    region_part_of_own_sales,
    update_focus,
)

_FRAGMENT_END = re.compile(r"\s*[.!?]?\s*")
_DIGIT = re.compile(r"\d")  # the first of _CANDIDATE's alternatives, found without trying the rest
_CANDIDATE = fast_compile(
    r"\d|doubl|tripl|trebl|quadrupl|halv|third|quarter|half|fifth|fold|times\s+(?:more|higher|as)|out\s+of|outs|surpass|"
    r"overt|eclips|topp|tops|exceed|beat|led\b|lead|top\b|cheaper|edg|trail|lagg|ahead\s+of",
    re.I,
)
_AUTO_WORDS = fast_compile(
    r"\b(?:cars?|vehicles?|EVs?|NEVs?|BEVs?|PHEVs?|autos?|automobiles?|automotive|automakers?|carmakers?|"
    r"registrations|deliveries|hybrids?|electric|plug-ins?|motors?|SUVs?|trucks?|"
    r"new energy|new-energy|battery|batteries|charging)\b",
    re.I,
)
_UNIT_HINT = fast_compile(
    r"[%$€£¥₩₹]|\b(?:percent|per\s+cent|pct|yuan|RMB|CNY|USD|EUR|GBP|dollars|euros|pounds|yen|"
    r"km|kilomet\w+|kWh|units?|vehicles?|cars?|EVs|NEVs|doubl\w*|tripl\w*|trebl\w*|quadrupl\w*|"
    r"halv\w+|out\s+of|basis\s+points|outs\w+|surpass\w*|overt\w+|eclips\w+|topp\w+|tops|exceed\w*|"
    r"beat\w*|led|lead|top|cheaper|edg\w+|trail\w*|lagg\w*|ahead\s+of)\b|\d+(?:kWh|km|k)\b",
    re.I,
)
_DESCRIPTOR_AFTER = re.compile(
    r"(?:\s+EV)?-(?:owned|backed|based|controlled|funded|affiliated|listed|made|built|supplied|sized|"
    r"style|like|class|rivalling|rivaling|beating|fighting)\b"
)  # "a Chevrolet Bolt EV-sized vehicle": the name describes another car
_YEN = prefilter_compile(r"\byen\b|JP¥")
_INDIAN = fast_compile(r"₹|\bRs\.?\s?\d|\bINR\b|\bcrores?\b|\blakhs?\b|(?<![\d,])\d{1,2},\d\d,\d\d\d\b")
_YUAN = fast_compile(r"\b(?:yuan|renminbi|Rmb|RMB|CNY)|RMB|CN¥")
_PERIOD_WORD = fast_compile(
    r"quarter|half|last year|this year|fiscal|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
    r"\b(?:Q[1-4]|[1-4]Q|H[12]|[12]H)"
)


_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.]+|[A-Z]{2,})(?:[ -](?:[A-Z][A-Za-z.]+|[A-Z]{2,})){0,2}(?:\s*\([^)]{1,30}\))?"
    r"(?:\s*\[[^\]]{1,20}\])?(?:,\s*\(?[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?\)?){0,2}(?:\s*\([^)]{1,30}\))?\s*(?::|--|[—–-])"
)


_MAKER_OF = re.compile(r"\b(?:maker|manufacturer|producer|automaker|carmaker)s?\s+of\s+(?:the\s+)?$", re.I)


def _maker_of(text: str, m: Mention, registry: Registry) -> Mention:
    """ "the manufacturer of Nexon": the model's maker, named by the model."""
    if m.kind != "model" or not _MAKER_OF.search(text, max(0, m.start - 30), m.start):
        return m
    for slug in registry.ancestors(m.id):
        ent = registry.get(slug)
        if ent is not None and ent.kind in ("company", "brand"):
            return Mention(m.start, m.end, ent.id, ent.kind, m.text)
    return m


def _stock_doc(text: str, lex: Lexicon) -> bool:
    """A market report: stock talk throughout and no sales talk ("Toyota Motor rose 5.35% to become the
    biggest boost for the Nikkei", "Stellantis declined 4%"): a maker's bare move is its shares'."""
    stock = len(lex.find("stock", text))
    if stock < 4:
        return False
    sales = sum(1 for _s, _e, m in lex.triggers(text[:20000]) if m in VOLUME_METRICS)
    return sales * 3 <= stock  # a passing "selling" or "manufacturing" in a market report stays one


_MOVE_AFTER_NAME = re.compile(
    r"(?:\s*\([^()]{0,20}\))?(?:\s+(?:Corp|Co|Inc|Ltd)\.?)?(?:\s+[A-Z0-9]{2,6},\s*[-+−][\d.]+%(?:\[\d+\])?)?"
    r"\s+(?:shares\s+)?(?:was\s+|were\s+|ended\s+)?(?P<verb>rose|fell|gained|added|lost|declined|dropped|climbed|"
    r"jumped|slipped|slid|surged|soared|tumbled|sank|plunged|advanced|tanked|slumped|rallied|"
    r"(?<=was\s)(?:up|down)|(?<=were\s)(?:up|down)|"
    r"(?<=ended\s)(?:up|down)|rising|falling|gaining|adding|losing|declining|dropping|climbing|jumping|slipping|"
    r"sliding|surging|soaring|tumbling|sinking|plunging|advancing)\s+"
    r"(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|roughly\s+)?"
)


def _maker_moved(sent: str, q: Quantity, mentions: list[Mention]) -> str | None:
    """ "Toyota Motor rose 5.35%": the verb that moved this figure, right after a maker; else None."""
    for m in mentions:
        if m.kind in MAKER_KINDS and (moved := _MOVE_AFTER_NAME.fullmatch(sent, m.end, q.start)):
            return moved["verb"]
    return None


def _without_dateline(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "New Delhi: In February, ...", "TOKYO, Japan — Toyota said ...": where the story was filed is no
    market it reports on. A lone country as a label ("China: EV sales rose 30%") stays."""
    m = _DATELINE.match(text)
    if m is None:
        return mentions
    inside = [x for x in mentions if x.end <= m.end()]
    if not inside or any(x.kind in MAKER_KINDS for x in inside):
        return mentions
    if (
        len(inside) == 1
        and inside[0].kind == "country"
        and re.fullmatch(r"\s*:", text[inside[0].end : m.end()])
    ):
        return mentions
    return [x for x in mentions if x.end > m.end()]


def extract_doc_claims(
    text: str,
    sentences: list[tuple[int, int]],
    mentions: list[Mention],
    published: dt.date | None,
    lexicon: Lexicon,
    registry: Registry,
    trace: list[tuple[int, int, str]] | None = None,
    hint: str | None = None,
) -> list[dict]:
    """Every claim of an article: `sentences` are (start, end) offsets, `mentions` registry matches;
    `trace`, when a list, receives (start, end, fate) of every figure considered; `hint`, the
    headline or URL, names the maker and the year of a text that names neither, and the country "our
    country" stands for."""
    mentions = [m for m in mentions if not (m.kind in MAKER_KINDS and _DESCRIPTOR_AFTER.match(text, m.end))]
    mentions = _without_dateline(text, mentions)
    mentions = [_maker_of(text, m, registry) for m in mentions]
    state = DocState(
        published,
        lexicon,
        registry,
        PeriodContext(
            published,
            _article_year(text, published, hint),
            review_year=review_year(text, published),
        ),
        text=text,
        trace=trace,
    )
    state.yen = bool(_YEN.search(text)) and not _YUAN.search(text)
    state.indian = bool(_INDIAN.search(text))
    state.market_codes = registry.market_codes
    maker_counts = Counter(m.id for m in mentions if m.kind in ("company", "brand"))
    model_makers = Counter(
        next(
            (
                a
                for a in registry.ancestors(m.id)
                if (e := registry.get(a)) and e.kind in ("company", "brand")
            ),
            m.id,
        )
        for m in mentions
        if m.kind == "model"
    )  # the makers of the models named, for a text that names no maker itself
    if maker_counts:
        top = maker_counts.most_common(1)[0][0]
        state.default_maker = next(m for m in mentions if m.id == top)
    elif hint and (slug := registry.maker_in_hint(hint)):
        ent = registry.get(slug)  # a release whose maker (company or brand) is named only in its headline
        state.default_maker = Mention(-1, -1, ent.id, ent.kind, ent.name)
    elif model_makers and (ent := registry.get(model_makers.most_common(1)[0][0])) is not None:
        # "Cybercab, Tesla Semi, and Megapack 3 on track": a text that names the maker only in its models
        state.default_maker = Mention(-1, -1, ent.id, ent.kind, ent.name)
    first_market = next((m.id for m in mentions if m.kind == "country"), None)
    if first_market is None and state.default_maker is not None:
        ent = registry.get(state.default_maker.id)
        code = ent.country if ent else None
        first_market = next((i for i, c in state.market_codes.items() if c == code), None)
        state.home_market_only = first_market is not None  # no market named: only the maker's home
    if first_market is None:
        first_market = body_market(text, registry)  # "CPCA data showed NEV retail sales of 990,000 in March"
    state.default_market = first_market
    state.home_market = (registry.market_in_hint(hint, DEMONYMS) if hint else None) or first_market
    state.indian = state.indian or first_market == "in"  # an article on India's market counts April to March
    state.yen = (
        state.yen or first_market == "jp" and not _YUAN.search(text)
    )  # "¥3.63 million" in a story on Japan
    first_maker = min((m.start for m in mentions if m.kind in MAKER_KINDS), default=len(text))
    state.body_leads = body_market(text[:first_maker], registry) is not None
    lead = _leading_market(text[:first_maker], mentions)
    if lead is not None:  # "October was a decisive month for the French car market.": figures until a maker
        state.body_leads, state.default_market = True, lead  # is named are that market's
    anchor_quarter(text, state)
    state.stock_doc = _stock_doc(text, lexicon)
    state.named = {m.id for m in mentions if m.kind in MAKER_KINDS}
    auto_words = sum(1 for _ in itertools.islice(_AUTO_WORDS.finditer(text), 4))
    # vehicle words throughout, or a few beside three makers or more ("Tesla ... Mercedes-Benz (6,904
    # units) and BMW (6,610 units)" after "32,834 newly registered imported passenger cars")
    state.auto_doc = auto_words >= 4 or auto_words >= 2 and len(state.named) >= 3
    if state.default_maker is not None and state.default_maker.start < 0:
        state.named.add(state.default_maker.id)  # named by the headline
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
        found = sentence_claims(text[s:e], s, local, state)
        out.extend(found)
        state.prev_sent = "" if found else text[s:e]  # a sentence that named a measure without a figure
    return _first_comparisons(out)


_SAME_COMPARISON = ("subject", "metric", "relation", "object", "period_start", "period_end", "modality")


def _first_comparisons(claims: list[dict]) -> list[dict]:
    """An article that makes the same comparison twice for the same period ("BYD outsold Tesla in
    April" in two sentences) makes one claim: the first sentence keeps it. A headline's undated
    comparison and the body's dated one stay two claims."""
    seen: set[tuple] = set()
    out = []
    for c in claims:
        if c["relation"] is not None and c["value_low"] is None:
            key = tuple(c[k] for k in _SAME_COMPARISON)
            if key in seen:
                continue
            seen.add(key)
        out.append(c)
    return out


def sentence_claims(sent: str, offset: int, mentions: list[Mention], state: DocState) -> list[dict]:
    """The claims of one sentence (`offset` is its start in the article); updates `state`."""
    lex = state.lexicon
    label = _LABEL_LINE.match(sent)  # "Xpeng P7: 4,634 (down 38% year-over-year)", a line of a list
    bullet = bool(_BULLET.match(sent)) or label is not None
    if not bullet:
        state.list_modality = _list_modality(sent, lex)
        state.list_metric = _list_metric(sent, lex)
    candidate = _DIGIT.search(sent) is not None or _CANDIDATE.search(sent) is not None
    compares = (
        not candidate and _may_compare(sent, lex) and any(rx.search(sent) for rx in _comparative_rx(lex))
    )
    hint = candidate or _UNIT_HINT.search(sent) is not None
    triggers = _outside_asides(sent, lex.triggers(sent)) if compares or hint else []
    if not triggers and not compares and not hint:
        update_focus(mentions, [], state, sent)
        if _PERIOD_WORD.search(sent):
            periods = _periods(sent, mentions)
            update_period([], periods, resolve_all(periods, state), state)
        state.stock_sentences_left = 1 if lex.find("stock", sent) else max(0, state.stock_sentences_left - 1)
        return []
    periods = _periods(sent, mentions)
    resolved = resolve_all(periods, state)
    qs = sentence_quantities(
        sent, lex, [(p.start, p.end) for p in periods], [(m.start, m.end) for m in mentions]
    )  # "IONIQ 5 sales": a model name
    qs = [_counted_by_name(sent, q, mentions) for q in qs]
    if state.indian:
        qs = [_rupees(q) for q in qs]
    state.counted = [
        m for q in qs for m in counted_names(sent, q, mentions) if not single_count(sent, q, mentions)
    ]
    unit_kind = lex.derived("unit_kind", _unit_kinds)
    items = _with_conversions(qs, sent)
    respectively = "respectively" in sent
    shared_subjects: dict[tuple, list[Figure]] = {}
    stock = state.stock_sentences_left > 0 or bool(lex.find("stock", sent))
    claims: list[dict] = []
    used_right: set[int] = set()
    prev_by_group: dict[str, Figure] = {}
    prev_any: Figure | None = None
    pairs = _paired_metrics(sent, items, triggers, unit_kind)
    prev_subjects: dict[str, tuple[list[Mention], int]] = {}  # group → the last figure's subjects, its end
    no_claim_before: set[str] = set()  # groups whose last figure in this sentence was no claim
    modalities: dict[int, str] = {}  # id(quantity) → its modality, asked again for every other figure
    spans: dict[int, tuple[int, int]] = {}  # id(claim) → its figure's span in the sentence
    for it in items:
        q = it.q
        group = _group(q)
        if group is None:
            continue
        left = sent[max(0, q.start - 90) : q.start]
        if group in no_claim_before and earlier_level(left):
            _trace(state, offset, q, "the earlier level of a figure that is no claim")
            continue  # "The BEV share of total deliveries reached 5.6%, up from 3.4%"
        no_claim_before.discard(group)
        if is_dropped(sent, it, lex, triggers, mentions):
            _trace(state, offset, q, "dropped: not a claim (difference, target, charging...)")
            no_claim_before.add(group)
            continue
        prev = prev_by_group.get(group)
        moved = (
            _maker_moved(sent, q, mentions)
            if q.kind == "percent"
            and (state.stock_doc or state.last_metric.get("percent") == "share_price_change")
            else None
        )  # "Rivian tanked 25% ... Lucid sank 9% as its production forecast ...": after a share move, another
        assign_metric(
            sent,
            it,
            prev,
            prev_any,
            triggers,
            unit_kind,
            stock or moved is not None,
            lex,
            state.last_volume_metric,
            mentions,
            state.volume_metric,
        )
        if moved is not None and it.metric not in (None, NONE_METRIC):
            # "General Motors sank 6.8 per cent for one of the market's sharper losses": the shares', signed by
            # the verb right before the figure
            it.metric, it.change = "share_price_change", True
            it.sign = -1 if q.low > 0 and lex.cue("change", moved) == "down" else 1
        if (
            it.metric is None
            and prev_any is None
            and state.last_level_metric
            and q.kind == "percent"
            and (restated := RESTATED_LEVEL.fullmatch(sent, 0, q.start))
            and (restated.group("verb") or _FRAGMENT_END.fullmatch(sent, q.end))  # "Just 40 percent."
        ):
            it.metric = (
                state.last_level_metric
            )  # "Tata owned 73 percent of this market. Last year, it was 62 percent."
        paired = pairs.get(id(it))
        if paired is not None and it.metric is not None and it.metric != NONE_METRIC:
            it.metric = (
                paired  # "production and sales ... amounted to 2.794 million units and 2.904 million units"
            )
        if it.metric in (None, "market_share?") and (
            _FIGURE_ANAPHOR.search(sent, 0, q.start)
            or group == "percent"
            and _RANKED_WITH.search(sent, 0, q.start)
            or _EXPECTED_OF.search(sent, 0, q.start)
            or prev is not None
            and (
                _IT_LEVEL.search(sent, max(0, q.start - 40), q.start)
                or any(_PERIOD_BRACKET.fullmatch(sent, p.end, q.start) for p in periods)
                or any(
                    labels_figure(sent, p.start, p.end, q.start) for p in periods
                )  # "rose by 19% to €37.7 billion (Q3 2021: €31.6 billion)"
            )  # "grew to 1.7% in 2022, surpassing 2021 (0.6%)": that period's level of the same figure
        ):
            # "The SMMT anticipates the figure will rise to nearly 23%", "LG Energy Solution came third with 10.8%"
            before = prev if prev is not None and not prev.change else None  # this sentence's figure first
            it.metric = before.metric if before is not None else state.last_metric.get(group, it.metric)
        elif (
            it.metric is None
            and it.change
            and q.kind == "percent"
            and state.last_base_metric
            and _THIS_CHANGE.search(sent, 0, q.start)
        ):  # "Revenue reached 8.2 trillion won. This represented a 6.3 percent decrease": that figure's change
            it.metric = state.last_base_metric
        elif (
            it.metric is None
            and prev is not None
            and not prev.change
            and _CONTRAST_LEVEL.fullmatch(sent, prev.end, q.start)
            and not any(prev.end <= ts < q.start for ts, _te, _m in triggers)
        ):
            it.metric = (
                prev.metric
            )  # "an EV averaged $61,702 in 2023, while all other vehicles stood at $47,450"
        elif it.metric is None and prev is not None and _VERSUS_ESTIMATE.fullmatch(sent, prev.end, q.start):
            it.metric = (
                prev.metric
            )  # "generated $1.158 billion, versus an analyst consensus forecast of $1.165 billion"
        if it.metric is None and q.kind == "percent" and (inline := _inline_list_change(sent, q.start, lex)):
            metric = (
                state.volume_metric()
            )  # "the largest markets recorded gains: Spain (16.4%), Germany (12.8%)"
            if metric:
                it.metric, it.change = metric, True
                it.sign = -1 if inline == "down" and q.low > 0 else 1
        if (
            it.metric is None
            and q.kind == "percent"
            and state.last_metric.get("percent") == "market_share"
            and any(
                m.kind in MAKER_KINDS and _BRACKET_AFTER_NAME.fullmatch(sent, m.end, q.start)
                for m in mentions
            )
        ):
            it.metric = (
                "market_share"  # after shares: "far from Tesla (57.4%), it surpassed GM's Chevy (5.9%)"
            )
        if (
            it.metric is None
            and q.kind in ("vehicles", "bare")
            and any(
                m.kind in MAKER_KINDS and _BRACKET_AFTER_NAME.fullmatch(sent, m.end, q.start)
                for m in mentions
            )
            and sum(1 for m in mentions if m.kind in MAKER_KINDS and _BRACKETED_COUNT.match(sent, m.end)) >= 2
            and (metric := state.volume_metric())
        ):
            it.metric = metric  # after sales: "Behind the top five came Ford (2 499), Renault (2 112) and Kia (1 843)"
        if (
            it.metric is None
            and label is not None
            and not state.list_metric
            and q.kind in ("vehicles", "bare")
            and q.start <= label.end()
            and (_TOTAL_LABEL.fullmatch(label["label"]) or any(m.end <= label.end("label") for m in mentions))
        ):
            it.metric = (
                state.volume_metric()
            )  # "So far this year, XPeng car sales exceeded 98,000. Xpeng P7: 52,186"
        if (
            it.metric is None
            and bullet
            and state.list_metric
            and state.list_metric[0] == "vehicle_price"
            and q.kind == "currency"
        ):
            it.metric = "vehicle_price"
        if (
            it.metric is None
            and bullet
            and state.list_metric
            and state.list_metric[0] != "vehicle_price"
            and q.kind in ("percent", "vehicles", "bare")
        ):
            metric, direction = state.list_metric  # "... surged in many provinces: - Ontario (+210.7%)"
            if q.kind == "percent":
                it.change = True
                it.sign = -1 if direction == "down" and q.low > 0 else 1
            it.metric = metric
        if (
            it.metric is None
            and it.change
            and q.kind == "percent"
            and not triggers
            and _MARKET_AS_SUBJECT.search(sent, 0, q.start)
            and (metric := state.volume_metric())
        ):  # "the EV space collectively saw a 257 percent year-on-year growth": the market's volume
            it.metric = metric
        if (
            it.metric is None
            and prev_any is None
            and q.kind == "percent"
            and _PRONOUN_OPENING.match(sent)
            and state.prev_sent
            and not any(ts < q.start and m != NONE_METRIC for ts, _te, m in triggers)
        ):  # "Its market share has been fluctuating. It fell from a high of 49.8% in May to 28.6%": that share
            named = [m for _s, _e, m in lex.triggers(state.prev_sent) if m in LEVEL_PERCENT_METRICS]
            it.metric = named[-1] if named else None
        if it.metric is None or it.metric == NONE_METRIC:
            _trace(state, offset, q, f"no metric ({it.metric})")
            no_claim_before.add(group)
            continue
        if (
            it.metric == "share_price_change"
            or state.stock_doc
            and it.change
            and not any(max(0, q.start - 40) <= ts < q.start for ts, _te, m in triggers if m != NONE_METRIC)
        ) and index_move(sent, it):  # "Japan's Nikkei was down 1.1%, extending Wednesday's losses" too
            _trace(state, offset, q, "a stock index's move, not a company's shares")
            continue  # "trailing the 17% rise in the S&P 500 Index"
        if q.kind == "percent" and not it.change and it.metric.removesuffix("_growth") in VOLUME_METRICS:
            it.metric = "market_share?"  # "sales of combustion cars fell from 47.6 to 37.5 percent": a share
        if it.metric in COMPANY_SIZED and q.kind == "currency" and _PER_UNIT_AFTER.match(sent, it.end):
            _trace(state, offset, q, "a per-vehicle figure, not a company's revenue or profit")
            continue  # "averaging a loss of $40,525 per vehicle"
        if it.metric in COMPANY_SIZED and q.kind == "currency" and max(abs(q.low), abs(q.high)) < 10_000:
            _trace(state, offset, q, "too small for a company's revenue or profit (a per-share figure)")
            continue  # "compared with RMB1.21" after "earnings per ADS were RMB0.96"
        if it.metric == "vehicle_price" and not it.change and max(abs(q.low), abs(q.high)) < 1000:
            _trace(state, offset, q, "too small for a car's price (a share price, a running cost)")
            continue  # "The stock opened hot jumping from $2.075", "HK$53.25 a share"
        prev_by_group[group] = it
        prev_any = it
        subjects = choose_subjects(sent, it, mentions, state, used_right)
        if (
            len(subjects) == 1
            and subjects[0].id == "global"
            and (sayer := _maker_sayer(sent, mentions)) is not None
        ):
            subjects = [
                sayer
            ]  # "Global vehicle sales ... rose by 66 per cent to 1.93 million units, Toyota said"
        if (
            it.metric == "orders"
            and len(subjects) == 1
            and subjects[0].kind in ("company", "brand")
            and (model := state.recent_model) is not None
            and state.registry.relation(model.id, subjects[0].id) == "child"
            and not any(
                m.kind == "model" or m.id == subjects[0].id and not _SOURCE_BEFORE.search(sent, 0, m.start)
                for m in mentions
            )
            and state.recent_makers.count(model.id) >= state.recent_makers.count(subjects[0].id)
        ):  # "it reached over 10,000 orders in just 4 minutes" in a story about the SU7: the model's; not
            subjects = [
                model
            ]  # "Xiaomi received 88,898 orders", nor Lucid's reservations where Lucid is named more
        if (
            it.change
            and state.last_subject is not None
            and q.kind == "percent"
            and _THIS_OPENING.match(sent)
            and _THIS_CHANGE.search(sent, 0, q.start)
            and not any(m.start < q.start for m in mentions)
        ):
            subjects = [
                state.last_subject
            ]  # "GM sold 46,280 EVs. This represents a growth of over 100%": GM's
        if (
            state.last_subject is not None
            and _PART_OF_LAST.match(sent)
            and not any(m.start < q.start for m in mentions)
            and subjects != [state.last_subject]
            and all(m.kind in MARKET_KINDS for m in subjects)
            and state.last_subject.kind in MAKER_KINDS
        ):  # "Mercedes sold 959,700 vehicles ... Within that, electric vehicles account for 93,400": Mercedes's
            subjects = [state.last_subject]
        if len(subjects) > 1:  # "Hyundai Motor, South Korea's biggest carmaker, said": one maker named twice
            subjects = [m for i, m in enumerate(subjects) if all(x.id != m.id for x in subjects[:i])]
        if (
            len(subjects) == 1
            and _COMBINED.search(sent, subjects[0].end, q.start)
            and len(chain := coordinated(sent, mentions, subjects[0])) > 1
            and (parent := common_parent(chain, state)) is not None
        ):
            subjects = [
                parent
            ]  # "Hyundai Motor and affiliate Kia aim to grow their combined sales to 7.39 million"
        if len(subjects) > 1 and not respectively and _COMBINED.search(sent, subjects[-1].end, q.start):
            parent = common_parent(subjects, state)
            if parent is None:
                _trace(state, offset, q, "a joint figure of several makers")
                continue  # "the Tesla Model 3, Tesla Model Y, and BYD Atto 3, collectively representing 68%"
            subjects = [parent]
        if _GROUP_FIGURE.search(sent, 0, q.start):
            subjects = [_group_of(m, state) for m in subjects]  # "Volkswagen said its Group deliveries rose"
        compared = prev_subjects.get(group)
        if (
            compared
            and _COMPARED_WITH.search(sent, 0, q.start)
            and not any(
                (m.kind in MAKER_KINDS or m.kind in MARKET_KINDS and compared[0][0].kind in MARKET_KINDS)
                and compared[1] <= m.start < it.end + 20
                and state.registry.relation(m.id, compared[0][0].id)
                != "child"  # not its own models, counted with it
                for m in mentions
            )
        ):
            # "margins of 15–20%, against 5–8% for legacy combustion models": the same subject's
            subjects = compared[0]
        last = prev_subjects.get("any")
        if last and (
            _APPOSITIVE_CHANGE.fullmatch(sent[last[1] : q.start])
            or _WITH_TOTAL.fullmatch(sent, last[1], q.start)
            and not any(m.kind in MAKER_KINDS and last[1] <= m.start < it.end for m in mentions)
            or it.change
            and _BRACKETED_CHANGE.fullmatch(sent, last[1], q.start)
            and not any(m.kind in MAKER_KINDS and last[1] <= m.start < q.start for m in mentions)
        ):
            # "Global EV sales hit 9.1 million in the first six months, a 28% increase"; "sold 206,548
            # vehicles outside of Korea (6.2% YoY increase)": the change of that figure, not of the place
            subjects = last[0]
        if (
            subjects
            and subjects[0].kind in MARKET_KINDS
            and state.home_market
            and subjects[0].id != state.home_market
            and _OUR_COUNTRY.search(sent)
            and (home := state.registry.get(state.home_market)) is not None
        ):  # "As for our country, the figures show an increase of 168.6%": the article's own country
            subjects = [Mention(-1, -1, home.id, home.kind, home.name)]
        if it.metric == "market_share?":
            it.metric = "market_share" if subjects and subjects[0].kind in MARKET_KINDS else None
        if not subjects or it.metric is None:
            _trace(state, offset, q, f"no subject ({it.metric})")
            continue
        if it.metric == "market_share" and region_part_of_own_sales(sent, it, subjects[0], state):
            _trace(state, offset, q, "a region's part of the maker's own sales, no market share")
            continue
        if (
            it.metric == "market_share"
            and subjects[0].kind in MAKER_KINDS
            and (
                _own_mix(sent, it, lex, mentions)
                or subjects[0].kind == "model"
                and state.default_maker is not None
                and state.default_maker.id in state.registry.ancestors(subjects[0].id)
                and _COUNT_BRACKET.search(sent, max(0, q.start - 30), q.start) is not None
            )
        ):  # "- Mona M03: 14,886 units (40.53% of total)" in a report on XPeng's deliveries: its own mix
            _trace(state, offset, q, "a part of the maker's own sales, no market share")
            continue  # "The share of Recharge models reached 58 percent of overall sales", "(72% of the total)"
        if not (state.auto_doc or _AUTO_WORDS.search(sent)) and (
            subjects[0].kind in MARKET_KINDS
            or subjects[0].id not in state.named
            and not state.named.intersection(state.registry.ancestors(subjects[0].id))
        ):
            _trace(state, offset, q, "not about vehicles")
            continue  # a figure in an article that is not about vehicles (housing, smartphones, trade)
        if len(subjects) > 1 and respectively:
            key = tuple(m.id for m in subjects)
            k = shared_subjects.setdefault((key, group, it.change), [])
            k.append(it)
            if len(k) <= len(subjects):
                subjects = [subjects[len(k) - 1]]  # "NIO and XPeng delivered 20,000 and 30,000, respectively"
        modality = _modality(sent, q, lex, modalities)
        if (
            modality == "forecast"
            and it.metric == "vehicle_price"
            and not it.change
            and _ANNOUNCED_PRICE.search(sent, max(0, q.start - 160), q.start)
        ):
            modality = "reported"  # "will now be priced at 299,900 yuan": a price set, not a forecast
        if (
            modality == "forecast"
            and it.metric == "share_price_change"
            and not _FORWARD_MOVE.search(sent, max(0, q.start - 60), q.start)
        ):
            modality = (
                "reported"  # "lowered price targets ... sent Tesla's shares down nearly 3%": a move made
            )
        if modality == "reported" and bullet and state.list_modality:
            modality = state.list_modality  # "Here are the estimates: - Baird: 493,200 deliveries"
        ahead = "forecast" if modality == "estimate" and is_forward(sent, q, lex) else modality
        respective = _respective_period(sent, it, items, periods, resolved) if respectively else None
        period, ptext = respective or period_for(
            it, periods, resolved, state, ahead, sent, items, subjects[0]
        )
        if (
            modality != "reported"
            and (
                ptext is None
                or _UNDATED_YEAR.fullmatch(ptext)
                or modality == "estimate"
                and not _YEAR_WRITTEN.search(ptext)
                and _EXPECTATION.search(sent)
            )
            and not any(x is not it and _modality(sent, x.q, lex, modalities) == "reported" for x in items)
        ):  # an estimate beside a reported figure ("beat the consensus of ...") is for the same period
            period = _period_to_come(period, state.periods.published)
        fields = {
            "qualifier": q.qualifier
            or qualifier_of(left, it.metric, lex, sent[it.end : it.end + 50])
            or "exact",
            "period_start": period[0].isoformat() if period[0] else None,
            "period_end": period[1].isoformat() if period[1] else None,
            "period_text": ptext,
            "geography": geography_of(sent, mentions, subjects[0], state, q.start),
            "modality": modality,
            "segment": segment_of(sent, it, subjects[0], lex),
            "sentence": sent,
            "start_char": offset,
            "end_char": offset + len(sent),
        }
        bases = bases_for(sent, it, periods, resolved, period, lex) if it.change and not it.price else [None]
        if state.trace is not None:  # the fate's text is built only for a caller that asked
            _trace(state, offset, q, f"claim {it.metric} of {[m.id for m in subjects]}")
        prev_subjects[group] = prev_subjects["any"] = (subjects, it.end)
        flat = None if it.change else _FLAT_AT.search(left)
        for subj in subjects:
            for basis in bases:
                claims.append(_claim(it, subj, basis, fields, confidence_of(it, subj, mentions, period)))
                spans[id(claims[-1])] = (q.start, q.end)
            if flat is not None:  # "deliveries remain flat at 41,000 units": no change, about 0%
                claims.append(_flat_change(claims[-1], "yoy" if flat.group("yoy") else None))
    yen_here = "¥" in sent and not _YUAN.search(sent)
    for c in (
        claims
    ):  # "¥" in an article that counts in yen, or in a Japanese company's figure ("¥195.63 billion")
        if c["unit"] == "CNY" and (state.yen or yen_here and _japanese(c["subject"], state)):
            c["unit"] = "JPY"
    claims = _without_passed_thresholds(claims)
    claims = _both_metrics(sent, claims, triggers)
    _past_levels_reported(sent, claims, spans, state.periods.published)
    _change_then_share(sent, claims, spans, state)
    _stocks_at_a_date(sent, claims, state.periods.published)
    own = [r if dates_figures(p) else (None, None) for p, r in zip(periods, resolved, strict=True)]
    claims.extend(comparative_claims(sent, offset, mentions, qs, triggers, own, state, periods))
    for c in claims:
        if c["relation"] is None and c["value_low"] is not None:
            state.last_metric[_unit_group(c["unit"])] = c["metric"].removesuffix("_growth")
            state.last_base_metric = c["metric"].removesuffix("_growth")
            state.last_subject = claim_subject(c, state)
    update_focus(mentions, claims, state, sent)
    state.stock_sentences_left = 1 if lex.find("stock", sent) else max(0, state.stock_sentences_left - 1)
    update_period([c for c in claims if c["metric"] not in NO_CONTEXT], periods, resolved, state)
    for c in claims:
        if c["period_end"] and c["period_text"] and c["modality"] == "reported":
            end = dt.date.fromisoformat(c["period_end"])
            if state.periods.last_end is None or end > state.periods.last_end:
                state.periods.last_end = end
    return claims


_PAST_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:(?:it|they|the\s+company)\s+)?(?:made|sold|produced|built|delivered|recorded|"
    r"registered|reported)\b",
    re.I,
)


_TO_TAKE_A_SHARE = re.compile(
    r"\s*(?:percent|per\s+cent)?\s*,?\s*(?:to\s+(?:take|account\s+for|reach|hold|capture|claim)|resulting\s+in|giving\s+"
    r"(?:it|them)|and\s+took|taking|with)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:market\s+share\s+of\s+)?$",
    re.I,
)


def _change_then_share(
    sent: str, claims: list[dict], spans: dict[int, tuple[int, int]], state: DocState
) -> None:
    """ "PHEVs were up 50.9 per cent to take a 6.8 per cent market share": the change is of the kind's volume,
    the share only its result."""
    shares = [spans[id(c)] for c in claims if c["metric"] == "market_share" and id(c) in spans]
    for c in claims:
        if c["metric"] != "market_share_growth" or c["unit"] != "percent" or id(c) not in spans:
            continue
        end = spans[id(c)][1]
        if any(_TO_TAKE_A_SHARE.fullmatch(sent, end, s) for s, _e in shares):
            c["metric"] = f"{state.volume_metric() or 'sales_volume'}_growth"


_SOURCE_BEFORE = re.compile(
    r"\b(?:from|by|according\s+to)\s+(?:the\s+)?$", re.I
)  # "data from Xiaomi": a source


_CRORE = re.compile(r"\bcrores?\b", re.I)


def _rupees(q: Quantity) -> Quantity:
    """ "revenue from operations reduced to 470 crore" in an article that counts in rupees: a crore amount
    named without a currency is rupees (vehicle counts run in lakh, "1.2 lakh units", not crore)."""
    if q.kind == "bare" and _CRORE.search(q.text):
        return replace(q, kind="currency", unit="INR", currency="INR")
    return q


def _past_levels_reported(
    sent: str, claims: list[dict], spans: dict[int, tuple[int, int]], published: dt.date | None
) -> None:
    """A forecast's base, dated before the outlook's own period and already past ("expects to make 9,000
    vehicles in 2024, about 7% more than the 8,428 it made in 2023", "expects sales to reach 900,000 in 2025,
    up slightly from 865,723 in 2024"), is a reported level."""
    dated = [c for c in claims if c["modality"] == "forecast" and c["period_text"] and c["period_start"]]
    if len(dated) < 2:
        return
    latest = max(c["period_start"] for c in dated)
    for c in dated:
        end = c["period_end"]
        at, to = spans.get(id(c), (-1, -1))
        if not end or end >= latest or at < 0 or not BARE_BASE_BEFORE.search(sent, max(0, at - 30), at):
            continue
        past = published is not None and end < published.isoformat()
        if past or _PAST_AFTER.match(sent, to):
            c["modality"] = "reported"


_STOCK = re.compile(
    r"\bon\s+(?:the|its|their|our)\s+(?:road|roads|street|streets)\b|\bin\s+(?:circulation|use|operation)\b|\b(?:plug-in\s+)?car\s+stock\b|"
    r"\b(?:accumulated|cumulative)\s+number\b|\bthe\s+fleet\s+of\b|"
    r"\b\d[\d,.]*\s*(?:million\s+)?registered\s+(?:electric\s+|battery[\s-]electric\s+)?(?:EVs|vehicles|cars)\b|"
    r"\b(?:EVs|vehicles|cars)\s+registered\s+(?:in\s+[\w. ]+\s+)?as\s+of\b",
    re.I,
)  # "7,961 electric vehicles on the road as of end-May", "1,256,646 registered electric vehicles": a stock
_NOW = re.compile(r"\b(?:currently|now|today)\b", re.I)  # a stock counted at the article's date
_SOLD = re.compile(r"\b(?:sold|sales?|sell(?:s|ing)?|deliver(?:ed|ies)?)\b", re.I)
_NEW_VEHICLES = re.compile(r"\bnew(?:ly)?\b|\blast\s+month\b|\bmonthly\b", re.I)
_AT_A_DATE = re.compile(r"\bas\s+of\b|\bend\b|\bby\b|\bcurrently\b|^(?:in\s+)?(?:19|20)\d\d$", re.I)


def _stocks_at_a_date(sent: str, claims: list[dict], published: dt.date | None) -> None:
    """A market's count of vehicles registered and still on the road is a stock at a date, not a flow over
    a period: it keeps only its end (the date named, else the article's). Not "486 new electric cars were
    registered in July" nor "new e-cars on the road": those are a period's registrations."""
    if not _STOCK.search(sent) or _NEW_VEHICLES.search(sent):
        return
    now = published is not None and _NOW.search(sent) is not None
    for c in claims:
        if (
            c["metric"] == "sales_volume"
            and c["relation"] is None
            and c["subject_kind"] in ("country", "region")
            and not _SOLD.search(sent)
        ):  # "Colorado currently has 138,060 EVs (...) on its roads": the fleet, not a period's sales
            c["metric"] = "registrations"
        if (
            c["metric"] == "registrations"
            and c["relation"] is None
            and c["subject_kind"] in ("country", "region")
            and (c["period_text"] is None or _AT_A_DATE.search(c["period_text"]))
        ):
            c["period_end"] = (
                published.isoformat()
                if now
                else c["period_end"] or (published.isoformat() if published else None)
            )
            c["period_start"] = None


def _modality(sent: str, q: Quantity, lex: Lexicon, memo: dict[int, str]) -> str:
    """`modality_of`, worked out once per figure of the sentence (`memo` is keyed by `id(q)`): an
    estimate asks for the modality of every other figure beside it."""
    found = memo.get(id(q))
    if found is None:
        found = memo[id(q)] = modality_of(sent, q, lex)
    return found


def _unit_kinds(lex: Lexicon) -> dict[str, str]:
    """metric → the unit kind its figures take ("vehicles", "currency", ...), from the lexicon."""
    return {t.metric: t.unit_kind for t in lex.metrics}


def _article_year(text: str, published: dt.date | None, hint: str | None) -> int | None:
    """The year an undated text reports on: its own years (`anchor_year`), unless its headline or URL
    names a year just before them ("...-profits-fall-in-q3-2024" over a text that looks ahead to "the
    second half of 2026"): what a text names beside its report runs later, rarely earlier."""
    text_year, slug_year = anchor_year(text, published), hint_year(hint, published)
    if text_year is None:
        return slug_year
    if slug_year is not None and text_year - 2 <= slug_year < text_year:
        return slug_year
    return text_year


def _trace(state: DocState, offset: int, q: Quantity, fate: str) -> None:
    """Say what became of a figure, when the caller asked for a trace (`DocState.trace`)."""
    if state.trace is not None:
        state.trace.append((offset + q.start, offset + q.end, fate))


def _periods(sent: str, mentions: list[Mention]) -> list:
    """The sentence's period mentions, less those inside a name ("Audi Q4 e-tron", "Haval H6")."""
    return [p for p in find_periods(sent) if not any(m.start < p.end and p.start < m.end for m in mentions)]


_COMPARE_STEMS: dict[int, tuple[str, ...]] = {}


def _may_compare(sent: str, lex: Lexicon) -> bool:
    """Cheap prefilter: a sentence without the first four letters of any comparative cue has none."""
    stems = _COMPARE_STEMS.get(id(lex))
    if stems is None:
        phrases = [p for kind in ("comparative", "comparative_lead") for _v, p in lex.cues.get(kind, [])]
        stems = _COMPARE_STEMS[id(lex)] = tuple(sorted({p.lower()[:4] for p in phrases}))
    low = sent.lower()
    return any(st in low for st in stems)


def _comparative_rx(lex: Lexicon) -> list:
    """The lexicon's comparative cue regexes ("outpaced", "ahead of"): they open the sentence gate too."""
    return [rx for kind in ("comparative", "comparative_lead") if (rx := lex.cue_regex.get(kind)) is not None]


_FLAT_AT = prefilter_compile(
    r"\b(?:flat|unchanged)\s+(?:(?P<yoy>year[\s-]on[\s-]year|from\s+a\s+year\s+(?:earlier|ago))\s+)?at\s+"
    r"(?:about\s+|around\s+|roughly\s+)?(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)


def _flat_change(level: dict, basis: str | None) -> dict:
    """The change a level held "flat at" states: 0%, approximately, of the same metric and period."""
    c = dict(level)
    metric = level["metric"]
    c.update(
        metric=metric if metric.endswith("_growth") else f"{metric}_growth",
        value_low=0.0,
        value_high=0.0,
        unit="percent",
        qualifier="approx",
        basis=basis,
    )
    return c


def _claim(it: Figure, subj: Mention, basis: str | None, fields: dict, confidence: float) -> dict:
    """A claim record from a figure whose metric, sign and change flag are settled."""
    q = it.q
    low, high = q.low * it.sign, q.high * it.sign
    low, high = min(low, high), max(low, high)
    metric = it.metric
    if it.change and metric not in METRIC_CLASSES["own_change"] and not metric.endswith("_growth"):
        metric = f"{metric}_growth"
    unit = q.unit
    if q.kind in ("fraction", "multiplier") or it.change and unit == "vehicles":
        unit = "percent"
    elif q.kind == "bare":
        unit = "vehicles"
    c = empty_claim()
    c.update(fields)
    c.update(
        subject=subj.id,
        subject_text=subj.text,
        subject_kind=subj.kind,
        metric=metric,
        value_low=float(low),
        value_high=float(high),
        unit=unit,
        basis=basis if metric.endswith("_growth") else None,
        relation=None,
        object=None,
        confidence=confidence,
    )
    return c


def _counted_by_name(sent: str, q: Quantity, mentions: list[Mention]) -> Quantity:
    """A bare number followed by the names it counts is a count of vehicles."""
    if q.kind != "bare" or q.low < 2 or not counted_names(sent, q, mentions):
        return q
    return replace(q, kind="vehicles", unit="vehicles")


_MARKET_WORDS = r"(?:new[-\s])?(?:car|auto|automotive|vehicle|EV|electric[-\s]car|electric[-\s]vehicle|passenger[-\s]car)\s+(?:market|sector|industry)"
_DEMONYM_MARKET = prefilter_compile(
    r"\b(?P<people>"
    + "|".join(sorted((d.title() for d in DEMONYMS if len(d) > 2), key=len, reverse=True))
    + r")\s+(?:"
    + _MARKET_WORDS
    + r"|market)\b"
)  # "the French car market", "the French market"
_DEMONYM_BUYERS = re.compile(
    r"\b(?P<people>"
    + "|".join(sorted((d.title() for d in DEMONYMS if len(d) > 2), key=len, reverse=True))
    + r")\s+(?:car\s+|vehicle\s+|EV\s+)?(?:consumers|buyers|motorists|car\s+buyers|(?:automotive|auto|car|motor)\s+industry)\b"
)  # "South African consumers demonstrated a strong appetite for new passenger vehicles"
_COUNTRY_MARKET_AFTER = re.compile(r"(?:['’]s)\s+" + _MARKET_WORDS + r"\b")
_COUNTRY_MARKET_BEFORE = re.compile(_MARKET_WORDS + r"\s+(?:in|of)\s+(?:the\s+)?$")


def _leading_market(head: str, mentions: list[Mention]) -> str | None:
    """The market an article speaks of as a market before it names any maker ("the French car market",
    "Germany's EV market", "the car market in Spain"), or None."""
    if (m := _DEMONYM_MARKET.search(head) or _DEMONYM_BUYERS.search(head)) is not None:
        return DEMONYMS[m["people"].lower()]
    for m in mentions:
        if (
            m.kind == "country"
            and m.end <= len(head)
            and (
                _COUNTRY_MARKET_AFTER.match(head, m.end)
                or _COUNTRY_MARKET_BEFORE.search(head, max(0, m.start - 40), m.start)
            )
        ):
            return m.id
    return None


_PRICE_LIST = re.compile(
    r"\b(?:(?:now\s+)?available|priced|retails?|sells?|sold|starts?|starting)\s+(?:at|from|for)\s*:\s*$|\bprices?\b[^.]*:\s*$",
    re.I,
)  # a list of prices follows
_FORWARD_MOVE = re.compile(
    r"\b(?:will|would|could|may|might|expected\s+to|set\s+to|likely\s+to|forecast\s+to|upside|downside|"
    r"target(?:s|ed)?\s+(?:of|at|implies|implying)|implied|implies|potential)\b",
    re.I,
)  # a share move still to come ("could fall 20%", "options implied a 12% move"), not one that happened
_BULLET = re.compile(r"\s*[-•*–—]\s")
_LABEL_LINE = re.compile(r"\s*(?P<label>[^\n:.;,()]{1,40}?)\s*:\s*(?:about\s+|around\s+)?[+-]?[\d$€£¥]")
_TOTAL_LABEL = re.compile(r"(?:Total|Overall|All|Sum)\b.*", re.I)


def _list_modality(sent: str, lex) -> str | None:
    """The modality a sentence introducing a list gives its items ("Here are some of the estimates
    from Wall Street analysts:"), or None."""
    if not sent.rstrip().endswith(":"):
        return None
    found = {v for _s, _e, v in lex.find("modality", sent)}
    return "estimate" if "estimate" in found else "forecast" if "forecast" in found else None


def _inline_list_change(sent: str, at: int, lex) -> str | None:
    """The change direction a clause ending in ":" gives the bracketed figures listed after it ("recorded
    gains: Spain (16.4%), Germany (12.8%)"), or None."""
    colon = sent.rfind(":", 0, at)
    if colon < 0 or not re.search(r"\(\s*[+-]?$", sent[max(0, at - 3) : at]):
        return None
    return next((v for _s, _e, v in lex.find("change", sent[:colon])), None)


def _list_metric(sent: str, lex) -> tuple[str, str | None] | None:
    """The volume metric a sentence introducing a list gives its items, with the change direction it
    names ("Looking at registrations year-over-year, ZEVs surged in many provinces:"), or None."""
    if not sent.rstrip().endswith(":"):
        return None
    metric = next((m for _s, _e, m in lex.triggers(sent) if m in VOLUME_METRICS), None)
    if metric is None and _PRICE_LIST.search(sent):
        return (
            "vehicle_price",
            None,
        )  # "The lower-priced Model 3 Standard ... is now available at: - €37,970 in Germany"
    if metric is None:
        return None
    return metric, next((v for _s, _e, v in lex.find("change", sent)), None)


_EXPECTATION = fast_compile(
    r"\b(?:expect\w*|consensus|calls?\s+for|predict\w*|anticipat\w*|projected?)\b", re.I
)  # an expectation of a result to come, not a data firm's estimate of a past month ("Cox Automotive estimates")
_YEAR_WRITTEN = re.compile(r"\d{2}")  # "fourth-quarter" names no year; "Q4 2024", "FY25" do
_UNDATED_YEAR = re.compile(
    r"(?:the\s+)?(?:annual(?:ly)?|full[\s-]year|(?:for\s+)?the\s+(?:full\s+|whole\s+|entire\s+)?year)", re.I
)


_LIST_GAP = re.compile(r"\s*(?:units?|vehicles|cars)?\s*(?:,\s*(?:and\s+)?|and\s+)")
_RESPECTIVELY_WORD = re.compile(r"\brespectively\b")


def _respective_period(
    sent: str, it: Figure, items: list[Figure], periods: list, resolved: list
) -> tuple[tuple, str] | None:
    """ "totaled 257,726 and 265,475 in January and February respectively": the figure's own period,
    by its place in the list, when as many periods as figures stand between the list and "respectively"."""
    figures = [x for x in items if not x.q.conversion and _group(x.q) == _group(it.q)]
    k = next((i for i, x in enumerate(figures) if x is it), None)
    if k is None:
        return None
    lo = hi = k
    while lo > 0 and _LIST_GAP.fullmatch(sent, figures[lo - 1].end, figures[lo].q.start):
        lo -= 1
    while hi + 1 < len(figures) and _LIST_GAP.fullmatch(sent, figures[hi].end, figures[hi + 1].q.start):
        hi += 1
    end = _RESPECTIVELY_WORD.search(sent, figures[hi].end)
    if lo == hi or end is None:
        return None
    between = [i for i, pm in enumerate(periods) if figures[hi].end <= pm.start and pm.end <= end.start()]
    if len(between) != hi - lo + 1:
        return None
    i = between[k - lo]
    return resolved[i], periods[i].text


def _japanese(slug: str, state: DocState) -> bool:
    ent = state.registry.get(slug)
    return ent is not None and ent.country == "JP"


def _period_to_come(period: Period, published: dt.date | None) -> Period:
    """An estimate or forecast dated only by context (or by "annual"), for a quarter over more than 45
    days (a year more than 90) before the article, is about the one the article is in ("delivery results
    expected next week", "an average estimate for 1.6 million annual deliveries" in late December)."""
    unit = span_unit(period)
    if not published or unit not in ("quarter", "year"):
        return period
    if unit == "year":
        return (
            (dt.date(published.year, 1, 1), dt.date(published.year, 12, 31))
            if (published - period[1]).days > 90
            else period
        )
    if (published - period[1]).days <= 45:
        return period
    return quarter_bounds(published.year, (published.month - 1) // 3 + 1)


_BOTH_BEFORE = re.compile(r"\bboth\s+$", re.I)


def _both_metrics(sent: str, claims: list[dict], triggers) -> list[dict]:
    """ "with both production and sales exceeding 31 million units": one figure, a claim for each metric."""
    out = list(claims)
    for (s1, e1, m1), (s2, _e2, m2) in itertools.pairwise(triggers):
        if m1 == m2 or not _BOTH_BEFORE.search(sent, max(0, s1 - 8), s1) or sent[e1:s2].strip() != "and":
            continue
        for c in claims:
            base, growth = c["metric"].removesuffix("_growth"), c["metric"].endswith("_growth")
            other = {m1: m2, m2: m1}.get(base)
            if other is None or c["relation"] is not None:
                continue
            metric = other + "_growth" if growth else other
            if not any(x["metric"] == metric and x["value_low"] == c["value_low"] for x in out):
                out.append({**c, "metric": metric})
    return out


_OWN_WHOLE = re.compile(
    r"\s*(?:%|percent|per\s+cent)?\s*(?:of|in)\s+(?:the\s+)?(?:(?:company|group|brand|carmaker|automaker)['’]s\s+|"
    r"its\s+|their\s+|overall\s+|total\s+|all\s+)*(?:sales|deliveries|volumes?|total)\b(?!\s+(?:in|of|on)\s)",
    re.I,
)
_PART_HOLDER = re.compile(r"\b(?:models|versions|variants|hybrids|electrics|line-?up|range)\b", re.I)
_COUNT_BRACKET = re.compile(r"\d\s*(?:[A-Za-z-]+\s+)?\(\s*$")
_BRACKET_AFTER_NAME = re.compile(r"\s*\(\s*")
_BRACKETED_COUNT = re.compile(
    r"\s*\(\s*\d[\d,.\s\u00a0]*\)"
)  # "Ford (2 499)": a count in brackets after a name
_SHARE_OF_PART = re.compile(
    r"\bshare\s+of\s+(?:its\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:models|versions|variants|line-?up)\b(?:[^.;]){0,40}$|"
    r"\bshare\s+of\s+(?:[\w-]+\s+){0,3}?in\s+(?:its|their|the\s+(?:company|group|brand)['’]s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:sales|deliveries|volumes?)\b(?:[^.;]){0,40}$",
    re.I,
)
_OWNED_WHOLE = re.compile(r"['’]s\b|\b(?:its|their)\b", re.I)
_MAKER_NOUN = re.compile(
    r"\s*(?:car\s+|vehicle\s+)?(?:brands?|makers?|carmakers?|automakers?|manufacturers?|groups?|companies)\b",
    re.I,
)  # "the fourth best selling electric car brand with 6.7% of sales": the segment names the maker's kind


_MARKET_LED = re.compile(
    r"\b(?:dominated|led|leads|leading|topped|tops)\s+the\s+(?:[\w-]+\s+){0,2}market\b", re.I
)


_OUR_COUNTRY = re.compile(r"\bour\s+(?:country|nation)\b", re.I)


def _own_mix(sent: str, it: Figure, lex, mentions: list[Mention] = ()) -> bool:
    """A share of the maker's own sales held by a part of its range or one of its regions, not a share of
    any market: "the share of Recharge models reached 58% of overall sales", "209,800 vehicles (72% of the
    total)", "new energy vehicles accounting for over 51.6% of sales"."""
    q = it.q
    count = _COUNT_BRACKET.search(sent, max(0, q.start - 30), q.start)
    if (
        count
        and not any(m.start <= count.start() < m.end for m in mentions)  # not "The Fiat 500e (4.7%)"
        and not maker_named_last(
            mentions, count.start()
        )  # not "the Dacia Spring, with 3,291 units sold (8.2%)"
    ):
        return True  # "Europe ... with 58,400 vehicles (59%)": that count's part of the total
    if _SHARE_OF_PART.search(sent, max(0, q.start - 120), q.start):
        return True  # "the share of Recharge models reached 58 percent", "its share of EVs in its 2020 sales to 43.3%"
    whole = _OWN_WHOLE.match(sent, q.end)
    if not whole:
        return False
    head = sent[max(0, q.start - 80) : q.start]
    owned = _OWNED_WHOLE.search(whole.group())  # "of the brand's overall sales": the maker's own sales
    if not owned and _MARKET_LED.search(head):
        return False  # "dominated the EV market with sales of 1,256 units or 78 percent of the total": the market's
    holders = [h for h in lex.find("segment", head) if owned or not _MAKER_NOUN.match(head, h[1])]
    return bool(holders or _PART_HOLDER.search(head))


def _without_passed_thresholds(claims: list[dict]) -> list[dict]:
    """ "exceeded 40,000 units for the first time, reaching 40,169": the round count a figure passed
    is no figure of its own when the sentence then gives the figure itself (within 20% above it). A
    threshold after the figure stays ("30,453 cars, the fourth month in a row above 30,000"), and so
    does a starting price before a price it was cut from."""

    def passed(i: int, c: dict) -> bool:
        return (
            c["qualifier"] == "more_than"
            and c["unit"] == "vehicles"
            and any(
                x["qualifier"] == "exact"
                and (x["subject"], x["metric"], x["unit"], x["period_start"], x["period_end"])
                == (c["subject"], c["metric"], c["unit"], c["period_start"], c["period_end"])
                and c["value_low"] <= x["value_low"] == x["value_high"] <= 1.2 * c["value_low"]
                for x in claims[i + 1 :]
            )
        )

    return [c for i, c in enumerate(claims) if not (c["value_low"] and c["value_low"] > 0 and passed(i, c))]


_PER_UNIT_AFTER = re.compile(
    r"\s*(?:\([^)]{0,30}\)\s*)?(?:per|a|each|for\s+every|on\s+(?:every|each))\s+(?:electric\s+)?"
    r"(?:vehicle|car|unit|EV)s?\b",
    re.I,
)
_COMBINED = re.compile(r"\b(?:combined|together|jointly|collectively)\b", re.I)
_GROUP_FIGURE = prefilter_compile(
    r"\b(?:its|the)\s+Group\b(?!\s+of\b)|\bGroup(?:['’]s)?\s+(?:deliveries|sales|revenue|revenues|profit|"
    r"net\s+profit|operating\s+profit|margin|registrations|production|output)\b|"
    r"(?:['’]s)\s+group\s+(?:deliveries|sales|revenue|revenues|profit|registrations|production|output)\b"
)  # "Group", capitalised, or after a possessive ("Volkswagen's group deliveries"): the company above the brand


def _group_of(m: Mention, state: DocState) -> Mention:
    """The company a brand belongs to, when the sentence speaks of the group's figure."""
    ent = state.registry.get(m.id)
    parent = (
        state.registry.get(ent.parent) if ent is not None and ent.kind == "brand" and ent.parent else None
    )
    if parent is None or parent.kind != "company":
        return m
    return Mention(m.start, m.end, parent.id, parent.kind, m.text)


COMPANY_SIZED = ("revenue", "net_profit")  # a company's figures, never below 10,000 in any currency

_IT_LEVEL = re.compile(
    r"\b(?:it|this|that)\s+(?:had\s+|has\s+)?(?:rose|climbed|increased|grew|fell|dropped|declined|jumped|reached|hit|"
    r"stood|edged\s+up|slipped)\s+(?:to|at)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?$"
)  # "the EV share was 19.3% in September; in October, it rose to 21%": the figure before, again
_PERIOD_BRACKET = re.compile(r"\s*\(\s*")
_CONTRAST_LEVEL = re.compile(
    r"[^.;,]{0,30}?,?\s*(?:while|whereas|but)\s+(?:[\w-]+\s+){1,4}?(?:stood\s+at|averaged(?:\s+at)?|came\s+in\s+at|"
    r"(?:was|were)(?:\s+at)?|reached|totall?ed)\s+(?:about\s+|around\s+|nearly\s+|just\s+)?(?:[$€£¥]|RMB\s?|US\$)?\s*",
    re.I,
)
_VERSUS_ESTIMATE = re.compile(
    r"\s*,?\s*(?:(?:versus|vs\.?|compared\s+(?:with|to)|against)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:consensus|estimates?|expectations?|forecasts?)\b[^.;\d]{0,30}?|"
    r"(?:surpassing|beating|topping|exceeding|missing|above|below|ahead\s+of|short\s+of)\s+(?:the\s+|an?\s+)?"
    r"(?:projected|expected|forecast|estimated|anticipated)\s+)(?:[$€£¥]|RMB\s?|US\$)?\s*",
    re.I,
)
_THIS_CHANGE = fast_compile(
    r"(?:^|[,;]\s*|\b(?:while|whereas|and|but)\s+)(?:this|that|which|it)\s+(?:\w+\s+)?"
    r"(?:represented|represents|marked|marks|was|is|reflected|reflects|amounted\s+to|came\s+to|meant|means)\b",
    re.I,
)
_PART_OF_LAST = re.compile(
    r"\W*(?:Within|Of|Among)\s+(?:that|this|these|those|them|which|the\s+total|this\s+total)\b", re.I
)  # a sentence about a part of the last figure of the one before
_THIS_OPENING = re.compile(r"\s*(?:This|That|It)\b")  # a sentence about the last figure of the one before
_ANNOUNCED_PRICE = re.compile(
    r"\b(?:will|would)\s+now\s+(?:be\s+priced|cost|start|retail|sell\s+for)\b(?:[^.;]|\.(?=\d)){0,30}$|"
    r"\b(?:announced|unveiled|confirmed|revealed)\b[^.;]{0,80}\b(?:will|would)\s+(?:be\s+priced|cost|start|retail|"
    r"sell\s+for)\s+(?:at|from)\s+(?:[$€£¥]|RMB\s?|US\$)?$",
    re.I,
)  # "announced that the SU7 will be priced at 215,900 yuan": a price set; not "It will be priced from about $60,000
# when US sales begin": a launch price still to come
_MARKET_AS_SUBJECT = re.compile(
    r"\b(?:EV|EVs|electric[\s-](?:vehicle|car)|NEV|auto|car|vehicle|automotive|automobile)\s+"
    r"(?:space|segment|market|industry|sector)\b",
    re.I,
)
_PRONOUN_OPENING = re.compile(
    r"\s*(?:It|This|That|The\s+(?:share|figure|rate|margin))\s+(?!is\b|was\b\s+(?:the|a|an)\b)"
)
LEVEL_PERCENT_METRICS = frozenset(("market_share", "gross_margin"))
_SAID_AFTER_NAME = re.compile(r"\s+(?:said|says|reported|announced)\b")


def _maker_sayer(sent: str, mentions: list[Mention]) -> Mention | None:
    """The one maker a sentence names, when it is who said the figures ("..., Toyota said")."""
    makers = [m for m in mentions if m.kind in MAKER_KINDS]
    if len({m.id for m in makers}) == 1 and _SAID_AFTER_NAME.match(sent, makers[-1].end):
        return makers[-1]
    return None


_FIGURE_ANAPHOR = fast_compile(r"\b(?:the|this|that)\s+(?:figure|number|total|proportion|rate|tally)\b", re.I)
_COMPARED_WITH = prefilter_compile(
    r"(?:\bcompared\s+(?:to|with)|\bagainst|\bversus|\bvs\.?)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+)?$",
    re.I,
)
_APPOSITIVE_CHANGE = re.compile(
    r"\s*(?:units?|vehicles|cars|EVs)?(?:\s+(?:of\s+|in\s+|for\s+|during\s+|over\s+)[\w\s-]{0,60}?)?"
    r"(?:\s+(?:were|was|have\s+been|had\s+been)\s+[a-z]+)?\s*,\s*"  # "22,656 units of the Model 3 were sold,"
    r"(?:[^,;.]{0,60}?\b(?:data|figures|statistics)\s+(?:showed|show|shows)\s*,\s*|"
    r"(?:according\s+to|said|says)\b[^,;.]{0,50},\s*)?"
    r"(?:(?:marking|representing|reflecting|which\s+(?:is|was|marks|marked|represents|represented))\s+)?"
    r"(?:a|an|another|up|down|rising|falling|or)\s+(?:(?:gain|rise|increase|decrease|decline|drop|jump|fall|growth)\s+of\s+)?"
    r"(?:about\s+|around\s+|nearly\s+|roughly\s+)?",
    re.I,
)  # "..., a 28% increase", "59.3 per cent of retail sales in November, CPCA data showed, up 8.4 points"
_WITH_TOTAL = re.compile(
    r"\s*(?:units?|vehicles|cars|EVs|percent|per\s+cent)?(?:\s+of\s+[\w\s’'-]{0,30}?)?\s*,\s*with\s+"
    r"(?:a\s+total\s+of|total\s+(?:sales|registrations|deliveries)\s+of)\s+(?:about\s+|around\s+|nearly\s+|some\s+|over\s+)?",
    re.I,
)  # "accounted for 8.8% of June sales, with a total of 11,042 EVs sold": the same subject's count
_BRACKETED_CHANGE = re.compile(
    r"\s*(?:units?|vehicles|cars|EVs)?(?:\s+(?:were|was|have\s+been)\s+[a-z]+)?"
    r"(?:\s+(?:in|outside(?:\s+of)?|abroad|overseas|from|at)\b[^(),;.\d]{0,40}?)?"
    r"\s*\(\s*(?:up|down|a|an|\+|-|−|–)?\s*",
    re.I,
)  # "206,548 vehicles outside of Korea (6.2% YoY increase)": a change in brackets after a level figure
_EXPECTED_OF = prefilter_compile(
    r"\b(?:estimates?|expectations|consensus|forecasts?)\s+(?:of|for)\s+(?:about\s+|around\s+|just\s+over\s+|over\s+|"
    r"more\s+than\s+|nearly\s+)?\S{0,4}$|"
    r"\b(?:analysts?|economists|Wall\s+Street|the\s+market|investors)\s+(?:polled\s+by\s+[\w\s]{1,30}?\s+)?"
    r"(?:had\s+|have\s+)?(?:expected|forecast|estimated|predicted|anticipated|projected|been\s+expecting)\s+"
    r"(?:about\s+|around\s+|just\s+over\s+|over\s+|more\s+than\s+|nearly\s+|roughly\s+)?\S{0,4}$",
    re.I,
)  # "That beat analyst expectations of just over $1 billion", "Analysts had expected $1.9 billion":
# the metric of the figure before
_RANKED_WITH = fast_compile(
    r"\b(?:came|comes|ranked|ranks|placed|places|finished|finishes|was|were|is|are|stood|stands|sits|sat|followed)\s+"
    r"(?:in\s+)?(?:the\s+)?(?:second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth|next|\d+(?:st|nd|rd|th))(?:\s+place)?\s*,?\s+with\s+(?:a\s+|an\s+)?"
    r"(?:about\s+|around\s+|nearly\s+)?$|"
    r"\b(?:followed\s+by|ahead\s+of|trailed\s+by)\s+[^,;()]{1,40}?\s+(?:at|with)\s+"
    r"(?:about\s+|around\s+|nearly\s+)?$",  # "followed by CATL at 23.5%", "a shade ahead of TVS at 23 percent"
    re.I,
)
_PAIR_GAP = re.compile(r"\s*(?:units?|vehicles|cars|percent)?\s*(?:,\s*)?(?:and|&)\s*", re.I)
_TRIGGER_PAIR_GAP = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?", re.I)


def _paired_metrics(sent: str, items: list[Figure], triggers, unit_kind: dict[str, str]) -> dict[int, str]:
    """ "production and sales ... amounted to 15.621 million units and 15.653 million units, increasing by
    12.5 percent and 11.4 percent": two coordinated metric words and pairs of figures after them, in order."""
    out: dict[int, str] = {}
    for (_s1, e1, m1), (s2, _e2, m2) in itertools.pairwise(triggers):
        if m1 == m2 or unit_kind.get(m1) != unit_kind.get(m2) or not _TRIGGER_PAIR_GAP.fullmatch(sent[e1:s2]):
            continue
        for a, b in itertools.pairwise([x for x in items if x.q.start > s2 and not x.q.conversion]):
            if (
                _group(a.q) == _group(b.q)
                and _PAIR_GAP.fullmatch(sent[a.end : b.q.start])
                and id(a) not in out
            ):
                out[id(a)], out[id(b)] = m1, m2
    return out


_ASIDE = re.compile(r"\(([^()\d]{1,60})\)")


_OWNERS_APPOSITIVE = re.compile(r",\s*[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}(?:'s|’s)\s+[^,;()\d]{2,60},")


def _outside_asides(sent: str, triggers: list) -> list:
    """Metric words inside a bracketed aside without figures ("Registrations (a proxy for sales) fell 36%")
    or a maker's appositive ("Deliveries of the P7 Sedan, Xpeng's best-selling car, dropped") describe
    another word; they count only where the sentence has no metric word outside them."""
    if not triggers or "(" not in sent and "," not in sent:
        return triggers
    asides = [m.span() for m in _ASIDE.finditer(sent)] + [m.span() for m in _OWNERS_APPOSITIVE.finditer(sent)]
    outside = [t for t in triggers if not any(a <= t[0] < b for a, b in asides)]
    return outside or triggers


def _unit_group(unit: str | None) -> str:
    """The figure group a claim's unit belongs to (see `_group`)."""
    if unit in ("percent", "percentage_points"):
        return "percent"
    if unit in ("vehicles", "km", "kWh"):
        return unit
    return "currency"


def _group(q: Quantity) -> str | None:
    """Figures chain within a group: a percent after a percent, a count after a count."""
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


_RESTATED = re.compile(
    r"\s*(?:units?|vehicles|cars)?\s*,?\s*or\s+(?:about\s+|around\s+|nearly\s+|roughly\s+)?"
)


def _restates(sent: str, main: Figure | None, q: Quantity) -> bool:
    """ "17,59,881 or 1.75 million units": the same figure written again, rounded (within 1.5%)."""
    if (
        main is None
        or q.kind != main.q.kind
        or not main.q.low
        or not _RESTATED.fullmatch(sent, main.end, q.start)
    ):
        return False
    return abs(q.low - main.q.low) <= 0.015 * abs(main.q.low)


def _with_conversions(qs: list[Quantity], sent: str = "") -> list[Figure]:
    """Figures in order; a figure's end covers the conversions in brackets after it, and a figure
    restated after "or"."""
    out: list[Figure] = []
    main: Figure | None = None
    for q in qs:
        if not q.conversion and sent and _restates(sent, main, q):
            main.end = q.end  # the figure as first written stays: "17,59,881", not "1.75 million"
            out.append(Figure(replace(q, conversion=True), q.end))
            continue
        if q.conversion and main is not None:
            main.end = q.end
            m = main.q
            if (
                q.kind in (m.kind, "bare")
                and q.factor == m.factor == 1  # "710 kilometers (441 miles)" keeps the 710 written
                and m.low
                and q.low == q.high
                and abs(q.low - m.low) <= 0.01 * abs(m.low)
            ):
                # "over 4.27 million (4,272,145)": one claim, with the exact figure
                main.q = replace(m, low=q.low, high=q.low, qualifier="exact")
        item = Figure(q, q.end)
        if not q.conversion:
            main = item
        out.append(item)
    return out
