"""Common news constructions, generated as a grid: every verb, change noun, metric noun, period phrase
and qualifier the rules know, in the sentence shapes news uses most. A rule fitted to one phrasing
breaks a cell here; each test reports every broken cell at once."""

from __future__ import annotations

import datetime as dt
import itertools

PUB = dt.date(2025, 6, 4)
MAKERS = [("BYD", "byd"), ("Tesla", "tesla"), ("Hyundai Motor", "hyundai")]
NOUNS = {
    "sales": "sales_volume",
    "vehicle sales": "sales_volume",
    "deliveries": "deliveries",
    "registrations": "registrations",
    "production": "production",
    "exports": "exports",
    "orders": "orders",
    "revenue": "revenue",
    "net profit": "net_profit",
}
VERBS = [("rose", 1), ("jumped", 1), ("climbed", 1), ("grew", 1), ("surged", 1), ("increased", 1)]
VERBS += [
    ("fell", -1),
    ("dropped", -1),
    ("declined", -1),
    ("slipped", -1),
    ("slumped", -1),
    ("decreased", -1),
]
CHANGE_NOUNS = [("jump", 1), ("rise", 1), ("increase", 1), ("growth", 1), ("decline", -1), ("drop", -1)]
PERIODS = [
    ("in May", "2025-05-01", "2025-05-31"),
    ("last month", "2025-05-01", "2025-05-31"),
    ("in the first quarter", "2025-01-01", "2025-03-31"),
    ("in Q1", "2025-01-01", "2025-03-31"),
    ("in the first half of 2024", "2024-01-01", "2024-06-30"),
    ("in the January-May period", "2025-01-01", "2025-05-31"),
    ("in the first five months of the year", "2025-01-01", "2025-05-31"),
    ("between January and April", "2025-01-01", "2025-04-30"),
    ("in 2024", "2024-01-01", "2024-12-31"),
    ("last year", "2024-01-01", "2024-12-31"),
    ("in the three months to March", "2025-01-01", "2025-03-31"),
    ("in the fourth quarter of last year", "2024-10-01", "2024-12-31"),
]
QUALIFIERS = [("", "exact"), ("more than ", "more_than"), ("over ", "more_than"), ("nearly ", "approx")]
QUALIFIERS += [("about ", "approx"), ("around ", "approx"), ("at least ", "at_least")]


def _broken(ex, cases, fields):
    out = []
    for text, want in cases:
        got = {tuple(c[f] for f in fields) for c in ex.extract(text, PUB) if c["value_low"] is not None}
        if got != want:
            out.append(f"{text}\n  want {sorted(want, key=str)}\n  got  {sorted(got, key=str)}")
    return out


def _amount(metric):
    money = metric in ("revenue", "net_profit")
    return ("2.5 billion yuan", 2.5e9) if money else ("25,000 units", 25000.0)


def test_constructions_a_change_and_its_level(ex):
    cases = []
    for (maker, slug), (noun, metric), (verb, sign) in itertools.product(MAKERS, NOUNS.items(), VERBS):
        words, value = _amount(metric)
        grown = (slug, f"{metric}_growth", 12.0 * sign)
        cases.append((f"{maker}'s {noun} {verb} 12% to {words} in May.", {grown, (slug, metric, value)}))
        cases.append((f"{maker} said its {noun} {verb} 12% year on year in May.", {grown}))
    broken = _broken(ex, cases, ("subject", "metric", "value_low"))
    assert not broken, "\n".join(broken)


def test_constructions_a_change_named_by_a_noun(ex):
    cases = []
    for (maker, slug), (noun, metric), (word, sign) in itertools.product(MAKERS, NOUNS.items(), CHANGE_NOUNS):
        grown = {(slug, f"{metric}_growth", 12.0 * sign)}
        cases.append((f"{maker} posted a 12% {word} in {noun} in May.", grown))
        cases.append((f"{maker} reported a {word} of 12% in {noun} for May.", grown))
    broken = _broken(ex, cases, ("subject", "metric", "value_low"))
    assert not broken, "\n".join(broken)


def test_constructions_periods_and_qualifiers(ex):
    cases = []
    for (phrase, start, end), (word, qualifier) in itertools.product(PERIODS, QUALIFIERS):
        opening = phrase[0].upper() + phrase[1:]
        cases.append(
            (f"Nio delivered {word}30,000 vehicles {phrase}.", {("nio", 30000.0, start, end, qualifier)})
        )
        cases.append(
            (f"{opening}, Xpeng sold {word}30,000 cars.", {("xpeng", 30000.0, start, end, qualifier)})
        )
    broken = _broken(ex, cases, ("subject", "value_low", "period_start", "period_end", "qualifier"))
    assert not broken, "\n".join(broken)


def test_constructions_market_figures(ex):
    cases = []
    for country, slug in [
        ("Germany", "de"),
        ("the UK", "gb"),
        ("Norway", "no"),
        ("China", "cn"),
        ("the US", "us"),
    ]:
        cases.append(
            (
                f"Electric car sales in {country} rose 10% to 40,000 in May.",
                {(slug, "sales_volume_growth", 10.0), (slug, "sales_volume", 40000.0)},
            )
        )
        cases.append(
            (
                f"New EV registrations in {country} climbed 10% to 40,000 units in May.",
                {(slug, "registrations_growth", 10.0), (slug, "registrations", 40000.0)},
            )
        )
        cases.append(
            (
                f"Battery electric cars made up 20% of new car sales in {country} in May.",
                {(slug, "market_share", 20.0)},
            )
        )
    broken = _broken(ex, cases, ("subject", "metric", "value_low"))
    assert not broken, "\n".join(broken)


def test_constructions_forecasts_estimates_shares_and_prices(ex):
    third = ("2025-07-01", "2025-09-30")
    cases = [
        (f"Li Auto {verb} 120,000 vehicles in the third quarter.", {("li-auto", metric, "forecast", *third)})
        for verb, metric in [
            ("expects to deliver", "deliveries"),
            ("plans to sell", "sales_volume"),
            ("aims to deliver", "deliveries"),
            ("guided for deliveries of", "deliveries"),
        ]
    ]
    for maker, slug in [("BYD", "byd"), ("Rivian", "rivian"), ("Li Auto", "li-auto")]:
        day = ("2025-06-03", "2025-06-03")
        cases.append(
            (f"Shares of {maker} rose 5% on Tuesday.", {(slug, "share_price_change", "reported", *day)})
        )
        cases.append(
            (
                f"{maker} shares fell 5% in Hong Kong on Tuesday.",
                {(slug, "share_price_change", "reported", *day)},
            )
        )
    for maker, slug in [("Tesla", "tesla"), ("BYD", "byd")]:
        may = ("2025-05-01", "2025-05-31")
        cases.append(
            (f"{maker} had a market share of 12% in May.", {(slug, "market_share", "reported", *may)})
        )
        cases.append((f"{maker} took 12% of the market in May.", {(slug, "market_share", "reported", *may)}))
    for maker, model, slug in [("Tesla", "Model Y", "tesla-model-y"), ("Xiaomi", "SU7", "xiaomi-su7")]:
        cases.append(
            (
                f"{maker} priced the {model} at 250,000 yuan.",
                {(slug, "vehicle_price", "reported", None, None)},
            )
        )
        cases.append(
            (
                f"{maker} cut the price of the {model} by 10,000 yuan to 250,000 yuan.",
                {(slug, "vehicle_price", "reported", None, None)},
            )
        )
    broken = _broken(ex, cases, ("subject", "metric", "modality", "period_start", "period_end"))
    assert not broken, "\n".join(broken)
