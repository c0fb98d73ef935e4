"""The period of one figure: the period mention attached to it, else one beside it in the sentence,
else the period the article is talking about (`DocState.periods`).

Which mention a figure takes depends on its role: a comparison base ("from a year earlier") is
not the figure's period; an aside ("The Leaf, first sold in 2010, has") dates only what is inside
it; a price or a specification takes only a period written against it, never one of another
clause or of the context; a base level ("-9.36% MoM from 16,424") is the figure's period moved
back by the sentence's basis; a change over several years has no one period.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from contract.spec import METRIC_CLASSES
from extractors.attributes import earlier_plan
from extractors.fast_start import fast_compile
from extractors.fiscal import fiscal_quarter, fiscal_year
from extractors.mentions import Mention
from extractors.metrics import AVERAGE_PRICE
from extractors.periods import (
    Period,
    PeriodMention,
    carried,
    labels_figure,
    month_before,
    month_end,
    resolve,
    shift,
    span_unit,
)
from extractors.prefilter import prefilter_compile
from extractors.state import FISCAL_WORD, DocState, Figure

# metrics whose figures take no period from the context
NO_CONTEXT = METRIC_CLASSES["no_period_context"]  # prices, specs, share moves: no period from context
# of those, the ones dated only by a period written against the figure ("the 2025 price of")
ATTACHED_ONLY = ("vehicle_price", "range", "battery_capacity", "cost_advantage")
_IS_BASE = fast_compile(
    r"\b(?:from|(?<!more\s)(?<!less\s)(?<!fewer\s)(?<!greater\s)(?<!higher\s)(?<!lower\s)(?<!better\s)than|"
    r"against|compared\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:\S+\s+)?$"
    r"|,\s*(?-i:which|that)\s+(?:was|were|had\s+been|stood\s+at)\s+(?:about\s+|around\s+|nearly\s+)?$",
    re.I,
)  # "..., which was 1,346 units a year ago": the earlier level restated
# a level given as the base of a change: "-9.36% MoM from 16,424", "down to 17.9% from 25.1%"
_BASE_LEVEL = fast_compile(
    r"\b(?:from|against|compared\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:profit|loss|revenue|sales|deliveries|income)\s+of\s+)?"
    r"(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+)?(?:[$€£¥]|RMB\s?|US\$|HK\$)?$",
    re.I,
)
# another clause between a figure and a period: "rose 9% today even though ... in the second quarter"
_OTHER_CLAUSE = fast_compile(
    r";|,\s*(?:and|but|while|whereas|which|or)\b|\b(?:while|but|whereas|although|though|because|after|"
    r"before|since|when|as|despite)\b|—",
    re.I,
)
_CHANGE_UNIT = fast_compile(
    r"\b(?P<u>month|quarter)[\s-]+(?:on|over)[\s-]+(?:month|quarter)\b|\b(?P<a>MoM|QoQ|m/m|q/q)(?![\w/])",
    re.I,
)
_FROM_LEVEL = re.compile(
    r"\bfrom\s+(?:the\s+|a\s+|an\s+)?(?:about\s+|around\s+|nearly\s+|roughly\s+|some\s+|just\s+|almost\s+)?"
    r"(?:[$€£¥₹]|RMB\s?|US\$|HK\$|Rs\.?\s?)?$",
    re.I,
)  # "to 44.3% from 45.1%": where a change started
_BASIS_SHIFT = {"yoy": {"years": -1}, "qoq": {"months": -3}, "mom": {"months": -1}}
# a relative clause between a figure and its period: "the 1,404 vehicles it delivered to consumers in
# the second quarter", "the $364 million it reported during the same period last year"
_RESPECTIVELY = re.compile(r"\brespectively,?\s+(?:in|during|for|over)\s+(?:the\s+)?$", re.I)
_CLAUSE_GAP = re.compile(
    r"[\s,)\]]*(?:[\w-]+\s+){0,3}?(?:it|they|which|that|the\s+company)?\s*(?:had\s+|has\s+|were\s+|was\s+)?"
    r"(?:reported|posted|delivered|sold|recorded|made|produced|registered|booked|shipped|exported|imported|retailed|lost|earned|generated|"
    r"accomplished|achieved|logged|notched|seen|witnessed|experienced)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:(?:in|during|for|over|across|throughout)\s+)?",
    re.I,
)
# a period whose clause the figure is in: "the second quarter, during which the manufacturer had sold 21,930"
_DURING_WHICH = re.compile(
    r"\s*,?\s*(?:during\s+which|in\s+which|when|where|at\s+which\s+time)\b(?:[^.;]|\.(?=\d))*$", re.I
)
# a period of the saying, not of the figure: "Rivian said last month that it produced 13,992 vehicles"
_SAID_BEFORE = fast_compile(
    r"\b(?:said|says|announced|reported|told|disclosed|stated|noted|confirmed)\s+(?:on\s+)?$", re.I
)
_SAID_AFTER = re.compile(r"\s*(?:,|that\b|it\b|they\b|the\s+company\b)", re.I)
_SAID_NEXT = re.compile(
    r"\s*,?\s+(?:(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3}\s+|the\s+company\s+)?"
    r"(?:said|says|announced|reported|told|disclosed|stated|noted|confirmed)\s+(?:that\s+)?(?:it|its|the|they|their)\b",
)  # "had earlier this month said its EV dispatches ...", "Last month Toyota said it sold ...": when it was said  # "had earlier this month said its EV dispatches surged 96% in September": when it was said
_GIVEN_BEFORE = prefilter_compile(
    r"\b(?:forecast|guidance|target|outlook|estimate|projection)s?\s+(?:\w+\s+)?"
    r"(?:given|made|issued|set|published|released)\s+(?:in|on|back\s+in)\s+$|"
    r"\b(?:trimmed|cut|raised|lowered|revised|lifted|reduced|slashed|upgraded|downgraded)\b[^.;]{0,60}"
    r"\b(?:target|forecast|guidance|outlook)s?\s+(?:in|on|back\s+in)\s+$"
)  # "the firm's forecast given in February", "trimmed back its annual delivery target in May": when it was changed
_CHANGED_PLAN_AFTER = re.compile(
    r"\s*,?\s*(?:it\s+|the\s+company\s+)?(?:had\s+|has\s+)?(?:already\s+)?(?:trimmed|cut|raised|lowered|revised|lifted|"
    r"reduced|slashed|upgraded|downgraded)\s+(?:its|their|the)\b[^.;]{0,50}?\b(?:target|forecast|guidance|outlook|"
    r"projection|estimate)s?\b",
    re.I,
)  # "Nissan had already in February lowered its unit sales volume projection": when it was changed
_TRADING_DAY = fast_compile(
    r"\b(?:trading|session|today|overnight|yesterday|intraday|premarket|pre-market|after-hours|on\s+the\s+day|(?:on\s+)?(?:Monday|"
    r"Tuesday|Wednesday|Thursday|Friday))\b",
    re.I,
)
_DAY_BEFORE_ARTICLE = re.compile(r"\b(?:overnight|yesterday)\b", re.I)
# "Tesla ended Tuesday down 1.13%": the trading day named before the move
_DAY_BEFORE = fast_compile(
    r"\b(?:ended|closed|finished|on)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday)\b(?:[^.;]|\.(?=\d))*$"
)
_PERFECT_BEFORE = re.compile(
    r"\b(?:have|has|had|having)\b(?:[^.;,]){0,40}$"
)  # "have fallen 30%": a run, no day
_IN_BEFORE = re.compile(r"\b(?:in|during)\s+(?:the\s+)?$")


_CAUSE_BEFORE = fast_compile(
    r"\b(?:after|following|ahead\s+of|amid|on\s+(?:the\s+)?(?:news|report|results))\b", re.I
)
_CAUSE_CLAUSE = re.compile(
    r"\b(?:as|because|after|when|once)\s+(?:[\w'’-]+\s+){1,4}?(?:ended|expired|lapsed|ran\s+out|began|started|"
    r"kicked\s+in|took\s+effect|came\s+into\s+effect|were\s+(?:cut|scrapped|removed|halted|introduced)|"
    r"was\s+(?:cut|scrapped|removed|halted|introduced))\b",
    re.I,
)  # "saw EV sales plunge by 27.4 percent as subsidies ended in late 2023": that period dates the cause
_SINCE_LISTING = fast_compile(r"\bsince\s+(?:its\s+|the\s+|their\s+)?(?:debut|listing|IPO|flotation)\b", re.I)
_UNIT_GAP = re.compile(
    r"(?:\s*(?:euros?|dollars?|yuan|won|yen)?,?\s+or\s+(?:[$€£¥]|RMB\s?|US\$)?\s?[\d.,]+\s*(?:euros?|dollars?|yuan|"
    r"cents?|won|yen)?,?\s+(?:a|per)\s+(?:diluted\s+)?share\b)?"  # "a loss of $580 million, or $5.74 a share, in ..."
    r"[\s,)\]]*(?:(?:units|vehicles|vehicle|cars|total|deliveries|registrations|orders|delivered|sold|registered|"
    r"in\s+revenue|revenue|in\s+sales|sales|loss|profit|"
    r"increase|decrease|gain|rise|growth|drop|decline|jump|fall|for\s+the\s+quarter)\s+)*"
    r"(?:in|for|during|over|from|as\s+of|by|through|at|of)?\s*",
    re.I,
)


def _since_point(pm: PeriodMention, r: Period, sent: str) -> Period | None:
    """The period a "since ..." mention starts from, by itself: the month of "since December 2022", the
    year of "since 2020" (not January), the day of "since May 9, 2013"; None for any other mention."""
    start = r[0]
    if start is None or not (
        pm.text.lower().startswith("since") or _SINCE_JUST_BEFORE.search(sent, max(0, pm.start - 8), pm.start)
    ):
        return None
    if pm.day:
        return start, start
    if _SINCE_YEAR.fullmatch(pm.text):
        return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    return start, month_end(start.year, start.month)


_SINCE_JUST_BEFORE = re.compile(r"\bsince\s+$", re.I)
_SINCE_YEAR = re.compile(
    r"since\s+(?:19|20)\d\d", re.I
)  # "since 2020", read as January 2020 by `find_periods`
_QUARTER_WORD = re.compile(r"\bquarter\b|\bQ[1-4]\b", re.I)


def _into_the_next(pm: PeriodMention, r: Period) -> Period | None:
    """The later period of "from X to Y" or "between X and Y" where Y is the period after X (the next
    month, quarter or year, or the same month a year on): a change said over such a range compares
    the two, so it is Y's change. A longer range ("from January to March") is a span the change covers."""
    start, end = r
    if not pm.text.lower().startswith(("from", "between")) or start is None or end is None:
        return None
    if pm.kind == "year_range":
        return (dt.date(end.year, 1, 1), end) if pm.year1 is not None and end.year == pm.year1 + 1 else None
    if pm.kind != "month_range":
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if months in (1, 12):
        return dt.date(end.year, end.month, 1), end
    if (
        months == 5 and start.month % 3 == 1 and _QUARTER_WORD.search(pm.text)
    ):  # "from Q1 to Q2", not April-September
        return dt.date(end.year, end.month - 2, 1), end
    return None


def period_for(
    it: Figure,
    periods: list[PeriodMention],
    resolved: list[Period],
    state: DocState,
    modality: str,
    sent: str,
    others: list[Figure] = (),
    subject: Mention | None = None,
) -> tuple[Period, str | None]:
    """(bounds, words) of the period a figure covers: attached, then left, right, then context."""
    q = it.q
    forecast = modality == "forecast"
    has_to = any(p.kind == "cumulative_to" for p in periods)
    fiscal = fiscal_year(state.registry, subject.id) if subject else (12, "end")
    revised = earlier_plan(sent, q.start)  # "projection down from 3.7 million": the same year's earlier plan
    base_level = not revised and bool(_IS_BASE.search(sent[max(0, q.start - 30) : q.start]))
    level_of_base = (
        not it.change and not revised and bool(_BASE_LEVEL.search(sent[max(0, q.start - 40) : q.start]))
    )

    def bounds(i: int) -> Period:
        pm = periods[i]
        r = resolved[i]
        fiscal_end, named_by = fiscal
        if pm.kind == "rate" and not forecast and _MONTHLY.fullmatch(pm.text) and _TOTAL_MONTHLY.search(sent):
            month = carried(state.periods, "month")
            if month and span_unit(month) == "month":
                return (
                    month  # "a total monthly sales volume of 232,200" after "its March sales data": March's
                )
        if state.indian and FISCAL_WORD.search(pm.text):
            fiscal_end, named_by = (
                3,
                "end",
            )  # an Indian article's "FY2024" (any maker's): April 2023 to March 2024
        published = state.periods.published
        just_ended = (
            forecast
            and r[1] is not None
            and published is not None
            and 0 <= (published - r[1]).days <= 45
            and pm.kind in ("quarter", "month", "half")
        )  # guidance for "the second quarter" in early July: the quarter just ended, not next year's
        if (forecast and not pm.year and not just_ended) or (
            fiscal_end != 12 and pm.kind in ("full_year", "current_fiscal", "fiscal_span")
        ):
            ctx = state.periods.copy()
            ctx.fiscal_end, ctx.fiscal_named_by = fiscal_end, named_by
            r = resolve(pm, ctx, forecast=forecast)
        if fiscal_end != 12 and pm.kind == "quarter" and pm.a and pm.year and FISCAL_WORD.search(pm.text):
            state.periods.fiscal_quarters_of = pm.year
            return fiscal_quarter(pm.year, pm.a, fiscal_end, named_by)  # Tata's "Q1 FY23": April-June 2022
        if (
            fiscal_end != 12
            and pm.kind == "quarter"
            and pm.a
            and not pm.year
            and state.periods.fiscal_quarters_of
        ):
            # "revenue jumped to Rs 1,214 crore in Q2" after "the second quarter of FY25": that fiscal quarter
            return fiscal_quarter(state.periods.fiscal_quarters_of, pm.a, fiscal_end, named_by)
        if (
            fiscal_end != 12
            and pm.kind == "year_range"
            and pm.year1
            and pm.year == pm.year1 + 1
            and not it.change
        ):
            return resolve(replace(pm, kind="fiscal_span"), replace(state.periods, fiscal_end=fiscal_end))
        if it.change and (later := _into_the_next(pm, r)) is not None:
            return later  # "halved from September to October", "up 38% from 2022 to 2023": into the later one
        if it.change and pm.kind == "year_range":
            return None, None  # "tripled between 2021 and 2024": a change over years has no one period
        if it.metric == "share_price_change" and pm.kind in ("ytd", "this_year") and state.periods.published:
            return r[0], state.periods.published  # a share move runs to the day of the article
        if (
            it.metric == "share_price_change"
            and pm.kind == "full_year"
            and pm.year is None
            and (published := state.periods.published)
            and _PERFECT_BEFORE.search(sent, max(0, q.start - 40), q.start)
        ):  # "whose shares have shed 18.31% over the course of the year": this year so far
            return dt.date(published.year, 1, 1), published
        if it.metric == "market_share" and pm.kind == "cumulative_to" and r[1]:
            return r[1].replace(month=1, day=1), r[1]  # a share "at the end of February": the year so far
        if pm.kind == "cumulative_to" and r[1] and it.metric in FLOW_METRICS and _BY_THE_END.match(pm.text):
            return r[1].replace(month=1, day=1), r[
                1
            ]  # "fell 11 percent to 134,882 units by the end of May": this year so far
        return r

    verdicts: dict[int, bool] = {}  # `usable(i)`: each rule below asks again for the same mention

    def usable(i: int) -> bool:
        ok = verdicts.get(i)
        if ok is None:
            ok = verdicts[i] = _usable(i)
        return ok

    def _usable(i: int) -> bool:
        pm = periods[i]
        if (
            _SAID_BEFORE.search(sent, max(0, pm.start - 20), pm.start)
            and _SAID_AFTER.match(sent, pm.end)
            or _SAID_NEXT.match(sent, pm.end)
        ) and not pm.start <= q.start < pm.end:
            return (
                False  # "Rivian said last month that it produced 13,992 vehicles ... in the second quarter"
            )
        if (
            _GIVEN_BEFORE.search(sent, max(0, pm.start - 100), pm.start)
            or _CHANGED_PLAN_AFTER.match(sent, pm.end)
        ) and not pm.start <= q.start < pm.end:
            return False  # "the firm's forecast given in February of net profit of 4.5 trillion yen": when it was made
        if pm.aside and not pm.aside[0] <= q.start < pm.aside[1]:
            return False  # "The Leaf, first sold in 2010, has a 40 kWh battery"
        if it.metric in NO_CONTEXT and _OTHER_CLAUSE.search(
            sent[min(pm.end, q.start) : max(pm.start, it.end)]
        ):
            return False  # "shares are retreating 9% today even though ... in the second quarter"
        if pm.kind == "day" and it.metric == "share_price_change":
            return True  # "since May 9, 2013, when it rose 24.4%": a share's move on a day
        return pm.kind not in ("day", "run") and not (has_to and pm.kind in ("since", "cumulative"))

    for i, pm in enumerate(periods):
        if pm.start <= q.start < pm.end and usable(i):
            return bounds(i), pm.text
        if (
            0 <= q.start - pm.end <= 4
            and re.fullmatch(r"(?:'s|’s)?\s*", sent[pm.end : q.start])
            and re.search(r"(?:'s|’s)$", sent[: q.start].rstrip())
            and usable(i)
        ):
            return bounds(i), pm.text
        if labels_figure(sent, pm.start, pm.end, q.start) and usable(i):
            return bounds(
                i
            ), pm.text  # "(Q3 2021: €31.6 billion)": the bracket's figure is of the period it is labelled
        if _BRACKETED_AFTER.fullmatch(sent, pm.end, q.start) and usable(i):
            return bounds(
                i
            ), pm.text  # "compared to the same period last year (5.07 trillion won)": that period's level
    for i, pm in enumerate(periods):
        if (
            pm.end <= q.start
            and _DURING_WHICH.match(sent[pm.end : q.start])
            and (point := _since_point(pm, resolved[i], sent)) is not None
        ):  # the ", when" clause ties the figure to the point, across the clause break
            return point, pm.text  # "since December 2022, when BEVs commanded 32.9%": that month itself
    if it.metric == "share_price_change" and state.periods.published:
        if _SINCE_LISTING.search(sent, it.end):
            return (None, state.periods.published), None  # "shares have fallen about 53% since debut"
        before = sent[max(0, q.start - 70) : q.start]
        if (
            (_TRADING_DAY.search(sent, it.end, it.end + 60) or _DAY_BEFORE.search(before))
            and not any(
                it.end <= pm.start < it.end + 60
                and pm.kind not in ("day",)
                and not _OTHER_CLAUSE.search(sent, it.end, pm.start)
                and not _CAUSE_BEFORE.search(sent, it.end, pm.start)
                for pm in periods
            )
        ):  # not "rose 5% in the second quarter"; yes "rallied 6% today after upbeat second-quarter production"
            day = _trading_day(before + " " + sent[it.end : it.end + 60], state.periods.published)
            return (day, day), None  # "The stock jumped 14% in morning trading": the day of the article
    for i, pm in enumerate(periods):
        if pm.end <= q.start and _DURING_WHICH.match(sent[pm.end : q.start]) and usable(i):
            return bounds(
                i
            ), pm.text  # "compared to the second quarter, during which the maker had sold 21,930"
    for i, pm in enumerate(periods):
        if (
            pm.start >= it.end
            and pm.start - it.end <= 70
            and usable(i)
            and _CLAUSE_GAP.fullmatch(sent[it.end : pm.start])
        ):
            return bounds(i), pm.text  # "the $1.7 billion loss it reported during the same period last year"
    for i, pm in enumerate(periods):
        if pm.start >= it.end and pm.start - it.end <= 40 and usable(i):
            if _UNIT_GAP.fullmatch(sent[it.end : pm.start]):
                if (
                    pm.base
                    and not it.level_link
                    and not base_level  # "accelerating from a 32.9% increase in the first quarter": its own
                    and not (
                        _IN_BEFORE.search(sent, max(0, pm.start - 10), pm.start)
                        and (not it.change or _CHANGE_IN_GAP.fullmatch(sent, it.end, pm.start))
                    )  # "a 6.2 per cent gain in the previous quarter": the change made in that quarter
                ):  # not "Rs 7,605 crore loss in the previous quarter": a level said "in" that period is its
                    break  # "revenue slid 2.1% to 18.67 billion from a year earlier": the base is not the figure's period
                return bounds(i), pm.text
            break
    if (
        it.metric in ATTACHED_ONLY
        and not (it.metric == "vehicle_price" and AVERAGE_PRICE.search(sent, max(0, q.start - 120), q.start))
    ):  # an average price is a market's statistic over a period: "the average price of an EV in 2023 was $61,702"
        return (None, None), None  # "stole last year's auto show with its $11,000 Seagull"
    left = [i for i, pm in enumerate(periods) if pm.end <= q.start and not pm.base and usable(i)]
    if len(left) > 1 and periods[left[-1]].kind == "cumulative":
        left.pop()  # "In 2022, Chery's cumulative sales reached 1,232,727": the year named, not since ever
    if left:
        i = left[-1]
        return _as_base(bounds(i), level_of_base and not forecast, sent, q.start, state), periods[i].text
    right = [
        i
        for i, pm in enumerate(periods)
        if pm.start >= it.end
        and not pm.base
        and usable(i)
        and not _CAUSE_CLAUSE.search(sent, it.end, pm.start)
        and (
            not re.search(r",\s|;", sent[it.end : pm.start])
            or re.search(r"\b(?:in|during|for|over)\s+(?:the\s+)?$", sent[max(0, pm.start - 12) : pm.start])
            and (
                pm.start - it.end < 60
                and not any(it.end <= x.q.start < pm.start for x in others)
                or _RESPECTIVELY.search(sent, it.end, pm.start) is not None
                or pm.start - it.end < 140
                and _both_verbs_dated(sent, it, others, pm.start)
            )  # "30.161 million and 30.094 million vehicles, respectively, in 2023": the period of both; "produced
            # 4,401 vehicles ... and delivered 4,467 during the quarter ended June 30": of both verbs
        )
    ]
    if right:
        i = right[0]
        return bounds(i), periods[i].text
    if (
        it.metric == "share_price_change"
        and state.periods.published
        and not _PERFECT_BEFORE.search(sent, max(0, q.start - 40), q.start)
    ):  # "BYD shares closed 8.6% lower in Hong Kong": a move reported undated is the article's trading day
        day = _trading_day(sent[max(0, q.start - 70) : it.end + 60], state.periods.published)
        return (day, day), None
    if it.metric in NO_CONTEXT:
        return (None, None), None
    if forecast and state.periods.last_forecast:
        return state.periods.last_forecast, None
    unit = _unit_of(it, periods, sent)
    period = carried(state.periods, unit)
    published = state.periods.published
    if period is None and unit == "month" and it.change and published and not forecast:
        period = month_before(
            published
        )  # "Retail sales surged 53% m/m" in a monthly report: the month before
    return (
        (_as_base(period, level_of_base and not forecast, sent, q.start, state), None)
        if period
        else ((None, None), None)
    )


_MONTHLY = re.compile(r"monthly", re.I)
_BY_THE_END = re.compile(r"by\s+the\s+end\s+of\s+", re.I)  # not "as of June": a stock counted on a day
FLOW_METRICS = frozenset(("sales_volume", "deliveries", "registrations", "production", "exports", "revenue"))
_TOTAL_MONTHLY = re.compile(
    r"\btotal\s+monthly\b|\bmonthly\s+total\b", re.I
)  # not a run rate: "monthly sales have exceeded"
_CHANGE_IN_GAP = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:gain|rise|increase|jump|growth|drop|decline|fall|decrease)\s+in\s+(?:the\s+)?", re.I
)
_BRACKETED_AFTER = re.compile(r"\s*\(\s*(?:[$€£¥₩]|RMB|US\$|HK\$)?\s*")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


_AND_ANOTHER_VERB = re.compile(
    r"[^;.]{0,80}?\band\s+(?:\w+\s+){0,1}?(?:delivered|sold|produced|built|registered|shipped|exported|made|"
    r"manufactured)\s+(?:about\s+|around\s+|nearly\s+|more\s+than\s+|over\s+)?$",
    re.I,
)


def _both_verbs_dated(sent: str, it: Figure, others, end: int) -> bool:
    """Whether the only figure between `it` and a period at `end` is the object of a second verb joined
    by "and", so the period dates both counts."""
    between = [x for x in others if it.end <= x.q.start < end]
    return (
        len(between) == 1
        and _AND_ANOTHER_VERB.fullmatch(sent, it.end, between[0].q.start) is not None
        and re.fullmatch(r"[^,;.\d]*", sent[between[0].end : end]) is not None
    )


def _trading_day(text: str, published):
    """The day a share move happened: the weekday named ("on Tuesday", the last one up to the article's
    day), else the article's day ("in morning trading", "today")."""
    m = re.search(r"\b(" + "|".join(_WEEKDAYS) + r")\b", text, re.I)
    if m is None:
        # "fell 3% in U.S. trading overnight", "closed up 2% yesterday": the session before the article's day
        return published - dt.timedelta(days=1) if _DAY_BEFORE_ARTICLE.search(text) else published
    back = (published.weekday() - _WEEKDAYS.index(m.group(1).lower())) % 7
    return published - dt.timedelta(days=back)


def _unit_of(it: Figure, periods: list[PeriodMention], sent: str) -> str | None:
    """The unit a figure's period must have when the sentence says so: 'quarter' for a change
    "from the same quarter a year earlier" or "quarter on quarter", 'month' for "month on month"."""
    base = next(
        (p.text.lower() for p in periods if p.base and p.kind in ("same_last_year", "same", "prev_quarter")),
        "",
    )
    if "quarter" in base:
        return "quarter"
    if "month" in base:
        return "month"
    change = _CHANGE_UNIT.search(sent) if it.change else None
    if change:
        return (
            change.group("u")
            or {"mom": "month", "qoq": "quarter", "m/m": "month", "q/q": "quarter"}[change.group("a").lower()]
        ).lower()
    return None


def _as_base(period: Period, base_level: bool, sent: str, at: int, state: DocState) -> Period:
    """A base level's period: "-9.36% MoM from 16,424" is the month before the figure's month; without
    a basis in the sentence, the basis of the changes just before it."""
    if not base_level or not period[0] or not period[1]:
        return period
    cues = state.lexicon.find("basis", sent)
    if cues:
        basis = min(cues, key=lambda c: min(abs(c[0] - at), abs(c[1] - at)))[2]
    else:
        # "... 44.9% more than a year earlier. Their share rose to 18% from 13.3%."; with no basis
        # named at all, a reported level's base is the year before ("dropped to 44.3% from 45.1%")
        basis = state.periods.last_basis or (
            "yoy" if _FROM_LEVEL.search(sent, max(0, at - 30), at) else None
        )  # not "compared to 12,438 BYDs": another's level, of the same period
    return shift(period, **_BASIS_SHIFT[basis]) if basis in _BASIS_SHIFT else period
