"""Number parsing and quantity finding: table-driven cases plus hypothesis properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.lexicon import load_lexicon
from extractors.numbers import parse_digits, parse_words
from extractors.quantities import find_quantities
from extractors.units import counted_noun, reported

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
        ("to this year\u2019s 45 352.", 45352, 45352, None),  # a sentence's full stop after a spaced number
        ("bought 91,365 new electrical automobiles", 91365, 91365, "vehicles"),
        ("a decline of two-thirds", 66.67, 66.67, "percent"),  # a fraction after a change noun
        ("a fourth month of 50,000-plus units", 50000, 50000, "vehicles"),
        ("a significant increase of over one-third", 33.33, 33.33, "percent"),
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
        "unveiled a cheaper range of 2023 Tang vehicles",  # a model year before a name
        "for the first five months of 2021 vehicle exports were up",  # a year before a singular noun
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
    assert [q.low for q in find_quantities("on March 12 2024 it sold 5,000 cars", LEX)] == [5000]  # a date


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


# -- general quantities (evclaims extract --quantities) -------------------------------------------

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """English words for 1..999,999, written here independently of numbers.jsonl."""
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return f"{_words(head)} thousand" + (f" {_words(rest)}" if rest else "")
    if n >= 100:
        head, rest = divmod(n, 100)
        return f"{_ONES[head]} hundred" + (f" and {_words(rest)}" if rest else "")
    if n >= 20:
        tens, rest = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[rest]}" if rest else "")
    return _ONES[n]


def _general(text: str) -> list[tuple[float, float, str | None]]:
    return [reported(q, text, LEX) for q in find_quantities(text, LEX)]


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=999_999))
def test_quantities_number_words_parse_to_their_value(n):
    assert parse_words(_words(n), LEX.numbers["word"], LEX.numbers["scale"]) == n


@given(st.integers(min_value=2, max_value=99), st.sampled_from(["officers", "pharmacies", "new jobs"]))
def test_quantities_number_words_count_the_noun_after_them(n, noun):
    text = f"The city hired {_words(n)} {noun} last year."
    head = {"officers": "officer", "pharmacies": "pharmacy", "new jobs": "job"}[noun]
    assert _general(text) == [(n, n, head)]


@given(
    st.decimals(min_value="0.1", max_value="99.9", places=1),
    st.sampled_from(
        [("million", 1e6), ("m", 1e6), ("bn", 1e9), ("billion", 1e9), ("-trillion", 1e12), ("k", 1e3)]
    ),
)
def test_quantities_scales_multiply_digits(d, scale):
    word, factor = scale
    sep = "" if len(word) <= 2 or word.startswith("-") else " "
    (q,) = find_quantities(f"It raised ${d}{sep}{word} from investors.", LEX)
    assert q.low == q.high == pytest.approx(float(d) * factor)
    assert q.currency == "USD"


@given(
    st.integers(min_value=1, max_value=20),
    st.sampled_from(["a dozen", "two dozen", "a million", "three and a half", "two and a half million"]),
)
def test_quantities_scale_words_with_articles_and_halves(_n, words):
    value = {"a dozen": 12, "two dozen": 24, "a million": 1e6, "three and a half": 3.5}.get(words, 2.5e6)
    assert parse_words(words, LEX.numbers["word"], LEX.numbers["scale"]) == value


@given(st.integers(min_value=1, max_value=998), st.integers(min_value=1, max_value=500))
def test_quantities_ranges_keep_both_bounds(a, step):
    b = a + step
    for text in (f"between {a:,} and {b:,} people", f"{a}-{b}%", f"{a:,} to {b:,} trees a year"):
        (q,) = find_quantities(text, LEX)
        assert (q.low, q.high) == (a, b), text


@given(st.integers(min_value=2, max_value=9), st.integers(min_value=1, max_value=9))
def test_quantities_number_word_ranges(a, step):
    b = a + step
    if b > 19:
        return
    for text in (f"in {_ONES[a]} to {_ONES[b]} days", f"{_ONES[a]} or {_ONES[b]} times a week"):
        assert [(lo, hi) for lo, hi, _unit in _general(text)] == [(a, b)], text


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=59))
def test_quantities_descending_dash_pairs_are_scores_not_ranges(a, b):
    if a <= b:
        return
    assert find_quantities(f"They beat the Eagles {a}-{b} on Sunday.", LEX) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "killing 14 people and injuring more than two dozen others",
            [(14, 14, "people"), (24, 24, "other")],
        ),
        ("the economy added an average of 232,200 new jobs each month", [(232200, 232200, "job")]),
        ("there have been 2,028 media and telecom deals", [(2028, 2028, "deal")]),
        ("filed the four-page request", [(4, 4, "page")]),
        ("the 29-year-old Kohberger", [(29, 29, "year")]),
        ("three and a half years later", [(3.5, 3.5, "year")]),
        ("spent only one week in rehab", [(1, 1, "week")]),
        ("nearly four times its original estimation", [(4, 4, "times")]),
        ("a five-fold rise in cases", [(5, 5, "times")]),
        ("a curb weight of just 2,189 pounds", [(2189, 2189, "pound")]),
        ("a ratio of 18.87 lb/hp", [(18.87, 18.87, "lb/hp")]),
        ("The 6-foot-7 Hunter", [(6.5833, 6.5833, "foot")]),
        ("Add 1/4 cup of sugar", [(0.25, 0.25, "cup")]),
        ("more than 50 miles of trails", [(50, 50, "mile")]),
        ("Schrock, 47, was expected in court", [(47, 47, None)]),
        ("the 23 Starlink satellites", [(23, 23, "satellite")]),
        ("11 Democrats signed a letter", [(11, 11, "democrat")]),
        ("more than two of these words", [(2, 2, "word")]),
        ("£127 million ($162 million)", [(127e6, 127e6, "GBP"), (162e6, 162e6, "USD")]),
        ("131,730,130 yen (about US$904,100)", [(131730130, 131730130, "JPY"), (904100, 904100, "USD")]),
        ("prices to P2,500 per bag", [(2500, 2500, "PHP")]),
        ("A$5 million", [(5e6, 5e6, "AUD")]),
        ("ranging from 80 to 2000 Hertz", [(80, 2000, "hertz")]),
        ("tickets from $48.50 (ages 17+)", [(48.5, 48.5, "USD"), (17, 17, None)]),
        ("BYD Sold 3000 In March", [(3000, 3000, None)]),  # a title-case verb is no name
    ],
)
def test_quantities_general_values_and_units(text, expected):
    assert [(pytest.approx(lo), pytest.approx(hi), u) for lo, hi, u in expected] == _general(text)


@pytest.mark.parametrize(
    "text",
    [
        "Call 609-567-0700, extension 1225.",
        "Festivus takes place on Dec. 23 at 7 p.m.",
        "She died on 13 December in hospital.",
        "heading east on Highway 62 in Episode 6",
        "Radio 1 star Greg James and the iPhone 11",
        "a year 3 pupil at the school, No. 1 in the top 25",
        "in 1880 an advertising station was erected",
        "Intake manifold (P/N 12639087)",
        "beat the Eagles 20-17 after a vote of 13-0",
        "gushed one fan; one of the biggest stars; no one knew",
        "The Three Musketeers and The Hateful Eight",
        "a two-way link and a three-dimensional network",
        "tickets at 1357 N. Elston Ave. tonight",
        "at two o'clock for Boxing Day",
        "millions of dollars and dozens of others",
    ],
)
def test_quantities_general_non_quantities(text):
    assert find_quantities(text, LEX) == [], text


def test_quantities_counted_noun_stops_at_function_words():
    text = "the four of us went, and the two had a falling out"
    assert counted_noun(text, text.index("four") + 4, LEX) is None
    assert counted_noun(text, text.index("two") + 3, LEX) is None


def test_quantities_a_function_word_glued_to_the_unit_where_a_space_was_lost():
    """Scraped text loses spaces where tags meet: "128,067 carswith a leap" is 128,067 cars."""
    from extractors import Extractor

    got = [
        (q["text"], q["unit"]) for q in Extractor().quantities("BYD shipped 128,067 carswith a leap of 313%.")
    ]
    assert got[0] == ("128,067 cars", "vehicles")


def test_quantities_indian_digit_grouping():
    """Lakh and crore grouping ("1,00,000", "Rs 1,04,444 crore") as Indian outlets print it."""
    from extractors.numbers import parse_digits

    assert [parse_digits(t) for t in ("1,00,000", "1,04,444", "12,34,567", "151,000")] == [
        100000.0,
        104444.0,
        1234567.0,
        151000.0,
    ]


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("shares rose to 85.5 Hong Kong dollars.", "HKD", 85.5),
        ("Revenue was 8.25 trillion Vietnamese dong ($338 million).", "VND", 8.25e12),
        ("revenue of 5 trillion Indonesian rupiah", "IDR", 5e12),
        ("priced at 30,000 Australian dollars", "AUD", 30000.0),
    ],
)
def test_quantities_a_currency_named_in_several_words_after_the_number(text, unit, value):
    first = next(q for q in find_quantities(text, load_lexicon()) if not q.conversion)
    assert (first.unit, first.low) == (unit, value)


def test_quantities_a_bare_count_with_a_dot_grouping_thousands_in_a_sentence_that_counts_vehicles():
    text = "If Xiaomi keeps its delivery scale, with another 20.000 in November, SU7 deliveries could exceed 120.000 units."
    got = [q.low for q in find_quantities(text, load_lexicon())]
    assert got == [20000.0, 120000.0]
    assert [q.low for q in find_quantities("Its shares rose 1.125 percent in trading.", load_lexicon())] == [
        1.125
    ]


def test_a_dash_between_two_percents_is_a_range_not_a_minus():
    lex = load_lexicon()
    got = [(q.text, q.low, q.high) for q in find_quantities("now seen at 13%-15%, Vans at 9%-11%", lex)]
    assert got == [("13%-15%", 13.0, 15.0), ("9%-11%", 9.0, 11.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more than one in five newly registered cars was electric", [("one in five", 20.0)]),
        ("Nine out of ten newly registered cars are electric", [("Nine out of ten", 90.0)]),
        ("it had sold its 5,000th electric truck around the world", [("5,000th", 5000.0)]),
        ("with its one-millionth vehicle rolling off the line", [("one-millionth", 1000000.0)]),
        ("its 100th anniversary and the 20th car show", []),
    ],
)
def test_shares_said_of_newly_registered_cars_and_milestone_vehicles(text, expected):
    got = [(q.text, q.low) for q in find_quantities(text, load_lexicon())]
    assert got == expected
