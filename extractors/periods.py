"""Period expressions of EV news and their calendar bounds: pure functions.

`find_periods(text)` returns the period mentions of one sentence (quarters, halves, months,
month and day ranges, "first nine months", years and fiscal years, year-to-date, "last year",
"twelve months", "the same period last year", ...). `resolve(mention, ctx)` turns one into
inclusive (start, end) dates against a `PeriodContext`: the publication date when known,
otherwise the article's own anchor year; a reported figure takes the most recent *past* period,
a forecast the coming one. Unresolvable mentions give (None, None) and keep their words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from extractors.fast_start import fast_compile, fast_start
from extractors.prefilter import Prefiltered, prefilter_compile, prefiltered

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}
COUNTS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_MON = rf"(?P<mon>{_MONTH_NAMES})"
_MON2 = rf"(?P<mon2>{_MONTH_NAMES})"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "June this year", "the second quarter of last year": a year named relative to the reference year
_REL = (
    r"\s+(?:of\s+|in\s+)?(?P<rel>this|last|next|the\s+current|the\s+previous|the\s+prior)\s+year\b(?:'s|’s)?"
)
# the year after a month, quarter or half: "of 2024", "2024", or one named relative to the reference year
_OF_YEAR = rf"(?:,?\s+(?:of\s+)?{_YEAR}\b(?!,\d)|{_REL})?"  # "October 2021", "October, 2021"
_OF_YEAR_AFTER_RANGE = rf"(?:,?\s+(?:of\s+)?{_YEAR}\b|{_REL})?"  # "From January to July, 2021"
_YY = r"(?P<year>(?:19|20)?\d\d)"
_NUMW = r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


Period = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class PeriodMention:
    """A period expression in a sentence; `kind` says how to resolve it, `base` marks a comparison base,
    `aside` the span of a comma-bounded aside it sits in ("The Leaf, first sold in 2010, has ...")."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    a: int | None = None  # quarter, half, month, or count of months
    b: int | None = None  # end month or end day
    day: int | None = None
    base: bool = False
    rel: int | None = None  # year named relative to the reference year: 0 this, -1 last, +1 next
    year1: int | None = None  # start year of a range across years
    aside: tuple[int, int] | None = None
    a2: int | None = None  # end month of a day range across months


@dataclass
class PeriodContext:
    published: dt.date | None = None
    anchor_year: int | None = None  # the article's reported year when it has no publication date
    last: Period | None = None  # the period the text is talking about
    last_end: dt.date | None = None  # latest end of any resolved period, for year-to-date figures
    recent: list[Period] = field(default_factory=list)  # periods named so far, oldest first
    last_forecast: Period | None = None  # the period of the last forecast, carried to the next one
    data_end: dt.date | None = None  # the latest month the article reports on, for year-to-date figures
    report_month: Period | None = None  # without a publication date: the first month the article names
    fiscal_end: int = 12  # the month the subject's fiscal year ends
    review_year: int | None = None  # the year an early-January article looks back on (its "this year")
    fiscal_named_by: str = "end"  # "start": "fiscal 2020" begins in 2020 (Japanese makers)
    last_basis: str | None = (
        None  # the base of the last change ("yoy"), for a base level in the next sentence
    )
    last_reported: bool = False  # whether `last` is the period of a reported figure, not one only named
    fiscal_quarters_of: int | None = (
        None  # the fiscal year of the last fiscal quarter named ("Q2 FY25": 2025)
    )

    def copy(self) -> PeriodContext:
        """A copy with its own `recent` list, made by copying the attributes: `replace` runs
        `__init__` over every field again, and this runs for each sentence with a period."""
        out = PeriodContext.__new__(PeriodContext)
        out.__dict__.update(self.__dict__)
        out.recent = list(self.recent)
        return out


def _y(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_before(day: dt.date) -> Period:
    """The calendar month before `day`'s ("last month" in an article of that day)."""
    y, m = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return dt.date(y, m, 1), month_end(y, m)


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q)


# pseudo-keys of `find_periods`' prefilter: a month name, a year
_MONTH_KEYS = ("<month>",)
_YEAR_KEYS = ("<year>",)
# a range names two months or two years ("January to March", "2021-2024"), each a match of the
# month or year pattern below: a sentence with one or none has no such range
_TWO_MONTHS_KEYS = ("<months>",)
_TWO_YEARS_KEYS = ("<years>",)
_MONTH_WORD = fast_compile(rf"\b(?:{_MONTH_NAMES})")
_YEAR_WORD = prefilter_compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# pseudo-keys some patterns hold as a whole, each found by a regex every match of those patterns
# matches too (searched on the text as written, with the patterns' own flags): a month name right
# before a day or after one ("March 5", "5th March"), two years as a fiscal span ("2023-24"), a word
# of each year-to-date form ("cumulative", "to date", "total"/"tally"); most sentences with a month
# or a year hold none of these, and their patterns then need not run
_MONTH_DAY_KEYS = ("<month day>",)
_DAY_MONTH_KEYS = ("<day month>",)
_MONTH_DAY = fast_compile(rf"(?:{_MONTH_NAMES})\s+\d")
_DAY_MONTH = fast_compile(rf"\d(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})")
_YEAR_SPAN = fast_compile(r"(?:19|20)\d\d\s?[-–/]\s?\d\d")
_YTD_WORDS = prefilter_compile(r"cumulative|date|total|tally", re.I)
_Q_KEYS = ("q1", "q2", "q3", "q4")
_NQ_KEYS = ("1q", "2q", "3q", "4q")
_ORD = r"(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)"
_ORD2 = r"(?P<ord2>second|third|fourth|final|2nd|3rd|4th)"
_RANGE_TO = r"\s*(?:[-–—](?:to|through|until)[-–—]|-|–|—|\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b)\s*"

# (kind, regex[, substrings it cannot match without]); order matters: earlier patterns claim their
# characters first. Without the third element a pattern needs one of `_NEEDS[kind]`.
_PATTERNS: list[tuple] = [
    (
        "same_last_year",
        re.compile(
            r"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter|month|time(?:\s+period)?)\s+(?:(?:of\s+|in\s+)?"
            r"(?:last|(?:the\s+)?previous|(?:the\s+)?prior)\s+year|a\s+year\s+(?:earlier|ago|before))\b",
            re.I,
        ),
    ),
    (
        "same_of_year",
        re.compile(
            rf"\b(?:the\s+)?(?:same|corresponding)\s+(?:period|quarter|month)\s+(?:of|in)\s+{_YEAR}\b", re.I
        ),
    ),
    (
        "same_last_year",  # "as against Rs 31,983 crore in the year-ago period"
        re.compile(r"\b(?:the\s+)?year[\s-](?:ago|earlier)\s+(?:period|quarter|month)\b", re.I),
        ("year-ago", "year ago", "year-earlier", "year earlier"),
    ),
    (  # "the same quarter"; "during the months under review", "in the review period": the period reported on
        "same",
        re.compile(
            r"\b(?:the\s+)?same\s+(?:period|quarter|month|time\s+period)\b|\bthe\s+(?:period|months?|quarter|year)\s+(?:under|in)\s+"
            r"review\b|\bthe\s+(?:review|reporting)\s+period\b",
            re.I,
        ),
    ),
    (  # "in the last quarter of the year", "the final quarter of 2024": the fourth
        "quarter",
        re.compile(rf"\b(?:the\s+)?(?P<last>last|final)\s+quarter\s+of\s+(?:the\s+year\b|{_YEAR}\b)", re.I),
        ("quarter of",),
    ),
    ("last_quarter", re.compile(r"\blast\s+quarter\b", re.I)),
    (
        "prev_quarter",
        re.compile(
            r"\b(?:the\s+)?(?:previous|prior|preceding|sequential|former)\s+(?:quarter|three[\s-]month\s+period)\b",
            re.I,
        ),  # "up from $1.45 billion in the preceding three-month period"
        ("previous", "prior", "preceding", "sequential", "former"),
    ),
    (
        "prev_month",
        re.compile(r"\b(?:the\s+)?(?:previous|prior|preceding|former)\s+month\b", re.I),
        ("previous", "prior", "preceding", "former"),
    ),
    (
        # "for three consecutive months", "the fourth month in a row": a run of months, no one period
        "run",
        re.compile(
            r"\b(?:for\s+)?(?:the\s+)?(?:(?:\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|"
            r"eighth|ninth|tenth|eleventh|twelfth)\s+(?:(?:straight|consecutive|successive)\s+"
            r"(?:month|quarter|year)s?(?:\s+in\s+a\s+row)?|(?:month|quarter|year)\s+in\s+a\s+row)|"
            r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?:(?:straight|consecutive|successive)\s+(?:months|quarters|years)(?:\s+in\s+a\s+row)?|"
            r"(?:months|quarters|years)\s+in\s+a\s+row))\b",
            re.I,
        ),
        ("consecutive", "straight", "successive", "in a row"),
    ),
    (
        "months_ended",
        re.compile(
            rf"\b(?:the\s+)?{_NUMW}(?:\s+months|-month\s+period)\s+(?:ended|ending|to|through|(?:leading|running)\s+up\s+to)\s+"
            rf"(?:on\s+)?(?:the\s+end\s+of\s+|end-)?"
            rf"{_MON}(?:\s*(?P<day>\d{{1,2}})(?!\d))?(?:,?\s+{_YEAR})?",
            re.I,
        ),
    ),
    (
        "ended",
        re.compile(
            rf"\b(?P<what>quarter|year|half|half-year|period)(?:s(?=\s+and\b))?(?:\s+and\s+(?:the\s+)?full\s+year)?\s+"
            rf"(?:ended|ending|to|through)\s+(?:on\s+|in\s+)?(?:the\s+end\s+of\s+|end-)?"
            rf"{_MON}(?:\s*(?P<day>\d{{1,2}})(?!\d))?(?:,?\s+{_YEAR})?",
            re.I,
        ),
        _MONTH_KEYS,
    ),
    ("quarter", re.compile(rf"\b(?:FY\s?|fiscal\s+)?{_YEAR}\s?Q(?P<q>[1-4])\b"), _Q_KEYS),
    (
        # "the first to third quarters of 2024", "the second and third quarters": one span
        "quarter_range",
        re.compile(
            rf"\b(?:the\s+)?{_ORD}(?:\s*(?:-|–|to|through|and)\s*(?:the\s+)?){_ORD2}[\s-]quarters?"
            rf"(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s?)?{_YEAR}\b|{_REL})?",
            re.I,
        ),
        ("quarter",),
    ),
    (
        "quarter_range",
        re.compile(
            rf"\b(?:[Ff]rom\s+|[Bb]etween\s+)?Q(?P<q>[1-4]){_RANGE_TO}Q(?P<q2>[1-4])"
            rf"(?:\s+(?:of\s+)?(?:FY\s?)?{_YEAR}\b|{_REL})?"
        ),
        _Q_KEYS,
    ),
    (
        # "its fiscal 2023 second quarter", "the 2024 fourth-quarter results"
        "quarter",
        re.compile(
            rf"\b(?:fiscal\s+|FY\s?)?{_YEAR}\s+(?:fiscal\s+)?{_ORD}[\s-]quarter(?:\s*\(Q[1-4]\))?",
            re.I,
        ),
        ("quarter",),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?{_ORD}[\s-]quarter(?:\s*\(Q[1-4]\))?(?:\s+(?:of\s+|in\s+)?(?:fiscal\s+|FY\s?)?{_YEAR}\b|{_REL})?",
            re.I,
        ),
        ("quarter",),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:of\s+)?(?:FY\s?)?'?{_YY}\b(?![.,]\d)|{_REL})?(?!\w)"
        ),
        _Q_KEYS + _NQ_KEYS,
    ),
    (  # "In Quarter IV 2024", "quarter II of 2023"
        "quarter",
        re.compile(rf"\b[Qq]uarter\s+(?P<roman>IV|I{{1,3}})\b(?:,?\s+(?:of\s+)?{_YEAR}\b)?"),
        ("quarter",),
    ),
    (
        # "the June quarter", "the September quarter": the quarter ending that month
        "month_quarter",
        re.compile(
            r"\bthe\s+(?:(?:latest|last|previous|recent|just[\s-]ended|current)\s+)?(?P<mon>March|June|September|December)\s+"
            r"quarter\b|"
            r"\bquarter[\s-]+(?:ending|ended)\s+(?P<mon2>March|June|September|December)\b(?!\s+\d)"
        ),  # "the June quarter", "in the quarter-ending December"
    ),
    (
        "half",
        re.compile(
            rf"\b(?:fiscal\s+|FY\s?)?{_YEAR}\s+(?:fiscal\s+)?(?P<ord>first|second|1st|2nd)[\s-]half\b", re.I
        ),
        ("half",),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:the\s+)?(?P<ord>first|second|1st|2nd)[\s-]half(?:[\s-]year)?(?:\s+of|\s+in)?(?:\s+(?:fiscal\s+)?{_YEAR}\b|{_REL})?",
            re.I,
        ),
        ("half",),
    ),
    (
        "half",
        re.compile(rf"\b(?:H(?P<h>[12])|(?P<h2>[12])H)(?:\s*(?:of\s+)?'?{_YY}|{_REL})?\b"),
        ("h1", "h2", "1h", "2h"),
    ),
    (
        "first_quarters",
        re.compile(
            rf"\b(?:the\s+)?first\s+(?P<n>two|three|2|3)\s+quarters(?:\s+(?:of|in)\s+(?:the\s+year\s+)?{_YEAR}\b|{_REL})?",
            re.I,
        ),
    ),
    # "Halfway through 2025, Ford's EV sales are down nearly 12%": the first half
    (
        "halfway",
        re.compile(rf"\b(?:[Hh]alf|[Mm]id)way\s+(?:through|into)\s+(?:the\s+year\s+)?{_YEAR}\b"),
        ("way through", "way into"),
    ),
    (
        "first_months",
        re.compile(
            rf"\b(?:the\s+)?first\s+{_NUMW}\s+months?(?:\s+(?:of|in)\s+(?:the\s+year\s+)?{_YEAR}\b|{_REL})?",
            re.I,
        ),
    ),
    (  # "for the nine-month period", "the six-month period": the year's first months
        "first_months",
        re.compile(
            rf"\b(?:the\s+)?(?P<n>six|nine|6|9)-month\s+period\b(?!\s+(?:ended|ending|to|through|leading|running))"
            rf"(?:\s+of\s+{_YEAR}\b)?",
            re.I,
        ),
        ("month period",),
    ),
    (
        "prev_year",
        re.compile(
            r"\b(?:the\s+)?(?:previous|prior|preceding)\s+(?:(?:financial|fiscal)\s+)?year\b|"
            r"\ba\s+year\s+(?:earlier|ago|before|back)\b",
            re.I,
        ),
        ("previous", "prior", "preceding", "a year"),
    ),
    (
        "since_month",
        re.compile(rf"\b[Ss]ince\s+(?:the\s+(?:start|beginning)\s+of\s+)?{_MON}(?:\s+{_YEAR})?(?!\s*\d)"),
    ),
    # "has lost more than $6bn since 2021": from the start of that year to the article's day
    ("since_year", re.compile(rf"\b[Ss]ince\s+{_YEAR}\b(?![\w%,.-]\d)"), ("since",)),
    # "from the beginning of the year (to August)": January to that month
    (
        "through_month",
        re.compile(
            rf"\b(?:from|since)\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\s*\(?\s*(?:to|through|until)\s+"
            rf"(?:the\s+end\s+of\s+)?{_MON}{_OF_YEAR}",
            re.I,
        ),
        ("beginning of", "start of"),
    ),
    (
        "ytd",
        re.compile(
            r"\b(?:(?:so|thus)\s+far\s+(?:this\s+year|in\s+(?:the\s+year|20\d\d))|year[\s-]to[\s-]date|ytd|"
            r"in\s+the\s+year\s+(?:to\s+date|so\s+far)|since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year|"
            r"(?<=\ba\s)(?:(?:weak|strong|slow|rough|poor|solid|good|bad|tough|difficult|shaky|brisk)\s+)?start\s+to\s+"
            r"(?:the|this)\s+year)\b",
            re.I,
        ),
        ("so far", "thus far", "year-to", "year to", "ytd", "year so far", "since the", "start to"),
    ),
    (
        "ytd",
        re.compile(rf"\bsince\s+the\s+(?:start|beginning)\s+of\s+{_YEAR}\b", re.I),
        ("since the",),
    ),
    (
        "cumulative_to",
        re.compile(rf"\b(?:as\s+of|by|at)\s+(?:the\s+end\s+of\s+|end-){_MON}(?:\s+{_YEAR})?", re.I),
    ),
    # "298,633 EV registrations as of June"
    ("cumulative_to", re.compile(rf"\b[Aa]s\s+of\s+{_MON}(?!\s+\d)(?:\s+{_YEAR})?"), ("as of",)),
    (
        "cumulative_to",
        re.compile(rf"\b(?:[Aa]s\s+of|[Bb]y)\s+{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?"),
        _MONTH_DAY_KEYS,
    ),
    ("cumulative_to", re.compile(rf"\b(?:as\s+of|by)\s+the\s+end\s+of\s+(?:the\s+year\s+)?{_YEAR}", re.I)),
    (
        "ytd",
        re.compile(
            r"\bcumulative\b[^.;]{0,40}?\bfor\s+the\s+year\b|\bfor\s+the\s+year\s+to\s+date\b|"
            # "bringing Zeekr's total for the year to 168,000": the running total, up to the month in focus
            r"\b(?:total|tally)\s+(?:for\s+the|so\s+far\s+this|this)\s+year(?=\s+to\s)",
            re.I,
        ),
        ("<ytd>",),
    ),
    (
        "since",
        re.compile(r"\bsince\s+(?:its\s+)?(?:inception|launch|founding|establishment)\b|\bto\s+date\b", re.I),
    ),
    ("cumulative", re.compile(r"\bcumulative(?:ly)?\b", re.I)),
    (
        # a run rate, not a calendar period: "monthly sales of 40,000", "40,000 a month"
        "rate",
        re.compile(
            r"(?<!\brecord\s)(?<!\bhighest\s)(?<!\blowest\s)(?<!\bbest\s)(?<!\bbiggest\s)(?<!\blargest\s)"
            r"\bmonthly\b(?![\s-]+(?:high|low|record|basis|increase|rise|gain|growth|jump|decline|drop|fall|decrease))|"
            r"(?<!\bfor\s)(?<!\bover\s)(?<!\bin\s)(?<!\bthan\s)(?<!\bwithin\s)(?<!\babout\s)(?<!\bonly\s)"
            r"(?<!\bjust\s)(?<!\bnearly\s)(?<!\balmost\s)(?<!\baround\s)(?<!\bafter\s)(?<!\bbefore\s)"
            r"\b(?:a|per|each|every)\s+month\b(?![\s-]+(?:earlier|ago|before|later|after|of|and|or|to|on|over)\b)",
            re.I,
        ),
    ),
    (
        "month_range",
        re.compile(
            rf"\b(?:(?:the\s+)?period\s+)?(?:[Ff]rom\s+|[Bb]etween\s+)?(?:the\s+(?:start|beginning)\s+of\s+)?"
            rf"{_MON}(?:\s+(?P<year1>(?:19|20)\d\d))?{_RANGE_TO}(?:the\s+end\s+of\s+)?{_MON2}"
            rf"(?:\s+(?:period|quarter))?{_OF_YEAR_AFTER_RANGE}"
        ),
    ),
    # "reaching 107,933 units through June": the year's running total, January to that month
    (
        "through_month",
        re.compile(
            rf"(?<![-–])\b(?:[Tt]hrough|[Tt]hru|Until|(?<=s\s)until|(?<=s\s)till)\s+(?:the\s+end\s+of\s+|end-)?{_MON}{_OF_YEAR}"
            r"(?!['’]s)"
        ),  # "sales until July" too, not "wait until September's new plate"
    ),
    (  # "BEV deliveries throughout the world up to the end of June": the year's running total
        "through_month",
        re.compile(rf"\b[Uu]p\s+(?:to|until)\s+(?:the\s+end\s+of\s+|end-){_MON}{_OF_YEAR}"),
        ("up to", "up until"),
    ),
    ("month", re.compile(rf"\b{_MON}(?:\s+(?:period|quarter))?{_REL}")),
    (  # "in the last three months of 2023": its final quarter; "the final six months of the year": its second half
        "final_months",
        re.compile(
            rf"\bthe\s+(?:last|final|closing)\s+(?P<n>three|six|3|6)\s+months\s+of\s+(?:the\s+year\b\s*)?"
            rf"(?:(?<=\s){_YEAR}\b|(?<=year))",
            re.I,
        ),
        ("months of",),
    ),
    ("rolling", re.compile(rf"\b(?:(?:the\s+)?(?:past|last|previous|trailing)\s+)?{_NUMW}\s+months\b", re.I)),
    (  # "the following fiscal year", "in the subsequent quarter", "a year later": one step on from the last period
        "following",
        re.compile(
            r"\b(?:(?:the|in\s+the)\s+(?:following|subsequent|next)|following|subsequent)\s+"
            r"(?P<what>(?:fiscal\s+|financial\s+)?year|quarter|month|half)\b|"
            r"\ba\s+(?P<what2>year|quarter|month)\s+later\b",
            re.I,
        ),
        ("following", "subsequent", "next", "later"),
    ),
    (  # "over the past 30 days", "in the past week", "the seven-day period ending Monday": a share's run
        "rolling_days",
        re.compile(
            r"\b(?:the\s+)?(?:past|last|previous|trailing)\s+(?:(?P<n>\d{1,3}|two|three|four|five|six|seven|ten|"
            r"fourteen|thirty|ninety)\s+(?:trading\s+)?(?P<u>days|weeks)|(?P<w>week|fortnight))\b|"
            r"\b(?:the\s+)?(?P<n2>\d{1,3}|five|seven|ten|thirty)-day\s+period\b",
            re.I,
        ),
        ("days", "week", "fortnight", "-day"),
    ),
    ("past_year", re.compile(r"\b(?:the\s+)?past\s+year\b", re.I)),
    ("current_quarter", re.compile(r"\b(?:the\s+current|this)\s+quarter\b", re.I)),
    (
        "current_fiscal",
        re.compile(r"\b(?:the\s+current|this)\s+(?:fiscal|financial|business)\s+year\b", re.I),
        ("current", "this"),
    ),
    ("this_year", re.compile(r"\bthe\s+current\s+year\b", re.I), ("current year",)),
    ("last_year", re.compile(r"\blast\s+year(?:'s|’s)?\b", re.I)),
    ("this_year", re.compile(r"\bthis\s+year(?:'s|’s)?\b", re.I)),
    ("next_year", re.compile(r"\bnext\s+year(?:'s|’s)?\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month(?:'s|’s)?\b", re.I)),
    (
        "last_month",
        re.compile(r"\bin\s+the\s+past\s+month\b", re.I),
        ("past month",),
    ),  # "a new high in the past month"
    ("this_month", re.compile(r"\bthis\s+month(?:'s|’s)?\b", re.I)),
    (  # "in 2021-22", "the 2023-24 fiscal year", "FY2023-24": a fiscal year named by both its calendar years
        "fiscal_span",
        re.compile(
            r"(?<![\w$€£¥:,.-])(?:FY\s?)?(?P<y1>(?:19|20)\d\d)\s?[-–/]\s?(?P<yy>\d\d)(?![\d%-])"
            r"(?:\s+(?:fiscal|financial)\s+year)?"
        ),
        ("<year span>",),
    ),
    (
        "full_year",
        re.compile(rf"\b(?:the\s+)?{_YEAR}\s+(?:fiscal|financial|full)\s+year\b", re.I),
        ("fiscal", "financial", "full"),
    ),
    (
        "full_year",
        re.compile(rf"\b(?:the\s+)?(?:entire|whole|full)\s+{_YEAR}\b", re.I),
        ("entire", "whole", "full"),
    ),
    (
        "full_year",
        re.compile(
            rf"\b(?:the\s+)?(?:full[\s-]year|entire\s+year|whole\s+year|fiscal\s+year|financial\s+year|full\s+fiscal\s+year)(?:\s+(?:of\s+)?{_YEAR})?"
            r"|\b(?:the\s+)?(?:last|previous|past)\s+(?:fiscal|financial)\b(?!\s+(?:year|quarter|half|\d))",  # "last fiscal"
            re.I,
        ),
        ("full", "entire", "whole", "fiscal", "financial"),
    ),
    (
        "full_year",
        re.compile(
            rf"\b(?:fiscal\s+|FY\s?){_YEAR}\b|\bfor\s+the\s+year\b|\byear-end\s+(?=total|tally|figure)|"
            r"\bannual(?:ly)?\b(?![\s-]+(?:(?:about\s+|around\s+|nearly\s+)?[\d.,]+\s*(?:%|percent|per\s+cent)\s+)?(?:jump|increase|rise|growth|gain|decline|fall|drop|surge|climb|"
            r"decrease|slump|leap|rate|basis|comparison))",
            re.I,
        ),
        ("fiscal", "fy", "for the year", "annual", "year-end"),
    ),
    ("full_year", re.compile(r"\b(?:FY\s?|FY')(?P<year>\d\d)\b"), ("fy",)),
    (  # "by year's end", "over the course of the year": the year the text reports on (or plans for)
        "full_year",
        re.compile(
            r"\b(?:by\s+)?the\s+end\s+of\s+the\s+year\b|\b(?:by\s+)?year['’]s\s+end\b|"
            r"\bover\s+the\s+course\s+of\s+the\s+year\b|\bthroughout\s+the\s+year\b",
            re.I,
        ),
        ("end of the year", "year's end", "year’s end", "course of the year", "throughout the year"),
    ),
    (
        "year_range",
        re.compile(
            r"\b(?:[Bb]etween|[Ff]rom)\s+(?P<year1>(?:19|20)\d\d)\s+(?:and|to|through|until)\s+(?P<year>(?:19|20)\d\d)\b|"
            r"(?<![\w$€£¥:,.-])(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y2>(?:19|20)\d\d)\b"
        ),
        _TWO_YEARS_KEYS,
    ),
    (
        "quarterly",
        re.compile(
            r"\bquarterly\b|\b(?:for|in|during|over)\s+the\s+(?:quarter|period|month)\b"
            r"(?!\s+(?:from\b(?!\s+(?:about\s+|around\s+)?[\d$€£¥])|(?:between|of|ended|ending|to|through)\b))",
            re.I,
        ),
        ("quarterly", "the quarter", "the period", "the month"),
    ),
    (
        "day_range",
        re.compile(
            rf"\b(?:[Ff]rom\s+|[Bb]etween\s+)?{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|through|and)\s*"
            rf"{_MON2}\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"
        ),
        _MONTH_DAY_KEYS,
    ),  # "between October 1 and November 15, 2021"
    (
        "day_range",
        re.compile(
            rf"\b(?:[Ff]rom\s+)?{_MON}\s+(?P<day>\d{{1,2}})\s*(?:-|–|to|through)\s*(?P<day2>\d{{1,2}})\b(?:,?\s+{_YEAR})?"
        ),
        _MONTH_DAY_KEYS,
    ),
    (
        "day",
        re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"),
        _MONTH_DAY_KEYS,
    ),
    (  # "on 2nd April"
        "day",
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:\s+{_YEAR})?"),
        _DAY_MONTH_KEYS,
    ),
    (
        "final_month",
        re.compile(rf"\bthe\s+(?:final|last|closing)\s+month\s+of\s+(?:the\s+year\s+)?{_YEAR}\b", re.I),
        ("month of",),
    ),  # "during the final month of 2019": December
    (
        "first_month",
        re.compile(
            rf"\bthe\s+(?:first|opening)\s+month\s+of\s+(?:the\s+year\b\s*)?(?:(?<=\s){_YEAR}\b|(?<=year))",
            re.I,
        ),
        ("month of",),
    ),  # "in the first month of the year": January
    ("month", re.compile(rf"\b{_MON}{_OF_YEAR}(?!\w)")),
    (
        "year",
        re.compile(
            rf"(?:(?<=\bCY)|(?<=\bCY\s)|(?<![\w$€£¥:,.-])){_YEAR}(?:'s|’s)?"
            rf"(?![\w%,.]\d|\d|[-–]\d|\s?(?:%|percent|per cent|units|vehicles|cars))"
        ),
    ),  # "2024", "CY2025" (a calendar year, beside fiscal ones)
]

OPENS_BRACKET = re.compile(r"\(\s*$")  # text ending in an opening bracket
_LABEL_GAP = re.compile(r"\s*:\s*(?:[$€£¥]|RMB\s?|US\$|EUR\s?)?\s*")


def labels_figure(text: str, start: int, end: int, at: int | None = None) -> bool:
    """Whether the period at `start`..`end` labels a bracketed figure ("€37.7 billion (Q3 2021: €31.6 billion)"):
    that figure's own period, and a base for the figures outside. With `at`, whether it labels the figure there."""
    if OPENS_BRACKET.search(text, max(0, start - 3), start) is None:
        return False
    if at is not None:
        return _LABEL_GAP.fullmatch(text, end, at) is not None
    gap = _LABEL_GAP.match(text, end)
    return gap is not None and text[gap.end() : gap.end() + 1].isdigit()


_BASE_BEFORE = fast_compile(
    r"(?:\bfrom|compar(?:ed|es|ing)\s+(?:to|with)|\bversus|\bvs\.?|(?<!\bmore\s)(?<!\bless\s)(?<!\bfewer\s)(?<!\brather\s)\bthan|\bagainst|(?<!^)(?<![.!?\n]\s)(?<!\n)\bover|\bbeat|"
    r"\babove|\bbelow|(?<!\bmore\s)(?<!\bless\s)(?<!\bfewer\s)\bthan\s+in)\s+(?:the\s+|a\s+)?$|"
    r"\b(?:double|triple|twice|thrice|half|treble)\s+(?:of\s+)?(?:the\s+)?$|"
    # "slightly lower than its record month in September": the period of what the figure is compared with
    # (not "by more than a third in January": a fraction after "more than" is the figure itself)
    r"(?<!\brather\s)\bthan\s+(?!a\s+(?:third|quarter|fifth|tenth|half)\b)(?:its|their|the|a|his|her)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:in|during|for|of)\s+(?:the\s+)?$|"
    r"(?:\bfrom|compar(?:ed|es|ing)\s+(?:to|with)|\bversus|\bvs\.?|(?<!\bmore\s)(?<!\bless\s)(?<!\bfewer\s)(?<!\brather\s)\bthan)\s+(?:(?!\bto\b)(?:[^,;]|(?<=\d),(?=\d)))*?\d"
    r"(?:[^,;]|(?<=\d),(?=\d)){0,24}?\b(?:in|during|for)\s+(?:the\s+)?$|"
    # "up from 3.0 million last year": the period right after the base figure
    r"(?:\bfrom|compar(?:ed|es|ing)\s+(?:to|with)|\bversus|\bvs\.?|(?<!\bmore\s)(?<!\bless\s)(?<!\bfewer\s)(?<!\brather\s)\bthan)\s+(?:about\s+|around\s+|nearly\s+|some\s+|just\s+|only\s+|a\s+mere\s+)?"
    r"(?:[$€£¥]|RMB\s?|US\$|HK\$)?\d[\d,.]*\s*(?:%\s*|(?:percent|per\s+cent|million|billion|trillion|thousand|"
    r"units|vehicles|cars|EVs|yuan|euros|dollars|pounds|mn|bn|m|k)\b\s*){0,3}$",
    re.I,
)
_TO_DATE_SPANS = ("first_months", "first_quarters", "half")  # spans a figure is counted over, not against
_OVER_BEFORE = re.compile(r"\bover\s+(?:the\s+)?$", re.I)
# every alternative of _BASE_BEFORE holds one of these words: a window without them is no base
_BASE_WORDS = prefilter_compile(
    r"from|compar|versus|vs|than|against|over|beat|above|below|double|triple|twice|thrice|half|treble", re.I
)
_SUPERLATIVE = (
    r"\b(?:first|highest|lowest|best|worst|biggest|largest|smallest|strongest|weakest|fastest|slowest|"
    r"steepest|sharpest|deepest|most|least|record)\b[^,;.]{0,40}"
)
# "the highest since 2020", "the first month since the group was forged in January 2021": the period
# dates the comparison, not the figure
_SINCE_BEFORE = fast_compile(
    rf"(?:{_SUPERLATIVE}\bsince\s+(?:the\s+(?:start|beginning|end)\s+of\s+)?|"
    r"\bsince\s+(?:the\s+|its\s+|their\s+|it\s+|they\s+)?[a-z][^,;.\d]{0,60}?\s(?:in|on)\s+(?:the\s+)?)$",
    re.I,
)
_SUPERLATIVE_BEFORE = fast_compile(rf"{_SUPERLATIVE}$", re.I)
# a comma-bounded aside whose words date something else: "The Leaf, first sold in 2010, has ...",
# "Tesla shares, which have lost 40% this year, rose 4%", "The YU7, due in June, will start at ..."
_ASIDE = re.compile(
    r"(?:(?:,|\(|—|–)\s*(?:which|who|whose|first|due|originally|once|slated|scheduled|expected\s+to)\b|"
    r"(?:^|,|\(|—|–)\s*(?:launched|founded|introduced|unveiled|released|debuted|listed|established|built|made|"
    r"set\s+up)\s+(?:in|on|back\s+in)\b)(?:[^,;()—–]|(?<=\d),(?=\d)|\([^()]*\))*(?:,|\)|—|–)",
    re.I,
)
_MONTH_NOUN = re.compile(
    r"\s+(?:sales|deliveries|delivery|figures|data|registrations|exports|production|output|results)\b", re.I
)
_BASE_KINDS = {"same_last_year", "same_of_year", "prev_quarter", "prev_year", "prev_month"}
_TICKER_BEFORE = prefilter_compile(
    r"(?:HKEX|NYSE|Nasdaq|NASDAQ|SGX|SZSE|SSE|HK|TSE|KRX|ticker)\s*:\s*$|"
    r"\b(?:listed|trades?|traded|trading)\b[^.;]{0,40}\bunder\s+(?:the\s+)?(?:(?:stock\s+)?(?:code|ticker|symbol)\s+)?$",
    re.I,
)
_RESPECTIVELY = fast_compile(r"\brespectively\b", re.I)


# substrings (lowercased) a pattern cannot match without: a cheap filter before running the regex
_NEEDS: dict[str, tuple[str, ...]] = {
    "same_last_year": ("same", "corresponding"),
    "same_of_year": ("same", "corresponding"),
    "same": ("same", "review", "reporting"),
    "prev_quarter": ("quarter", "three"),
    "last_quarter": ("last quarter",),
    "first_quarters": ("quarters",),
    "prev_year": ("year",),
    "prev_month": ("month",),
    "run": ("month", "months", "quarter", "quarters", "year"),
    "months_ended": ("months", "-month"),
    "ended": ("quarter", "quarters", "year", "half", "period"),
    "quarter": ("quarter", "q"),
    "quarter_range": ("quarter", "quarters", "q"),
    "month_quarter": (
        "march quarter",
        "june quarter",
        "september quarter",
        "december quarter",
        "quarter-end",
        "quarter end",
    ),
    "half": ("half", "h"),
    "first_months": ("month",),
    "ytd": ("year", "ytd", "cumulative", "since"),
    "cumulative_to": ("end of", "as of", "by ", "end-"),
    "through_month": ("through", "thru", "until", "till"),
    "since": ("since", "to date"),
    "cumulative": ("cumulative",),
    "since_month": ("since",),
    "since_year": ("since",),
    "rate": ("monthly", "a month", "per month", "each month", "every month"),
    "rolling": ("months",),
    "past_year": ("past year",),
    "current_quarter": ("current quarter", "this quarter"),
    "current_fiscal": ("year",),
    "last_year": ("last year",),
    "this_year": ("this year", "current year"),
    "next_year": ("next year",),
    "last_month": ("last month",),
    "this_month": ("this month",),
    "full_year": ("year", "fiscal", "fy", "annual"),
    "year_range": _TWO_YEARS_KEYS,
    "quarterly": ("quarter", "period", "month"),
    "month_range": _TWO_MONTHS_KEYS,
    "day_range": _MONTH_KEYS,
    "day": _MONTH_KEYS,
    "month": _MONTH_KEYS,
    "year": _YEAR_KEYS,
}
# each pattern told which characters its matches start with, so `re` skips to them (`fast_start`)
_PATTERNS = [(kind, fast_start(rx), *needs) for kind, rx, *needs in _PATTERNS]


def _fewest(needs: tuple[str, ...]) -> tuple[str, ...]:
    """`needs` without the keys that hold another of them ("months" with "month"): a text holding
    such a key holds the shorter one too, so the same patterns run and fewer keys are looked for."""
    return tuple(k for k in needs if not any(o != k and o in k for o in needs))


_PATTERN_NEEDS = [_fewest(entry[2] if len(entry) > 2 else _NEEDS[entry[0]]) for entry in _PATTERNS]
_KEYS = tuple(sorted({k for ks in _PATTERN_NEEDS for k in ks}))
# keys holding a common word are looked for only where the word is: "last month", "monthly",
# "per month" ... need "month" (the pseudo-keys "<month>", "<year>" are found by regex instead)
_STEMS = ("quarter", "month", "year")
_STEM_KEYS = tuple((st, tuple(k for k in _KEYS if st in k and not k.startswith("<"))) for st in _STEMS)
_LONE_KEYS = tuple(k for k in _KEYS if not k.startswith("<") and not any(st in k for st in _STEMS))
# key → the positions in _PATTERNS of the patterns it opens, so a sentence visits only those
_PATTERNS_OF: dict[str, frozenset[int]] = {
    k: frozenset(i for i, needs in enumerate(_PATTERN_NEEDS) if k in needs) for k in _KEYS
}
# each pattern's own word sets, read from the pattern (`prefilter`): a second check after the keys,
# since a key ("<month>", "quarter", "by ") is often there when the rest of the pattern's words are not
_WORD_GATES: tuple[Prefiltered | None, ...] = tuple(
    gate if isinstance(gate := prefiltered(entry[1]), Prefiltered) else None for entry in _PATTERNS
)


def _up_to_two(rx: re.Pattern[str], text: str) -> int:
    """How many matches `findall` would give, counted no further than two: the keys ask only for
    one or more than one, and two searches stop where a `findall` reads on to the end."""
    m = rx.search(text)
    if m is None:
        return 0
    return 2 if rx.search(text, m.end()) is not None else 1


def find_periods(text: str) -> list[PeriodMention]:
    """Every period mention in `text`, left to right, without overlaps."""
    spans: list[tuple[int, int]] = []
    out: list[PeriodMention] = []
    low = text.lower()
    present = set(filter(low.__contains__, _LONE_KEYS))  # `filter` loops in C: 47 keys per sentence
    for stem, keys in _STEM_KEYS:
        if stem in low:
            present.update(filter(low.__contains__, keys))
    months = _up_to_two(_MONTH_WORD, text)
    if months:
        present.add("<month>")
        if months > 1:
            present.add("<months>")
        if _MONTH_DAY.search(text):
            present.add("<month day>")
        if _DAY_MONTH.search(text):
            present.add("<day month>")
    years = _up_to_two(_YEAR_WORD, text)
    if years:
        present.add("<year>")
        if years > 1:
            present.add("<years>")
        if _YEAR_SPAN.search(text):
            present.add("<year span>")
    if "year" in low and _YTD_WORDS.search(text):
        present.add("<ytd>")
    respectively = None
    asides: list[tuple[int, int]] | None = None
    for i in sorted(frozenset().union(*[_PATTERNS_OF[k] for k in present])):
        gate = _WORD_GATES[i]
        if gate is not None and not gate.holds_words(text, low):
            continue
        kind, rx = _PATTERNS[i][:2]
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(s < b and a < e for a, b in spans):
                continue
            if (
                kind == "month"
                and m.group("mon") == "May"
                and not (m.groupdict().get("year") or m.group("rel"))
            ):
                before = text[max(0, s - 12) : s].lower()
                if (
                    not re.search(r"(?:in|for|of|during|since|until|through|to|and|,|–|-)\s*$", before)
                    and s != 0
                    and not _MONTH_NOUN.match(text[e : e + 20])
                ):
                    continue
            if (
                kind in ("month", "day", "month_range")
                and m.groupdict().get("mon")
                and m.group("mon")[:3].lower() in ("mar", "may")
                and m.group("mon")[0].islower()
            ):
                continue
            if kind in ("year", "year_range") and _TICKER_BEFORE.search(text[max(0, s - 60) : s]):
                continue
            if kind in ("month_range", "quarter_range") and re.search(r"\band\b", m.group(0)):
                if respectively is None:
                    respectively = bool(_RESPECTIVELY.search(text))
                if respectively:
                    continue  # "sales in May and June rose 5% and 8%, respectively": two periods
            g = m.groupdict()
            pm = _mention(kind, m, g)
            if pm is None:
                continue
            before = text[max(0, s - 90) : s]
            # "down 5.8% over the past 30 days", "fell 45.8% over the first 11 months of 2023": a span, no base
            # (not "During the second quarter, sales increased 13% over the first three months": a base there)
            span = kind in ("rolling_days", "rolling") or (
                kind in _TO_DATE_SPANS and not out and _OVER_BEFORE.search(before) is not None
            )
            base = not span and (
                kind in _BASE_KINDS
                or _BASE_WORDS.search(before, max(0, len(before) - 45)) is not None
                and _BASE_BEFORE.search(before, max(0, len(before) - 45))
                is not None  # lookbehinds see the cut word
                or "since" in before.lower()
                and bool(_SINCE_BEFORE.search(before))
                or kind in ("since_month", "since_year", "ytd")
                and m.group(0).lower().startswith("since")
                and bool(_SUPERLATIVE_BEFORE.search(before))
                or labels_figure(text, s, e)  # "€37.7 billion (Q3 2021: €31.6 billion)"
            )
            if asides is None:
                asides = _asides(text)
            aside = next(((a, b) for a, b in asides if a < s and e < b), None)
            # `_mention` leaves base False and aside None: copy the frozen mention only to change them
            out.append(replace(pm, base=base, aside=aside) if base or aside is not None else pm)
            spans.append((s, e))
    out.sort(key=lambda p: p.start)
    return _fiscal_quarters(text, out) if len(out) > 1 else out


_OF_FISCAL_YEAR = re.compile(
    r"\s+of\s+(?:the\s+)?(?:(?:current|this|ongoing)\s+)?(?:(?:financial|fiscal)\s+year\s*|fiscal\s+)?\(?\s*",
    re.I,
)


def _fiscal_quarters(text: str, found: list[PeriodMention]) -> list[PeriodMention]:
    """ "the second quarter of the current financial year (FY25)", "the second quarter of FY25": one
    fiscal quarter (as "Q2 FY25"), not a calendar quarter beside a fiscal year."""
    out: list[PeriodMention] = []
    i = 0
    while i < len(found):
        pm = found[i]
        fy = next(
            (
                x
                for x in found[i + 1 : i + 3]
                if x.kind == "full_year" and x.year and text[x.start : x.start + 2].upper() == "FY"
            ),
            None,
        )
        if (
            pm.kind == "quarter"
            and pm.year is None
            and fy is not None
            and _OF_FISCAL_YEAR.fullmatch(text, pm.end, fy.start) is not None
        ):
            out.append(replace(pm, end=fy.end, text=text[pm.start : fy.end], year=fy.year))
            i = found.index(fy) + 1
            continue
        out.append(pm)
        i += 1
    return out


# `_ASIDE` past the text's first character: every match there opens with one of these marks
_ASIDE_AFTER_START = re.compile(f"(?=[,(—–])(?:{_ASIDE.pattern})", _ASIDE.flags)


def _asides(text: str) -> list[tuple[int, int]]:
    """The spans of `_ASIDE` in `text`. Its "^" alternative keeps `re` from skipping to the marks
    an aside opens with, so only the first character is tried with the whole pattern."""
    first = _ASIDE.match(text)
    out = [first.span()] if first else []
    out += [a.span() for a in _ASIDE_AFTER_START.finditer(text, first.end() if first else 0)]
    return out


_SPACES = re.compile(r"\s+")
_REL_YEARS = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "the prior": -1, "next": 1}


def _mention(kind: str, m: re.Match[str], g: dict) -> PeriodMention | None:
    s, e, t = m.start(), m.end(), m.group(0)
    year = _y(g.get("year"))
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    rel_words = g.get("rel")
    rel = _REL_YEARS.get(_SPACES.sub(" ", rel_words).lower()) if rel_words else None
    if kind == "quarter":
        q = (
            int(g.get("q") or g.get("q2") or 0)
            or ORDINALS.get((g.get("ord") or "").lower())
            or {"I": 1, "II": 2, "III": 3, "IV": 4}.get(g.get("roman") or "")
            or (4 if g.get("last") else 0)
        )
        return PeriodMention(s, e, t, "quarter", year, q, rel=rel)
    if kind == "month_quarter":
        mon = mon or MONTHS.get((g.get("mon2") or "").lower())
        return PeriodMention(s, e, t, "quarter", year, mon // 3) if mon else None
    if kind == "quarter_range":
        q1 = int(g.get("q") or 0) or ORDINALS.get((g.get("ord") or "").lower())
        q2 = int(g.get("q2") or 0) or ORDINALS.get((g.get("ord2") or "").lower())
        if not (q1 and q2 and q1 < q2):
            return None
        return PeriodMention(s, e, t, "month_range", year, 3 * q1 - 2, 3 * q2, rel=rel)
    if kind == "half":
        h = int(g.get("h") or g.get("h2") or 0) or ORDINALS.get((g.get("ord") or "").lower())
        return PeriodMention(s, e, t, "half", year, h, rel=rel)
    if kind == "final_month":
        return PeriodMention(s, e, t, "month", year, 12)
    if kind == "first_month":
        return PeriodMention(s, e, t, "month", year, 1)
    if kind == "final_months":  # "of the year" with no year named: this year's
        rel = None if year else 0
        n = g["n"].lower()
        return (
            PeriodMention(s, e, t, "quarter", year, 4, rel=rel)
            if n in ("three", "3")
            else PeriodMention(s, e, t, "half", year, 2, rel=rel)
        )
    if kind == "halfway":
        return PeriodMention(s, e, t, "half", year, 1)
    if kind == "first_quarters":
        n = g["n"].lower()
        count = 3 * (int(n) if n.isdigit() else COUNTS[n])
        return PeriodMention(s, e, t, "first_months", year, count, rel=rel)
    if kind == "following":
        what = (g.get("what") or g.get("what2") or "").lower().split()[-1]
        return PeriodMention(s, e, t, kind, None, {"month": 1, "quarter": 3, "half": 6, "year": 12}[what])
    if kind == "rolling_days":
        n = (g.get("n") or g.get("n2") or "").lower()
        count = (
            int(n) if n.isdigit() else COUNTS.get(n) or {"fourteen": 14, "thirty": 30, "ninety": 90}.get(n)
        )
        if g.get("w"):
            count = 14 if g["w"].lower() == "fortnight" else 7
        elif (g.get("u") or "").lower() == "weeks" and count:
            count *= 7
        return PeriodMention(s, e, t, kind, None, count) if count else None
    if kind in ("first_months", "rolling", "months_ended"):
        n = g.get("n") or ""
        count = int(n) if n.isdigit() else COUNTS.get(n.lower())
        if not count or count > 12:
            return None
        day = int(g["day"]) if g.get("day") else None
        return PeriodMention(s, e, t, kind, year, count, mon, day, rel=rel)
    if kind == "ended":
        what = {"quarter": 1, "year": 2, "half": 3, "half-year": 3}.get(g["what"].lower(), 1)
        return PeriodMention(s, e, t, "ended", year, mon, what, int(g["day"]) if g.get("day") else None)
    if kind == "month_range":
        mon2 = MONTHS.get(g["mon2"].lower().rstrip("."))
        year1 = _y(g.get("year1"))
        if re.search(r"\band\b", t) and not re.search(r"\bbetween\b", t, re.I) and mon2 != mon % 12 + 1:
            return None  # "in January and March": two months, not a span
        return PeriodMention(s, e, t, kind, year, mon, mon2, rel=rel, year1=year1)
    if kind == "fiscal_span":
        y1 = int(g["y1"])
        if int(g["yy"]) != (y1 + 1) % 100:
            return None  # "2023-25" or a score: not one fiscal year
        return PeriodMention(s, e, t, kind, y1 + 1)
    if kind == "year_range":
        y1, y2 = _y(g.get("year1") or g.get("y1")), _y(g.get("year") or g.get("y2"))
        if not (y1 and y2 and y1 < y2 <= y1 + 30):
            return None
        return PeriodMention(s, e, t, kind, y2, year1=y1)
    if kind == "day_range":
        mon2 = MONTHS.get((g.get("mon2") or "").lower().rstrip("."))
        return PeriodMention(s, e, t, kind, year, mon, int(g["day2"]), int(g["day"]), a2=mon2)
    if kind == "day":
        if not mon:
            return None
        day = int(g["day"])
        return PeriodMention(s, e, t, "day", year, mon, None, day) if 1 <= day <= 31 else None
    if kind == "through_month":
        return PeriodMention(s, e, t, "month_range", year, 1, mon, rel=rel) if mon else None
    if kind == "cumulative_to":
        day = int(g["day"]) if g.get("day") else None
        return PeriodMention(s, e, t, kind, year, mon or 12, None, day)
    if kind in ("month", "since_month"):
        return PeriodMention(s, e, t, kind, year, mon, rel=rel)
    if kind == "since_year":
        return PeriodMention(s, e, t, "since_month", year, 1)
    if kind in ("year", "full_year", "same_of_year", "ytd"):
        return PeriodMention(s, e, t, kind, year)
    return PeriodMention(s, e, t, kind)


def _ref_year(ctx: PeriodContext) -> int | None:
    return ctx.published.year if ctx.published else ctx.anchor_year


def _rel_year(pm: PeriodMention, ctx: PeriodContext) -> int | None:
    """The year of "June this year", "the second quarter of last year" (None when not so named)."""
    if pm.rel is None:
        return None
    if ctx.published:
        return ctx.published.year + pm.rel
    return ctx.anchor_year if pm.rel <= 0 else None  # as "this year" and "last year" read without a date


def _past_month_year(month: int, ctx: PeriodContext, forecast: bool) -> int | None:
    if ctx.published:
        p = ctx.published
        if forecast:
            return p.year if month >= p.month else p.year + 1
        return p.year if month <= p.month else p.year - 1
    return _focus_year(ctx)


def _past_quarter_year(q: int, ctx: PeriodContext, forecast: bool) -> int | None:
    if ctx.published:
        p = ctx.published
        current = (p.month - 1) // 3 + 1
        if forecast:
            return p.year if q >= current else p.year + 1
        return p.year if q < current else p.year - 1
    return _focus_year(ctx)


def _month_in_focus(ctx: PeriodContext) -> Period:
    """ "Sold 3,309 this month" without a publication date: the month the text is talking about, else
    the month it names first (a monthly report names its month in the lead), else unknown."""
    for period in (ctx.last, ctx.report_month):
        if span_unit(period) == "month":
            return period
    return None, None


_JUST_CLOSED_DAYS = 15  # sales reports for a quarter come out in its next month's first two weeks


def _closed_span(day: dt.date, months: int) -> Period | None:
    """The quarter (3) or half (6) that ended the month before `day`, when one did."""
    prev = day.replace(day=1) - dt.timedelta(days=1)
    if prev.month % months:
        return None
    start = dt.date(prev.year, prev.month - months + 1, 1)
    return start, prev


def _focus_year(ctx: PeriodContext) -> int | None:
    """Without a publication date: the year of the period the text is talking about, else the anchor."""
    if ctx.last and ctx.last[1] and ctx.last[0] and ctx.last[0].year == ctx.last[1].year:
        return ctx.last[1].year
    return ctx.anchor_year


def shift(period: tuple[dt.date | None, dt.date | None], years: int = 0, months: int = 0):
    """Move a period by whole years or months (ends snap to month ends when they were month ends)."""

    def mv(d: dt.date | None, is_end: bool) -> dt.date | None:
        if d is None:
            return None
        total = d.year * 12 + d.month - 1 + years * 12 + months
        y, m = divmod(total, 12)
        m += 1
        last = calendar.monthrange(y, m)[1]
        if is_end and d.day == calendar.monthrange(d.year, d.month)[1]:
            return dt.date(y, m, last)
        return dt.date(y, m, min(d.day, last))

    return mv(period[0], False), mv(period[1], True)


def span_unit(period: Period | None) -> str | None:
    """'month', 'quarter', 'half' or 'year' when `period` is exactly one calendar unit, else None."""
    if not period or not period[0] or not period[1]:
        return None
    s, e = period
    if s.day != 1 or e != month_end(e.year, e.month):
        return None
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    unit = {1: "month", 3: "quarter", 6: "half", 12: "year"}.get(months)
    if unit == "quarter" and s.month % 3 != 1 or unit == "half" and s.month not in (1, 7):
        return None
    return "year" if unit == "year" and s.month == 1 else unit if unit != "year" else None


def carried(ctx: PeriodContext, unit: str | None = None) -> Period | None:
    """The period the text is talking about; with `unit`, the latest named period of that unit
    ("in the quarter" after "47,774 in June, bringing its second-quarter total to 108,581")."""
    if unit is None or span_unit(ctx.last) == unit:
        return ctx.last
    for r in reversed(ctx.recent):
        if span_unit(r) == unit:
            return r
    if unit == "quarter" and ctx.last and ctx.last[1] and span_unit(ctx.last) == "month":
        e = ctx.last[1]
        return quarter_bounds(e.year, (e.month - 1) // 3 + 1)
    return ctx.last


def _fiscal_bounds(end_year: int, fiscal_end: int) -> Period:
    """The fiscal year ending in `fiscal_end` of `end_year` (a calendar year when it ends in December)."""
    return shift((dt.date(end_year, fiscal_end, 1), None), months=-11)[0], month_end(end_year, fiscal_end)


def _fiscal_end_year(day: dt.date, fiscal_end: int) -> int:
    """The end year of the fiscal year containing `day`."""
    return day.year if day.month <= fiscal_end else day.year + 1


def _full_year(pm: PeriodMention, ctx: PeriodContext, forecast: bool) -> Period:
    """ "the full year", "the fiscal year", "annual": the year the text reports on, never one not yet
    over for a reported figure (January's article on last year's results), the coming one for a forecast."""
    fe, last, pub = ctx.fiscal_end, ctx.last, ctx.published
    if pm.year:
        if fe != 12:  # Toyota's "fiscal 2020" ends in March 2021, Tata Motors' "FY24" in March 2024
            return _fiscal_bounds(pm.year + 1 if ctx.fiscal_named_by == "start" else pm.year, fe)
        return dt.date(pm.year, 1, 1), dt.date(pm.year, 12, 31)
    if pm.kind == "current_fiscal" or forecast:
        if pub:
            return _fiscal_bounds(_fiscal_end_year(pub, fe), fe)
        if last and last[1]:
            return _fiscal_bounds(_fiscal_end_year(last[1], fe), fe)
        return _fiscal_bounds(ctx.anchor_year, fe) if ctx.anchor_year and fe == 12 else (None, None)
    if pub:
        latest = _fiscal_end_year(pub, fe) - 1  # the latest fiscal year over by publication
        if last and last[1]:
            latest = min(latest, _fiscal_end_year(last[1], fe))
        elif ctx.anchor_year and fe == 12:
            latest = min(latest, ctx.anchor_year)
        return _fiscal_bounds(latest, fe)
    if last and last[1]:
        return _fiscal_bounds(_fiscal_end_year(last[1], fe), fe)
    return _fiscal_bounds(ctx.anchor_year, fe) if ctx.anchor_year and fe == 12 else (None, None)


def last_full_month_end(published: dt.date) -> dt.date:
    """The last day of the month before `published` (in January, `published` itself): news reports the
    year so far through the last month whose data are out, as the gold sets annotate "year to date"."""
    if published.month == 1:
        return published
    return published.replace(day=1) - dt.timedelta(days=1)


def _ytd(pm: PeriodMention, ctx: PeriodContext) -> Period:
    """Year to date: to the last day the text reports on (or the publication date)."""
    y = pm.year or _ref_year(ctx)
    for end in (ctx.last_end, ctx.data_end):
        if end and (y is None or end.year == y):
            return dt.date(end.year, 1, 1), end
    if ctx.published and (y is None or y == ctx.published.year):
        return dt.date(ctx.published.year, 1, 1), last_full_month_end(ctx.published)
    return (
        (dt.date(y, 1, 1), dt.date(y, 12, 31))
        if y and ctx.published and y < ctx.published.year
        else (None, None)
    )


def _the_same_span(pm: PeriodMention, ctx: PeriodContext) -> bool:
    """ "during the three months" (not "the past three months") after a period of that many months
    names that period again."""
    last = ctx.last
    if not (last and last[0] and last[1] and pm.a) or re.search(
        r"past|last|previous|trailing", pm.text, re.I
    ):
        return False
    months = (last[1].year - last[0].year) * 12 + last[1].month - last[0].month + 1
    return months == pm.a and last[0].day == 1


def last_completed_quarter(published: dt.date) -> Period:
    """The calendar quarter before the one `published` falls in."""
    current = (published.month - 1) // 3 + 1
    return (
        quarter_bounds(published.year, current - 1) if current > 1 else quarter_bounds(published.year - 1, 4)
    )


def resolve(pm: PeriodMention, ctx: PeriodContext, forecast: bool = False) -> Period:
    """Inclusive calendar bounds of a mention, or (None, None) when the text and context give none."""
    k, year = pm.kind, pm.year or _rel_year(pm, ctx)
    if pm.base and pm.rel == -1 and ctx.last and ctx.last[1] and not pm.year:
        year = ctx.last[1].year - 1  # "from 636,000 in the first eight months of the previous year"
    ref = _ref_year(ctx)
    last = ctx.last
    try:
        if k == "quarter" and pm.a:
            y = year or _past_quarter_year(pm.a, ctx, forecast)
            return quarter_bounds(y, pm.a) if y else (None, None)
        if k == "half" and pm.a:
            y = year or _past_quarter_year(pm.a * 2, ctx, forecast)
            if not y:
                return None, None
            return (
                (dt.date(y, 1, 1), dt.date(y, 6, 30)) if pm.a == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
            )
        if k == "first_months":
            y = year
            if y is None and ctx.published:
                p = ctx.published
                y = p.year if pm.a < p.month or forecast else p.year - 1
            y = y or _focus_year(ctx)
            return (dt.date(y, 1, 1), month_end(y, pm.a)) if y else (None, None)
        if k == "since_month" and pm.a:
            y = year or _past_month_year(pm.a, ctx, False)
            return (dt.date(y, pm.a, 1), ctx.published) if y else (None, None)
        if k == "months_ended" and pm.b:
            y = year or _past_month_year(pm.b, ctx, forecast)
            if not y:
                return None, None
            end = dt.date(y, pm.b, pm.day) if pm.day else month_end(y, pm.b)
            start = shift((dt.date(y, pm.b, 1), None), months=-(pm.a - 1))[0]
            return start, end
        if k == "ended" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            if not y:
                return None, None
            if pm.b == 2:  # a (fiscal) year: the twelve months to the end of the month named
                return shift((dt.date(y, pm.a, 1), None), months=-11)[0], month_end(y, pm.a)
            if pm.b == 3:
                return shift((dt.date(y, pm.a, 1), None), months=-5)[0], month_end(y, pm.a)
            return quarter_bounds(y, (pm.a - 1) // 3 + 1)
        if k == "month" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            return (dt.date(y, pm.a, 1), month_end(y, pm.a)) if y else (None, None)
        if k == "month_range" and pm.a and pm.b:
            y = year or _past_month_year(pm.b, ctx, forecast)
            if not y:
                return None, None
            y1 = pm.year1 or (y - 1 if pm.a > pm.b else y)
            return dt.date(y1, pm.a, 1), month_end(y, pm.b)
        if k == "fiscal_span" and pm.year:
            return _fiscal_bounds(
                pm.year, ctx.fiscal_end if ctx.fiscal_end != 12 else 3
            )  # April to March by default
        if k == "year_range" and pm.year1 and pm.year:
            return dt.date(pm.year1, 1, 1), dt.date(pm.year, 12, 31)
        if k == "day_range" and pm.a:
            y = year or _past_month_year(pm.a2 or pm.a, ctx, forecast)
            if not y:
                return None, None
            try:
                start = dt.date(y - 1 if pm.a2 and pm.a2 < pm.a else y, pm.a, pm.day)
                return start, dt.date(y, pm.a2 or pm.a, pm.b)
            except ValueError:
                return None, None  # "February 30": no day
        if k == "day" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            return (dt.date(y, pm.a, pm.day), dt.date(y, pm.a, pm.day)) if y else (None, None)
        if k == "cumulative_to" and pm.a:
            y = year or _past_month_year(pm.a, ctx, forecast)
            if not y:
                return None, None
            return None, dt.date(y, pm.a, pm.day) if pm.day else month_end(y, pm.a)
        if k in ("year", "same_of_year") and year:
            if k == "same_of_year" and last and last[0] and last[1]:
                return shift(last, years=year - last[1].year)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if k in ("full_year", "current_fiscal"):
            return _full_year(pm, ctx, forecast)
        if k == "last_year":
            if pm.base and last and last[0] and last[1]:
                return shift(last, years=-1)  # "up from 3.02 million last year": the same span a year back
            y = ctx.published.year - 1 if ctx.published else ctx.anchor_year
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)
        if k == "next_year":
            y = ctx.published.year + 1 if ctx.published else None
            return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)
        if k == "this_year":
            if ctx.review_year and not forecast:  # "delivered the sharpest acceleration curve this year" in a
                y = ctx.review_year  # review of the year published on January 8
                return dt.date(y, 1, 1), dt.date(y, 12, 31)
            if ctx.published:
                p = ctx.published
                if forecast:
                    return dt.date(p.year, 1, 1), dt.date(p.year, 12, 31)
                return _ytd(
                    pm, ctx
                )  # "sold 2 million this year": the year so far, to the data the article has
            return (dt.date(ref, 1, 1), dt.date(ref, 12, 31)) if ref else (None, None)
        if k == "ytd":
            return _ytd(pm, ctx)
        if k == "last_month" and ctx.published:
            return month_before(ctx.published)
        if k == "this_month" and ctx.published:
            p = ctx.published
            return dt.date(p.year, p.month, 1), month_end(p.year, p.month)
        if k in ("last_month", "this_month") and not pm.base:
            return _month_in_focus(ctx)
        if k == "current_quarter":
            if ctx.published:
                return quarter_bounds(ctx.published.year, (ctx.published.month - 1) // 3 + 1)
            if span_unit(last) == "quarter":
                return shift(
                    last, months=3
                )  # "expects ... in the current quarter" after last quarter's results
            return None, None
        if k == "rolling" and _the_same_span(pm, ctx):
            return last  # "sold 1.06 million cars during the three months" after "the April-to-June period"
        if k == "following":
            if not (last and last[0] and last[1]):
                return None, None
            months = (last[1].year - last[0].year) * 12 + last[1].month - last[0].month + 1
            if months == pm.a:
                return shift(
                    last, months=pm.a
                )  # "2.85 trillion yen in 2021-22 ... the following fiscal year"
            if pm.a == 12:
                return dt.date(last[1].year + 1, 1, 1), dt.date(last[1].year + 1, 12, 31)
            return None, None
        if k == "rolling_days" and ctx.published and pm.a:
            return ctx.published - dt.timedelta(days=pm.a), ctx.published
        if k == "rolling" and ctx.published:
            if pm.a in (3, 6) and ctx.published.day <= _JUST_CLOSED_DAYS:
                closed = _closed_span(ctx.published, pm.a)
                if closed is not None:
                    return closed  # "sold over the last three months" on October 2: the quarter just closed
            return shift((ctx.published, None), months=-pm.a)[0], ctx.published
        if k == "past_year":
            if ctx.anchor_year and (not ctx.published or ctx.published.year == ctx.anchor_year + 1):
                return dt.date(ctx.anchor_year, 1, 1), dt.date(ctx.anchor_year, 12, 31)
            if ctx.published:
                return shift((ctx.published, None), years=-1)[0], ctx.published
            return None, None
        if k == "quarterly":
            low = pm.text.lower()
            unit = "quarter" if "quarter" in low else "month" if "month" in low else None
            if forecast and unit == "quarter" and "the quarter" in low and ctx.published:
                p = (
                    ctx.published
                )  # "sees deliveries of 23,000 to 25,000 for the quarter": the quarter under way
                return quarter_bounds(p.year, (p.month - 1) // 3 + 1)
            found = carried(ctx, unit)
            if found is None and unit == "quarter" and "the quarter" in low and ctx.published:
                return last_completed_quarter(ctx.published)  # results news: the quarter just reported
            if found is None and unit == "month" and "the month" in low and ctx.published:
                return shift((ctx.published.replace(day=1), None), months=-1)[0], ctx.published.replace(
                    day=1
                ) - dt.timedelta(days=1)  # monthly data news: the month just reported
            return found or (None, None)
        if k == "same" and last:
            return last
        if k == "same_last_year" and last:
            return shift(last, years=-1)
        if k == "last_quarter" and ctx.published:
            return last_completed_quarter(ctx.published)
        if k == "prev_quarter" and last and last[0]:
            return shift(last, months=-3)
        if k == "prev_month" and last and last[0]:
            return shift(last, months=-1)
        if k == "prev_year" and last and last[0]:
            return shift(last, years=-1)
        if k == "cumulative" and ctx.last_end and (ref is None or ctx.last_end.year == ref):
            return dt.date(ctx.last_end.year, 1, 1), ctx.last_end
        if k in ("since", "cumulative"):
            return None, (ctx.published if ctx.published else None)
    except ValueError:
        return None, None
    return None, None


def basis_between(
    current: tuple[dt.date | None, dt.date | None], base: tuple[dt.date | None, dt.date | None]
) -> str | None:
    """'yoy', 'qoq' or 'mom' when `base` is `current` moved back a year, a quarter or a month."""
    if not (current[0] and current[1] and base[0] and base[1]):
        return None
    for basis, delta in (("yoy", {"years": -1}), ("qoq", {"months": -3}), ("mom", {"months": -1})):
        if shift(current, **delta) == base:
            return basis
    return None
