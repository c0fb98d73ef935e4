"""What an article is talking about, carried from one sentence to the next.

`DocState` holds the entity in focus, the market, the period and the metric under discussion;
`Figure` is one quantity of a sentence on its way to becoming a claim. The period helpers resolve
a sentence's period mentions left to right, so "the same period last year" follows the period
named before it, and fall back on the article's anchor year when the publication date is unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from contract.spec import VOLUME_METRICS
from extractors.fast_start import fast_compile
from extractors.fiscal import fiscal_quarter, fiscal_year
from extractors.lexicon import Lexicon
from extractors.mentions import Mention
from extractors.periods import PeriodContext, PeriodMention, find_periods, resolve, shift, span_unit
from extractors.quantities import Quantity
from extractors.registry import Registry

PERCENT_KINDS = ("percent", "percentage_points", "fraction", "multiplier")
_YEAR_RX = fast_compile(
    r"(?:(?<=\bCY)|(?<![\w$€£¥:.,/-]))((?:19|20)\d\d)(?![\d%])(?!\s?(?:percent|units|vehicles))"
)


@dataclass
class DocState:
    published: dt.date | None
    lexicon: Lexicon
    registry: Registry
    periods: PeriodContext
    default_maker: Mention | None = None
    body_leads: bool = (
        False  # a statistics body is named before any maker: figures until then are the market's
    )
    default_market: str | None = None
    home_market: str | None = None  # the country the headline or URL is about: what "our country" stands for
    home_market_only: bool = False  # `default_market` is only the main maker's home country, named nowhere
    focus: Mention | None = None
    market: str | None = None
    list_modality: str | None = None  # the modality the last sentence ending in ":" gives list items after it
    list_metric: tuple[str, str | None] | None = (
        None  # its volume metric and change direction, for "- Ontario (+210.7%)"
    )
    market_claimed: str | None = (
        None  # the last market a figure was claimed for: the article speaks of markets
    )
    market_is_place: bool = False  # the market was last named only as where a maker's figure is ("in China")
    stock_sentences_left: int = 0
    prev_sent: str = (
        ""  # the sentence before when it made no claim: a measure it named may be the next figure's
    )
    recent_makers: list[str] = field(default_factory=list)
    recent_model: Mention | None = None
    focus_maker: Mention | None = None
    auto_doc: bool = False  # the article speaks of vehicles more than in passing
    named: set[str] = field(default_factory=set)  # makers the article names
    text: str = ""
    lookahead: tuple[dt.date | None, dt.date | None] | None = None
    data_end_read: bool = False  # whether `periods.data_end` was looked for
    text_periods: tuple[str, list[PeriodMention]] | None = None  # (text, its periods): see `_periods_of`
    last_volume_metric: str | None = None
    last_level_metric: str | None = None  # the percent level the last sentence gave (a share, a margin)
    last_volume_subject: Mention | None = None  # whose volume the last sentence gave, for "This includes ..."
    first_volume_metric: str | None = None  # "" once looked up and none found
    market_codes: dict[str, str] = field(default_factory=dict)
    prev_models: list[Mention] = field(default_factory=list)  # models named in the previous sentence
    yen: bool = False  # the article counts money in yen: "¥" is JPY
    indian: bool = False  # the article counts in rupees, crore or lakh: "FY24" runs April to March
    last_metric: dict[str, str] = field(default_factory=dict)  # figure group → the last base metric claimed
    last_base_metric: str | None = None  # the base metric of the last figure claimed, of any group
    stock_doc: bool = False  # a market report: stock talk throughout, no sales talk
    last_subject: Mention | None = (
        None  # the subject of the last figure claimed, for "This represented a 6% rise"
    )
    counted: list[Mention] = field(default_factory=list)  # names a number of this sentence counts
    trace: list[tuple[int, int, str]] | None = None  # (start, end, fate) of each figure, when asked

    def volume_metric(self) -> str | None:
        """The volume metric talked about: the last one claimed, else the first the article names
        (a headline's "annual total tops four million" before "BYD sold 4,272,145 vehicles")."""
        if self.last_volume_metric is None and self.first_volume_metric is None:
            first = next(
                (m for _s, _e, m in self.lexicon.triggers(self.text[:3000]) if m in VOLUME_METRICS), ""
            )
            self.first_volume_metric = first
        return self.last_volume_metric or self.first_volume_metric or None


@dataclass
class Figure:
    q: Quantity
    end: int  # end including trailing conversions
    metric: str | None = None
    change: bool = False
    sign: int = 1
    loss: bool = False
    level_link: bool = False
    price: bool = False  # a change of a vehicle price against the previous price: basis stays null


FISCAL_WORD = re.compile(r"(?<![A-Za-z])FY|\bfiscal", re.I)  # "Q1FY21" too
_BASE_YEAR_BEFORE = fast_compile(
    r"(?:\bcompared\s+(?:to|with)|\bin\s+(?:contrast|comparison)\s+(?:to|with)|\brelative\s+to|\bfrom|\bversus|\bvs\.?|\bagainst|\b(?:down|up)\s+on|"
    r"\bsame\s+(?:period|quarter|month|time)|\bcorresponding\s+(?:period|quarter|month)|\ba\s+year\s+(?:ago|earlier)|"
    r"\b(?:low|high|weak|easy)\s+base|\b[Ff]or\s+reference)\b"
    r"(?:[^.;]|\.(?=\d)){0,45}$",
    re.I,
)  # a year named as what a figure is compared with


_FROM_TO = re.compile(r"\bfrom\b.*\bto\s", re.I)  # "from 2022's 34 352 to 30 409 in 2023": the later year
_NEXT_YEAR = fast_compile(r"\bnext\s+year\b(?:[^.;]|\.(?=\d))*$", re.I)


def anchor_year(text: str, published: dt.date | None) -> int | None:
    """The article's reported year: its most frequent explicit year (ties to the later), not counting
    years named as a comparison base or as the end of a change from one; with only those, the year a
    change ran to, else the year after a base; else None."""
    years, bases = Counter(), Counter()  # years named, and the years after those named as a comparison base
    targets = Counter()  # years a change ran to, after a base: the article's year only if it names no other
    for m in _YEAR_RX.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        if re.search(r"(?:HKEX|NYSE|Nasdaq|SGX|HK)\s*:\s*$", before) or re.search(
            r"\b(?:[Bb]y|until|before|[Ss]ince|[Ff]ounded\s+in|[Ee]stablished\s+in)\s+"
            r"(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?)?(?:[A-Z][a-z]{2,8}\.?\s+)?$",
            text[max(0, m.start() - 40) : m.start()],
        ):
            continue
        y = int(m.group(1))
        if _NEXT_YEAR.search(text, max(0, m.start() - 60), m.start()):
            years[y - 1] += (
                2  # "expects ... next year, with 51,000 registrations in 2020": the article's year is 2019
            )
            continue
        base = _BASE_YEAR_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if base and _FROM_TO.search(base.group()):
            targets[y] += 1  # "from 2022's 34 352 to 30 409 in 2023": a year a change ran to
        elif base:
            bases[y + 1] += 1  # "up 1.1% from the first quarter of 2024": the article reports the year after
        elif published is None or y <= published.year:
            years[y] += 1
    years = years or targets or bases
    if not years:
        return None
    return max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def review_year(text: str, published: dt.date | None) -> int | None:
    """The year an article published in the first half of January looks back on: the year before, when it
    names that year most and never its own ("Calendar year 2025 closed as a record-breaker"). Its "this
    year" is that year."""
    if published is None or published.month != 1 or published.day > 15 or str(published.year) in text:
        return None
    year = anchor_year(text, None)
    return year if year == published.year - 1 else None


_HINT_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")


def hint_year(hint: str | None, published: dt.date | None) -> int | None:
    """The year a headline or URL slug names ("...-full-year-2024-results"), for an undated text
    that names none; a URL's date path (/2024/05/) is not read here, it stands in for the date."""
    if not hint or published is not None:
        return None
    slug = hint.rstrip("/").rsplit("/", 1)[-1] if "://" in hint else hint  # ".../sales-in-september-2022/"
    years = [int(y) for y in _HINT_YEAR.findall(slug)]
    return max(years) if years else None


def anchor_quarter(text: str, state: DocState) -> None:
    """ "results for the quarter ... ended December 31, 2024": the period a release reports on."""
    m = re.search(
        r"(?:quarter|year)s?(?:\s+and\s+(?:the\s+)?full\s+year)?\s+(?:ended|ending)\s+[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}",
        text,
    )
    if not m:
        return
    for pm in find_periods(m.group(0)):
        if pm.kind == "ended":
            state.periods.last = resolve(pm, state.periods)
            state.periods.anchor_year = pm.year or state.periods.anchor_year


def resolve_all(periods: list[PeriodMention], state: DocState) -> list[tuple[dt.date | None, dt.date | None]]:
    """Resolve left to right; a non-base period becomes the reference of the base ones after it."""
    if not periods:
        return []
    ctx = state.periods.copy()
    if (
        ctx.last_end is None
        and not state.data_end_read
        and any(p.kind in ("ytd", "cumulative", "this_year") for p in periods)
    ):
        ctx.data_end = state.periods.data_end = _data_end(state)
        state.data_end_read = True
    if ctx.published is None and any(p.kind in ("last_month", "this_month") for p in periods):
        ctx.report_month = _report_month(state)
    out = []
    named = [p.year for p in periods if p.kind == "year" and p.year and not p.base and p.aside is None]
    topic_year = named[0] if len(set(named)) == 1 else None  # "For 2022, ... full-year revenue": that year's
    for pm in periods:
        if pm.kind in ("quarterly", "same") and ctx.last is None:
            ctx.last = _lookahead_period(state)
        if pm.kind == "full_year" and pm.year is None and topic_year and ctx.fiscal_end == 12:
            pm = replace(pm, year=topic_year)
        r = resolve(pm, ctx)
        if pm.kind == "quarter" and pm.a and pm.year and FISCAL_WORD.search(pm.text):
            r = (
                _fiscal_quarter_of_doc(pm, state) or r
            )  # "Q2FY26, compared to ₹197 crore a year ago": its year-ago
        out.append(r)
        if carries(pm) and pm.kind != "ended" and r[0] and r[1]:
            ctx.last = r
            ctx.recent.append(r)
            if ctx.last_end is None or r[1] > ctx.last_end:
                ctx.last_end = r[1]
    return out


def _fiscal_quarter_of_doc(pm: PeriodMention, state: DocState) -> tuple[dt.date, dt.date] | None:
    """A fiscal quarter ("Q2 FY26") as the article counts it: April to March in an Indian article, else
    by the fiscal year of the maker the article is about; None for a calendar fiscal year."""
    maker = state.default_maker.id if state.default_maker else None
    fiscal_end, named_by = (3, "end") if state.indian else fiscal_year(state.registry, maker)
    return fiscal_quarter(pm.year, pm.a, fiscal_end, named_by) if fiscal_end != 12 else None


def dates_figures(pm: PeriodMention) -> bool:
    """Whether a mention can date its sentence's figures: not a comparison base, a date, a run, a run
    rate or an aside about something else."""
    return not pm.base and pm.aside is None and pm.kind not in ("day", "rate", "run")


def carries(pm: PeriodMention) -> bool:
    """Whether a mention can become the period the text talks about: one that dates figures and is not
    a span "since" a time ("has lost $6bn since 2021" says nothing of the next sentence's period)."""
    return (
        dates_figures(pm)
        and pm.kind != "since_month"
        and not (pm.rel == 0 and pm.year is None and pm.kind in ("quarter", "half") and "months" in pm.text)
    )  # "needs to deliver 104,800 in the final three months of the year": a stretch still to come, not talked about


def _lookahead_period(state: DocState) -> tuple[dt.date | None, dt.date | None] | None:
    """ "Quarterly revenue" before any period is named: the first quarter-like period the article names later."""
    if state.lookahead is None:
        state.lookahead = (None, None)
        ctx = PeriodContext(state.periods.published, state.periods.anchor_year)
        for pm in _periods_of(state, state.text[:20_000]):
            if pm.kind in ("quarter", "month_range", "months_ended", "ended") and not pm.base and carries(pm):
                r = resolve(pm, ctx)
                if r[0] and r[1]:
                    state.lookahead = r
                    break
    return state.lookahead if state.lookahead[0] else None


def _report_month(state: DocState) -> tuple[dt.date | None, dt.date | None] | None:
    """The first calendar month an undated article names for its figures ("In February, the retail
    sales ..."), in its anchor year: what its "last month" and "this month" stand for."""
    ctx = PeriodContext(None, state.periods.anchor_year)
    for pm in _periods_of(state, state.text[:8_000]):
        if pm.kind == "month" and carries(pm):
            r = resolve(pm, ctx)
            return r if r[0] and r[1] else None
    return None


def _periods_of(state: DocState, text: str) -> list[PeriodMention]:
    """`find_periods(text)` for the article's opening `text`, kept for the article: both look-ahead
    helpers read the whole of an article shorter than 8,000 characters."""
    if state.text_periods is None or state.text_periods[0] != text:
        state.text_periods = (text, find_periods(text))
    return state.text_periods[1]


def _data_end(state: DocState) -> dt.date | None:
    """ "Since the beginning of the year" before the article says how far its data go: the end of the
    latest month it reports on ("... registered last month"), if any, up to the publication date."""
    ctx = PeriodContext(state.periods.published, state.periods.anchor_year)
    best = None
    for pm in _periods_of(state, state.text[:8_000]):
        if pm.kind in ("month", "last_month", "month_range", "months_ended", "first_months") and carries(pm):
            r = resolve(pm, ctx)
            if r[1] and (ctx.published is None or r[1] <= ctx.published) and (best is None or r[1] > best):
                best = r[1]
    return best


def _after_anchor(r: tuple[dt.date, dt.date], ctx) -> bool:
    """Whether a period of an undated text starts well after the year it reports on: a target, not news
    (the next year may still be news: the anchor is the text's most named year, often the one before)."""
    return ctx.anchor_year is not None and r[0].year > ctx.anchor_year + 1


def _period_of(claim: dict) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(claim["period_start"]), dt.date.fromisoformat(claim["period_end"])


def _earlier_same_span(r: tuple[dt.date, dt.date], other: tuple[dt.date, dt.date]) -> bool:
    """Whether `r` is a span of the same length as `other` ending before it: a level compared with."""
    return r[1] < other[1] and span_unit(r) is not None and span_unit(r) == span_unit(other)


def update_period(claims: list[dict], periods: list[PeriodMention], resolved, state: DocState) -> None:
    """The period the text is talking about: the first dated reported figure's, else the first period
    named (or the narrowest inside it: "a fiscal 2023 second quarter loss" is the quarter's); a
    forecast's period is carried to the next forecast only ("expects to deliver ... in the current
    quarter. It sees revenue of ...") and never becomes the period of reported figures."""
    ctx = state.periods
    ctx.last_basis = next((c["basis"] for c in claims if c.get("basis")), ctx.last_basis)
    for pm, r in zip(periods, resolved, strict=True):
        if carries(pm) and r[0] and r[1]:
            ctx.recent.append(r)
    del ctx.recent[:-12]
    bases = {r for pm, r in zip(periods, resolved, strict=True) if pm.base}
    bases -= {r for pm, r in zip(periods, resolved, strict=True) if not pm.base}
    dated = [
        c
        for c in claims
        if c["period_start"]
        and c["period_end"]
        and (dt.date.fromisoformat(c["period_start"]), dt.date.fromisoformat(c["period_end"])) not in bases
    ]  # not a level compared with ("up from 6.9% last year"): the next sentence is not about last year
    reported = [_period_of(c) for c in dated if c["modality"] != "forecast"]
    reported = [r for r in reported if ctx.published or not _after_anchor(r, ctx)]
    claimed = {_period_of(c) for c in dated}
    unclaimed = [  # "net income for the first-half of 2021 was ... compared to a loss of 7.29 billion":
        r  # a period named for a figure not claimed, that the claimed base is the year before of
        for pm, r in zip(periods, resolved, strict=True)
        if carries(pm)
        and not pm.base
        and r[0]
        and r[1]
        and r not in claimed
        and (ctx.published is None or r[1] <= ctx.published)
    ]
    latest = [r for r in reported if not any(_earlier_same_span(r, o) for o in reported)]
    year_after = [o for o in unclaimed if any(shift(r, years=1) == o for r in latest)]
    if latest and len(year_after) == len(latest):
        ctx.last, ctx.last_reported = year_after[0], True
        return
    if latest:  # "increased their market share from 24.0% to 31.3%": the share's period, not its base's
        ctx.last, ctx.last_reported = latest[0], True
        return
    if dated:
        c = dated[0]
        ctx.last_forecast = (dt.date.fromisoformat(c["period_start"]), dt.date.fromisoformat(c["period_end"]))
        return
    named = [  # not a rolling span without figures ("Over the last 3 months, estimates have seen ...")
        r
        for pm, r in zip(periods, resolved, strict=True)
        if carries(pm) and not pm.base and r[0] and r[1] and pm.kind not in ("rolling", "rolling_days")
    ]
    if named:
        inside = [r for r in named if named[0][0] <= r[0] and r[1] <= named[0][1]]
        r = min(inside, key=lambda r: (r[1] - r[0]).days)
        if ctx.published and r[1] > ctx.published or not ctx.published and _after_anchor(r, ctx):
            ctx.last_forecast = r  # "will rise to nearly 23% across the whole of next year", "By 2033 ..."
        elif (
            not claims
            and ctx.last
            and ctx.last[0]
            and r[1] < ctx.last[0]
            and (ctx.last_reported or span_unit(r) == span_unit(ctx.last))
        ):
            pass  # "In November 2023, output was robust", "The first case was recorded in mid-March last year":
            # background from before the period of the figures reported
        elif not claims and ctx.last and ctx.last[0] and r[0] <= ctx.last[0] and ctx.last[1] <= r[1]:
            pass  # "closed the first half ... the performance achieved in 2023": still the half reported on
        else:
            ctx.last, ctx.last_reported = r, False
