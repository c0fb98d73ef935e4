"""Period finding and resolution against the publication date: cases plus hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.periods import PeriodContext, basis_between, find_periods, quarter_bounds, resolve

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
        ("for fiscal 2024", (D(2024, 1, 1), D(2024, 12, 31))),
        ("in 2023", (D(2023, 1, 1), D(2023, 12, 31))),
        ("last year", (D(2024, 1, 1), D(2024, 12, 31))),
        ("this year", (D(2025, 1, 1), PUB)),
        ("last month", (D(2025, 5, 1), D(2025, 5, 31))),
        ("in May", (D(2025, 5, 1), D(2025, 5, 31))),
        ("in October", (D(2024, 10, 1), D(2024, 10, 31))),
        ("the third quarter", (D(2024, 7, 1), D(2024, 9, 30))),
        ("year-to-date", (D(2025, 1, 1), PUB)),
        ("in just twelve months", (D(2024, 6, 10), PUB)),
        ("from July to September", (D(2024, 7, 1), D(2024, 9, 30))),
        ("From August 1 to 10", (D(2024, 8, 1), D(2024, 8, 10))),
        ("the three months ended Sept. 30", (D(2024, 7, 1), D(2024, 9, 30))),
        ("as of November 30, 2024", (None, D(2024, 11, 30))),
        ("by the end of 2024", (None, D(2024, 12, 31))),
        ("as of the end of March", (None, D(2025, 3, 31))),
        ("last quarter", (D(2025, 1, 1), D(2025, 3, 31))),
        ("in the first three quarters of 2024", (D(2024, 1, 1), D(2024, 9, 30))),
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
