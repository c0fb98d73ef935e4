"""Period finding and resolution against the publication date: cases plus hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.errors import PatternError
from extractors.fiscal import fiscal_year, fiscal_year_end, load_fiscal_years, read_fiscal_years
from extractors.periods import PeriodContext, basis_between, find_periods, quarter_bounds, resolve
from extractors.registry import load_registry

D = dt.date
PUB = D(2025, 6, 10)


def bounds(text: str, published: dt.date | None = PUB, anchor: int | None = None, forecast: bool = False):
    ps = [p for p in find_periods(text) if not p.base]
    assert ps, text
    return resolve(ps[0], PeriodContext(published, anchor), forecast=forecast)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in Q1 2025", (D(2025, 1, 1), D(2025, 3, 31))),
        ("in the third quarter of 2024", (D(2024, 7, 1), D(2024, 9, 30))),
        ("in 3Q24", (D(2024, 7, 1), D(2024, 9, 30))),
        ("in Q4 of 2024", (D(2024, 10, 1), D(2024, 12, 31))),
        ("in H1 2024", (D(2024, 1, 1), D(2024, 6, 30))),
        ("in the first half of 2024", (D(2024, 1, 1), D(2024, 6, 30))),
        ("in the first ten months of 2024", (D(2024, 1, 1), D(2024, 10, 31))),
        ("In the first five month of the year", (D(2025, 1, 1), D(2025, 5, 31))),  # a slip of the pen
        ("for fiscal 2024", (D(2024, 1, 1), D(2024, 12, 31))),
        ("in 2023", (D(2023, 1, 1), D(2023, 12, 31))),
        ("in October, 2021", (D(2021, 10, 1), D(2021, 10, 31))),  # a comma between month and year
        ("last year", (D(2024, 1, 1), D(2024, 12, 31))),
        ("this year", (D(2025, 1, 1), D(2025, 5, 31))),  # the year so far, to the last full month
        ("last month", (D(2025, 5, 1), D(2025, 5, 31))),
        ("in May", (D(2025, 5, 1), D(2025, 5, 31))),
        ("in October", (D(2024, 10, 1), D(2024, 10, 31))),
        ("the third quarter", (D(2024, 7, 1), D(2024, 9, 30))),
        (
            "year-to-date",
            (D(2025, 1, 1), D(2025, 5, 31)),
        ),  # through the last full month, as the gold sets annotate
        ("in just twelve months", (D(2024, 6, 10), PUB)),
        ("from July to September", (D(2024, 7, 1), D(2024, 9, 30))),
        ("From August 1 to 10", (D(2024, 8, 1), D(2024, 8, 10))),
        ("the three months ended Sept. 30", (D(2024, 7, 1), D(2024, 9, 30))),
        ("as of November 30, 2024", (None, D(2024, 11, 30))),
        ("by the end of 2024", (None, D(2024, 12, 31))),
        ("as of the end of March", (None, D(2025, 3, 31))),
        ("last quarter", (D(2025, 1, 1), D(2025, 3, 31))),
        ("in the first three quarters of 2024", (D(2024, 1, 1), D(2024, 9, 30))),
        # spans of months and quarters
        ("sales between January and June rose", (D(2025, 1, 1), D(2025, 6, 30))),
        ("in January and February", (D(2025, 1, 1), D(2025, 2, 28))),
        ("in the April-June quarter", (D(2025, 4, 1), D(2025, 6, 30))),
        ("from November 2024 to January 2025", (D(2024, 11, 1), D(2025, 1, 31))),
        ("in the December-February period", (D(2024, 12, 1), D(2025, 2, 28))),
        ("in Q1-Q3 2024", (D(2024, 1, 1), D(2024, 9, 30))),
        ("in the first to third quarters of 2024", (D(2024, 1, 1), D(2024, 9, 30))),
        ("in the second and third quarters of 2024", (D(2024, 4, 1), D(2024, 9, 30))),
        ("in the first two quarters", (D(2024, 1, 1), D(2024, 6, 30))),  # not over by 10 June
        ("between 2021 and 2024", (D(2021, 1, 1), D(2024, 12, 31))),
        # a year named relative to the reference year
        ("in the January-June period this year", (D(2025, 1, 1), D(2025, 6, 30))),
        ("in June this year", (D(2025, 6, 1), D(2025, 6, 30))),
        ("in November of last year", (D(2024, 11, 1), D(2024, 11, 30))),
        ("in the second quarter of last year", (D(2024, 4, 1), D(2024, 6, 30))),
        ("in Q3 last year", (D(2024, 7, 1), D(2024, 9, 30))),
        ("in the first half of this year", (D(2025, 1, 1), D(2025, 6, 30))),
        ("in the first two quarters of last year", (D(2024, 1, 1), D(2024, 6, 30))),
        ("in the first five months of the current year", (D(2025, 1, 1), D(2025, 5, 31))),
        # periods ending in a month
        ("in the three months to June", (D(2025, 4, 1), D(2025, 6, 30))),
        ("in the three months to the end of March", (D(2025, 1, 1), D(2025, 3, 31))),
        ("for the quarter ended March 31", (D(2025, 1, 1), D(2025, 3, 31))),
        ("in the year to March 2025", (D(2024, 4, 1), D(2025, 3, 31))),
        ("the half-year ended June 30, 2024", (D(2024, 1, 1), D(2024, 6, 30))),
        ("in the fiscal year ending March 2025", (D(2024, 4, 1), D(2025, 3, 31))),
        ("in the March quarter", (D(2025, 1, 1), D(2025, 3, 31))),
        # a year given before the quarter
        ("its fiscal 2023 second quarter", (D(2023, 4, 1), D(2023, 6, 30))),
        ("the 2024 fourth-quarter results", (D(2024, 10, 1), D(2024, 12, 31))),
        ("in fiscal 2025", (D(2025, 1, 1), D(2025, 12, 31))),
        # the year so far
        ("since the beginning of the year", (D(2025, 1, 1), D(2025, 5, 31))),
        ("since the start of 2025", (D(2025, 1, 1), D(2025, 5, 31))),
        ("so far this year", (D(2025, 1, 1), D(2025, 5, 31))),
        ("in the current quarter", (D(2025, 4, 1), D(2025, 6, 30))),
        ("a share of 15% at the end of February", (None, D(2025, 2, 28))),
        ("Since December, it has outsold its rival", (D(2024, 12, 1), PUB)),
        ("has lost more than $6bn since 2021", (D(2021, 1, 1), PUB)),
    ],
)
def test_periods_resolve_against_publication_date(text, expected):
    assert bounds(text) == expected


def test_periods_forecast_takes_the_coming_period():
    assert bounds("this year", forecast=True) == (D(2025, 1, 1), D(2025, 12, 31))
    assert bounds("the third quarter", forecast=True) == (D(2025, 7, 1), D(2025, 9, 30))


def test_periods_unknown_date_uses_the_article_year_or_stays_open():
    assert bounds("in May", published=None, anchor=2024) == (D(2024, 5, 1), D(2024, 5, 31))
    assert bounds("last month", published=None) == (None, None)
    assert bounds("twelve months", published=None) == (None, None)


def test_periods_unknown_date_takes_the_year_in_focus_before_the_article_year():
    ctx = PeriodContext(None, 2024, last=(D(2023, 1, 1), D(2023, 12, 31)))
    for text in ("in the fourth quarter", "in December", "in the second half", "in the first ten months"):
        (pm,) = find_periods(text)
        start, end = resolve(pm, ctx)
        assert start.year == end.year == 2023, text


def test_periods_comparison_bases_are_marked():
    ps = find_periods("up 18.4% from Q3 2023 and 24.5% from the same period last year")
    assert [p.base for p in ps] == [True, True]


def test_periods_basis_between_quarters_and_years():
    q3 = quarter_bounds(2024, 3)
    assert basis_between(q3, quarter_bounds(2023, 3)) == "yoy"
    assert basis_between(q3, quarter_bounds(2024, 2)) == "qoq"
    assert basis_between((D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 2, 1), D(2025, 2, 28))) == "mom"


def test_periods_tickers_and_year_on_year_are_not_periods():
    assert find_periods("(Nasdaq: LI; HKEX: 2015)") == []
    assert find_periods("up 20% year-on-year") == []


@given(st.integers(min_value=1990, max_value=2090), st.integers(min_value=1, max_value=4))
def test_periods_quarters_cover_three_months(year, q):
    start, end = bounds(f"in Q{q} {year}")
    assert (start.year, end.year) == (year, year)
    assert start.day == 1 and start.month == 3 * q - 2 and end.month == 3 * q


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    st.sampled_from(["January", "March", "May", "July", "September", "December"]),
)
def test_periods_reported_month_is_never_after_publication(published, month):
    start, end = bounds(f"sales in {month} rose", published=published)
    assert start <= end and start <= published


@settings(max_examples=200)
@given(
    st.text(max_size=200), st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 1, 1)))
)
def test_periods_never_crash_on_any_text(text, published):
    for p in find_periods(text):
        start, end = resolve(p, PeriodContext(published, None))
        assert start is None or end is None or start <= end


@pytest.mark.parametrize(
    "text",
    [
        "up 8.1 percent month on month",
        "fell on a month-to-month basis",
        "a 12% quarter-on-quarter rise",
        "At the same time, prices fell",
        "a 47.4% annual jump in revenue",
        "an annual increase of 5%",
        "Its shares, listed in Hong Kong under 2015, rose",
        "For over a month, dealers waited",
        "a month and a half ago",
        "record monthly deliveries of 30,000",
    ],
)
def test_periods_words_that_name_no_period(text):
    assert [p for p in find_periods(text) if p.kind not in ("run",)] == [], text


def test_periods_runs_and_rates_resolve_to_nothing():
    for text, kind in [
        ("for the fourth consecutive month", "run"),
        ("the fourth month in a row above 30,000", "run"),
        ("for two straight quarters", "run"),
        ("monthly sales of 40,000", "rate"),
        ("40,000 cars a month", "rate"),
    ]:
        (pm,) = find_periods(text)
        assert pm.kind == kind, text
        assert resolve(pm, PeriodContext(PUB, None)) == (None, None)


def test_periods_two_months_joined_are_one_span_only_when_adjacent_and_not_respective():
    assert [p.text for p in find_periods("in January and March")] == ["January", "March"]
    ps = find_periods("sales in May and June rose 5% and 8%, respectively")
    assert [p.text for p in ps] == ["May", "June"]


def test_periods_since_clauses_and_superlatives_are_bases():
    ps = find_periods("the first month since the group was forged in January 2021, data showed")
    assert [(p.text, p.base) for p in ps] == [("January 2021", True)]
    assert [p.base for p in find_periods("the highest level since March")] == [True]
    assert [p.base for p in find_periods("Since March, it has outsold its rival")] == [False]
    assert [p.base for p in find_periods("the best July since 2020")] == [False, True]
    assert [p.base for p in find_periods("deliveries rose more than 20% in March")] == [False]
    assert [p.base for p in find_periods("up from more than 20,000 in March")] == [True]
    assert [p.base for p in find_periods("800,000 units in 2025, double last year's 417,000")] == [
        False,
        True,
    ]


def test_periods_asides_are_marked_with_their_span():
    text = "The Leaf, first sold in 2010, has a 40 kWh battery"
    (pm,) = find_periods(text)
    assert pm.aside and text[pm.aside[0] : pm.aside[1]] == ", first sold in 2010,"
    assert find_periods("XPeng, a maker, announced its results for Q3 2024, reporting")[0].aside is None


def test_periods_full_year_is_the_last_year_over_unless_forecast():
    jan = PeriodContext(D(2025, 1, 20), 2025)
    (pm,) = find_periods("for the full year")
    assert resolve(pm, jan) == (D(2024, 1, 1), D(2024, 12, 31))
    assert resolve(pm, jan, forecast=True) == (D(2025, 1, 1), D(2025, 12, 31))
    earlier = PeriodContext(D(2025, 6, 1), 2023, last=(D(2023, 10, 1), D(2023, 12, 31)))
    assert resolve(pm, earlier) == (D(2023, 1, 1), D(2023, 12, 31))


def test_periods_fiscal_years_of_march_year_makers():
    ctx = PeriodContext(D(2024, 11, 7), 2024, fiscal_end=3)
    (full,) = find_periods("its full-year forecast")
    assert resolve(full, ctx, forecast=True) == (D(2024, 4, 1), D(2025, 3, 31))
    assert resolve(full, ctx) == (D(2023, 4, 1), D(2024, 3, 31))
    (current,) = find_periods("for the current fiscal year")
    assert resolve(current, replace_pub(ctx, D(2025, 5, 13))) == (D(2025, 4, 1), D(2026, 3, 31))
    (numbered,) = find_periods("in fiscal 2024")
    # the data file says how a company numbers its March years: Toyota by the start, Tata Motors by the end
    assert resolve(numbered, ctx) == (D(2023, 4, 1), D(2024, 3, 31))
    ctx.fiscal_named_by = "start"
    assert resolve(numbered, ctx) == (D(2024, 4, 1), D(2025, 3, 31))


def test_periods_fiscal_numbering_comes_from_the_data_file():
    registry = load_registry()
    assert fiscal_year(registry, "lexus") == (3, "start")
    assert fiscal_year(registry, "tata-motors") == (3, "end")
    assert fiscal_year(registry, "tesla") == (12, "end")


def replace_pub(ctx: PeriodContext, published: dt.date) -> PeriodContext:
    out = ctx.copy()
    out.published = published
    return out


def test_periods_last_year_as_a_base_is_the_same_span_a_year_back():
    ctx = PeriodContext(D(2025, 8, 1), 2025, last=(D(2025, 4, 1), D(2025, 6, 30)))
    (pm,) = find_periods("up from 3.0 million last year")
    assert pm.base and resolve(pm, ctx) == (D(2024, 4, 1), D(2024, 6, 30))
    (pm,) = find_periods("sold 3.0 million last year")
    assert not pm.base and resolve(pm, ctx) == (D(2024, 1, 1), D(2024, 12, 31))


def test_periods_the_quarter_is_the_latest_quarter_named():
    june, q2 = (D(2024, 6, 1), D(2024, 6, 30)), quarter_bounds(2024, 2)
    ctx = PeriodContext(D(2024, 7, 2), 2024, last=june, recent=[q2, june])
    (pm,) = find_periods("in the quarter")
    assert resolve(pm, ctx) == q2
    (pm,) = find_periods("for the period")
    assert resolve(pm, ctx) == june


def test_periods_current_quarter_without_a_date_follows_the_reported_one():
    ctx = PeriodContext(None, 2023, last=quarter_bounds(2023, 2))
    (pm,) = find_periods("in the current quarter")
    assert resolve(pm, ctx) == quarter_bounds(2023, 3)


def _periods_of(ex, text, published):
    return [
        (c["value_low"], c["period_start"], c["period_end"]) for c in ex.extract(text, published=published)
    ]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (  # a change "from the same quarter a year earlier" is a quarter's, not the month's before it
            "Nio delivered 20,000 cars in September, bringing its third-quarter deliveries to 61,000. "
            "Deliveries rose 12% from the same quarter a year earlier.",
            D(2024, 10, 1),
            (12.0, "2024-07-01", "2024-09-30"),
        ),
        (  # a month-on-month change is a month's, not the half year carried
            "In the first half, BYD sold 2.1 million cars, including 380,000 in June. "
            "Sales rose 12% month on month.",
            D(2025, 7, 2),
            (12.0, "2025-06-01", "2025-06-30"),
        ),
        (  # a forecast's year is not carried to the next reported figure
            "Tesla sold 40,000 cars in Germany in July. The company expects to sell 500,000 cars there "
            "next year. Tesla's market share in Germany was 9%.",
            D(2024, 8, 5),
            (9.0, "2024-07-01", "2024-07-31"),
        ),
        (  # January's article on last year's results
            "XPeng delivered 190,000 vehicles for the full year, up 34%.",
            D(2025, 1, 15),
            (190000.0, "2024-01-01", "2024-12-31"),
        ),
        (  # the year in focus, fixed by an earlier sentence, anchors "the full year"
            "Geely sold 1.5 million cars in 2024. For the full year, revenue rose 20% to 240 billion yuan.",
            D(2025, 5, 20),
            (240e9, "2024-01-01", "2024-12-31"),
        ),
        (  # a March-year maker's full year
            "Honda raised its full-year sales forecast to 3.8 million vehicles.",
            D(2024, 11, 7),
            (3.8e6, "2024-04-01", "2025-03-31"),
        ),
        (  # a quarter-like name inside a model name is no period
            "Registrations of the Audi Q4 e-tron rose 20% in Germany.",
            D(2025, 1, 7),
            (20.0, None, None),
        ),
        (  # a year in an aside dates something else
            "The Dolphin, first sold in 2021, starts at 99,800 yuan.",
            D(2025, 3, 1),
            (99800.0, None, None),
        ),
        (  # a change over several years has no one period
            "Sales of electric cars in Norway tripled between 2021 and 2024.",
            D(2025, 3, 1),
            (200.0, None, None),
        ),
        (  # a run rate has no calendar period and takes none from the context
            "Leapmotor sold 48,000 cars in June. Its monthly sales have exceeded 40,000 units.",
            D(2025, 7, 2),
            (40000.0, None, None),
        ),
        (  # the next quarter's forecast follows the reported quarter when the article has no date
            "Nio delivered 23,520 EVs in the second quarter of 2023. "
            "It expects to deliver 55,000 vehicles in the current quarter.",
            None,
            (55000.0, "2023-07-01", "2023-09-30"),
        ),
        (  # a base level is the figure's period moved back by the sentence's basis
            "Xpeng delivered 30,000 cars in November. Its Mona M03 sold 14,886 units, down 9% month on month "
            "from 16,424.",
            D(2025, 12, 9),
            (16424.0, "2025-10-01", "2025-10-31"),
        ),
        (  # without a basis in its sentence, a base level takes the basis of the changes before it
            "Nio's revenue rose 20% year on year to 10 billion yuan in the second quarter. "
            "Its gross margin rose to 12% from 9.9%.",
            D(2025, 8, 30),
            (9.9, "2024-04-01", "2024-06-30"),
        ),
        (  # a launch date dates the launch, not the price
            "Launched in August 2024 with prices starting at 119,800 yuan, the Xpeng Mona M03 sold well.",
            D(2025, 12, 9),
            (119800.0, None, None),
        ),
        (  # a share move is not dated by a period of another clause, but by its own "today"
            "Polestar shares fell 9% today even though its deliveries rose in the second quarter.",
            D(2024, 7, 10),
            (-9.0, "2024-07-10", "2024-07-10"),
        ),
        (  # a span "since" a year is not the period of the sentences after it
            "VinFast has lost more than $6bn since 2021. Its deliveries rose 20% to 13,000 in the second "
            "quarter. Revenue rose 10% to $300 million.",
            D(2024, 9, 3),
            (300e6, "2024-04-01", "2024-06-30"),
        ),
        (  # a price comparison takes no period from its sentence or the context
            "Xiaomi entered the car business last year with its SU7, which was priced below Tesla's Model 3.",
            D(2025, 5, 27),
            (None, None, None),
        ),
        (  # the year so far ends with the latest month the article reports on
            "Registrations of electric cars in Germany rose 20% to 250,000 since the beginning of the year. "
            "In February, 120,000 were registered.",
            D(2025, 3, 25),
            (250000.0, "2025-01-01", "2025-02-28"),
        ),
    ],
)
def test_periods_of_claims_in_context(ex, text, published, expected):
    assert expected in _periods_of(ex, text, published)


def test_periods_fiscal_year_file_names_known_companies_and_is_checked(tmp_path):
    registry = load_registry()
    assert all(registry.get(slug) for slug in load_fiscal_years())
    assert fiscal_year_end(registry, "lexus") == 3  # a brand takes its company's year
    assert fiscal_year_end(registry, "tesla") == 12
    bad = tmp_path / "fiscal_years.jsonl"
    bad.write_text('{"id": "toyota", "fiscal_year_end": 3}\n{"id": "honda", "fiscal_year_end": 13}\n')
    with pytest.raises(PatternError, match=r"fiscal_years.jsonl:2: .*month from 1 to 12"):
        read_fiscal_years(bad)


def test_periods_an_ordinal_day_before_its_month():
    found = find_periods("On 2nd April 2022 Tata Motors delivered 712 EVs.")
    assert [(p.kind, p.day, p.a, p.year) for p in found] == [("day", 2, 4, 2022)]


@pytest.mark.parametrize(
    "text",
    [
        "the second quarter of the current financial year (FY25)",
        "the second quarter of FY25",
        "the second quarter of fiscal FY25",
    ],
)
def test_periods_a_quarter_of_a_fiscal_year_is_one_fiscal_quarter(text):
    found = find_periods(f"Net loss narrowed in {text} as sales jumped.")
    assert [(p.kind, p.year, p.a) for p in found] == [("quarter", 2025, 2)]


def test_periods_a_quarter_beside_a_fiscal_year_in_another_clause_stays_apart():
    assert [p.kind for p in find_periods("in the second quarter, FY25 revenue rose")] == [
        "quarter",
        "full_year",
    ]


@pytest.mark.parametrize(
    "text", ["by year's end", "by the end of the year", "over the course of the year", "throughout the year"]
)
def test_periods_the_years_end_and_course_are_the_year_in_focus(text):
    assert [p.kind for p in find_periods(f"It plans to build 300 trucks {text}.")] == ["full_year"]


def test_periods_a_fiscal_year_ending_in_a_month():
    found = find_periods("Toyota made record profit in the fiscal year ending in March.")
    assert [(p.kind, p.a) for p in found] == [("ended", 3)]


@pytest.mark.parametrize(
    ("text", "kind", "a", "year"),
    [
        ("in the last three months of 2023", "quarter", 4, 2023),
        ("in the final six months of 2024", "half", 2, 2024),
        ("the final three months of the year", "quarter", 4, None),
    ],
)
def test_periods_the_last_months_of_a_year_are_its_final_quarter_or_half(text, kind, a, year):
    assert [(p.kind, p.a, p.year) for p in find_periods(f"Tesla delivered 484,507 vehicles {text}.")] == [
        (kind, a, year)
    ]


def test_periods_a_calendar_year_written_cy_is_that_year():
    assert [(p.text, p.kind) for p in find_periods("15,606 EV CVs were retailed in CY2025, up 54.2%.")] == [
        ("2025", "year")
    ]
    assert find_periods("sales in CY 2024 rose")[0].text == "2024"
    assert find_periods("the ICY2025 fund") == []


def test_periods_the_same_time_period_last_year_is_a_year_ago_base():
    assert [
        p.kind for p in find_periods("sales have more than doubled from the same time period last year.")
    ] == ["same_last_year"]


def test_periods_sales_until_a_month_run_from_january():
    assert [
        p.kind for p in find_periods("Electrified vehicles account for 6 per cent of sales until July.")
    ] in (
        ["through_month"],
        ["month_range"],
    )
    assert [
        p.kind for p in find_periods("Until August 2025, new car registrations in the EU stagnated.")
    ] in (
        ["through_month"],
        ["month_range"],
    )
    assert "through_month" not in {
        p.kind for p in find_periods("buyers wait until September's new number plate")
    }


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("during the first seven months in 2025", "first_months", 2025),
        ("sales in the first half in 2024 rose", "half", 2024),
        ("in the third quarter in 2023", "quarter", 2023),
        ("the first three quarters in 2022", "first_months", 2022),
    ],
)
def test_periods_a_year_after_in_belongs_to_the_period(text, kind, year):
    from extractors.periods import find_periods

    (pm,) = find_periods(text)
    assert (pm.kind, pm.year) == (kind, year)


def test_periods_a_span_a_figure_is_counted_over_is_no_base():
    """ "fell 45.8% over the first 11 months of 2023": the span of the figure; after another period
    of the figure ("During the second quarter, ... 13% over the first three months") it is the base."""
    from extractors.periods import find_periods

    for text in ("sales fell 45.8% over the first 11 months of 2023", "up 10% over the first half of 2024"):
        (pm,) = find_periods(text)
        assert not pm.base, text
    during, over = find_periods(
        "During the second quarter, sales increased 13% over the first three months of 2022"
    )
    assert not during.base and over.base
