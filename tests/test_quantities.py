"""Number parsing and quantity finding: table-driven cases plus hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.lexicon import load_lexicon
from extractors.numbers import parse_digits, parse_words
from extractors.quantities import find_quantities

LEX = load_lexicon()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("151,000", 151000),
        ("4.27", 4.27),
        ("19,703.4", 19703.4),
        ("365,8241", 365824),
        ("1,234,567", 1234567),
        ("12,34", 12.34),  # a decimal comma; `DIGITS` admits it only before a percent or scale word
        ("35 289", 35289),
        ("1 000 000", 1000000),
        ("abc", None),
    ],
)
def test_quantities_parse_digits(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twelve", 12),
        ("twenty-five", 25),
        ("two hundred thousand", 200000),
        ("one million", 1000000),
        ("blue", None),
    ],
)
def test_quantities_parse_words(text, value):
    assert parse_words(text, LEX.numbers["word"], LEX.numbers["scale"]) == value


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("sold 151,000 vehicles", 151000, 151000, "vehicles"),
        ("deliveries of 4.27 million units", 4270000, 4270000, "vehicles"),
        ("revenue of $25.2bn", 25.2e9, 25.2e9, "USD"),
        ("80k units", 80000, 80000, "vehicles"),
        ("twelve vehicles", 12, 12, "vehicles"),
        ("margins of 15–20%", 15, 20, "percent"),
        ("between 30,000 and 35,000 cars", 30000, 35000, "vehicles"),
        ("RMB19,703.4 million", 19703.4e6, 19703.4e6, "CNY"),
        ("145 billion yuan", 145e9, 145e9, "CNY"),
        ("¥78,000", 78000, 78000, "CNY"),
        ("US$6.1 billion", 6.1e9, 6.1e9, "USD"),
        ("€145.6 billion", 145.6e9, 145.6e9, "EUR"),
        ("£21.8 billion", 21.8e9, 21.8e9, "GBP"),
        ("up 420 basis points", 4.2, 4.2, "percentage_points"),
        ("a range of 600 km", 600, 600, "km"),
        ("a 100 kWh pack", 100, 100, "kWh"),
        ("a 150-kWh pack", 150, 150, "kWh"),
        ("a 94-percent share", 94, 94, "percent"),
        ("9 out of 10 new cars", 90, 90, "percent"),
        ("has more than doubled", 100, 100, "percent"),
        ("Sales tripled in three years", 200, 200, "percent"),
        ("a negative 2.7 percent", -2.7, -2.7, "percent"),
        ("the 35 289 BMW BEVs", 35289, 35289, "vehicles"),
        ("Mercedes delivered 501\u00a0600 cars", 501600, 501600, "vehicles"),
        ("BMW BEVs (+149,2%)", 149.2, 149.2, "percent"),
        ("up 1.4-fold year on year", 140, 140, "percent"),  # "increased 1.4 times": a fold below 2
        ("a 2.5-fold increase", 150, 150, "percent"),
        ("a three-fold increase", 200, 200, "percent"),
        ("by lowering prices by 11 to 14%", 11, 14, "percent"),
        ("30 or 39kWh batteries", 30, 30, "kWh"),
        ("claimed ranges of 190 or 252 miles", 305.77536, 305.77536, "km"),
        ("a range of 300 miles", 482.8032, 482.8032, "km"),
        ("sold just over three million NEVs", 3e6, 3e6, "vehicles"),
        ("aiming for four million in 2024", 4e6, 4e6, None),
    ],
)
def test_quantities_find_value_and_unit(text, low, high, unit):
    qs = [q for q in find_quantities(text, LEX) if not q.conversion]
    assert qs, text
    q = qs[0]
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)
    assert q.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "in 2024",
        "the Aito M9",
        "Q1 results",
        "(HKEX: 2015)",
        "at 10:30",
        "the 2nd model",
        "Model 3",
        "Tier-1 suppliers",
        "3Q24",
        "1H24",
    ],
)
def test_quantities_non_quantities_are_dropped(text):
    assert [q for q in find_quantities(text, LEX) if q.kind not in ("bare", "other")] == []
    assert all(q.low < 1900 or q.low > 2100 for q in find_quantities(text, LEX))


def test_quantities_alternatives_each_take_the_shared_unit():
    qs = find_quantities("either 30 or 39kWh batteries for claimed ranges of 190 or 252 miles", LEX)
    assert [(q.low, q.unit) for q in qs] == [
        (30, "kWh"),
        (39, "kWh"),
        (pytest.approx(305.775, abs=0.01), "km"),
        (pytest.approx(405.555, abs=0.01), "km"),
    ]


def test_quantities_change_by_then_level_is_not_a_range():
    qs = find_quantities("cut the price by €3,000 to €39,995", LEX)
    assert [(q.low, q.high) for q in qs] == [(3000, 3000), (39995, 39995)]


def test_quantities_spaced_digits_do_not_swallow_years_or_dates():
    assert [q.low for q in find_quantities("in 2023 100 cars were sold", LEX)] == [100]
    assert [q.low for q in find_quantities("on March 12 2024 it sold 5,000 cars", LEX)] == [12, 5000]


def test_quantities_bracketed_conversion_is_marked():
    qs = find_quantities("revenue of RMB44.3 billion (US$6.1 billion)1 in Q4", LEX)
    assert [q.conversion for q in qs] == [False, True]
    assert all(q.low != 1 for q in qs)  # the footnote digit glued to the bracket is not a number


def test_quantities_or_about_conversion_is_marked():
    qs = find_quantities("a range of 305 kilometres per charge, or about 306 km", LEX)
    assert [(q.low, q.conversion) for q in qs] == [(305, False), (306, True)]


@given(st.integers(min_value=0, max_value=10**12))
def test_quantities_parse_digits_inverts_thousands_format(n):
    assert parse_digits(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["vehicles", "units", "cars"]))
def test_quantities_count_round_trips(n, noun):
    qs = find_quantities(f"The company delivered {n:,} {noun} last month.", LEX)
    assert [(q.low, q.unit) for q in qs] == [(n, "vehicles")]


@given(st.decimals(min_value="0.1", max_value="999.9", places=1), st.sampled_from(["million", "billion"]))
def test_quantities_scaled_currency_round_trips(d, scale):
    qs = find_quantities(f"revenue of RMB{d} {scale} in the quarter", LEX)
    factor = 1e6 if scale == "million" else 1e9
    assert len(qs) == 1 and qs[0].unit == "CNY"
    assert qs[0].low == pytest.approx(float(d) * factor)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_quantities_never_crash_on_any_text(text):
    for q in find_quantities(text, LEX):
        assert 0 <= q.start < q.end <= len(text)
        assert q.low <= q.high
