"""The topic gate: claims only from text about vehicles, ambiguous aliases only with vehicle context.

Rule tests on short real-looking texts (EV news must pass, general news must not), the pure scoring
functions, checked loading of the data files, and the 424 real news pages of shared/data/naeb.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from contract.errors import PatternError
from extractors import Extractor, load_nlp
from extractors.components import SPAN_KEY
from extractors.registry import load_registry, read_entities
from extractors.topic import DENSITY, Context, Evidence, Gate, decide, load_terms, paragraphs, topic_terms

PUB = dt.date(2025, 6, 10)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def subjects(ex: Extractor, text: str) -> set[tuple]:
    return {(c["subject"], c["metric"], c["value_low"]) for c in ex.extract(text, PUB)}


# Short EV news: one maker name or one vehicle word is enough.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BYD sold 382,585 vehicles in June.", ("byd", "sales_volume", 382585.0)),
        ("Consensus expects BYD to post net profit of RMB40.3 billion.", ("byd", "net_profit", 40.3e9)),
        ("Tesla's third-quarter revenue rose 8% to $25.18 billion.", ("tesla", "revenue", 25.18e9)),
        (
            "France's market grew 5% in May. Battery-electric models took 18.6% of the market.",
            ("fr", "market_share", 18.6),
        ),
        ("Ford sold 10,000 Mustang Mach-E SUVs in May.", ("ford-mustang-mach-e", "sales_volume", 10000.0)),
        ("Lincoln sold 8,000 SUVs in the US in May.", ("lincoln", "sales_volume", 8000.0)),
    ],
)
def test_topic_short_ev_news_passes_the_gate(ex, text, expected):
    assert expected in subjects(ex, text)


# General news: prices, shares and revenues that are not about vehicles, often beside an alias that
# names something else there.
@pytest.mark.parametrize(
    "text",
    [
        "Through Dec. 31 at American Blues Theater, 5627 N. Lincoln Ave.; tickets $29.50-$69.50.",
        "Rallying a crowd before the Lincoln Memorial, the group said it had $2.94 million in revenue.",
        "Recently, the Tata Group became the first Indian company to make iPhones.\n\n"
        "But it holds only 6 percent of the market share in the overall smartphone segment.",
        "There are cheaper players, such as the Panasonic DP-UB900, which costs €2,500.",
        "I also tried the Frogg Togg's ultralight jacket ($19).",
        "Xiaomi holds 14% of the smartphone market in Europe, and its new phone costs $799.",
        "It could put opponents to sleep with 100 percent accuracy, a move Japan's fans love.",
        "Uncommon Goods Tea Leaf Reading Kit, each pair costing less than $23.",
    ],
)
def test_topic_general_news_yields_no_claims(ex, text):
    assert ex.extract(text, PUB) == []


THEATRE = (
    "12 things to do around Chicago this weekend\n\n"
    "The Nutcracker runs through Dec. 30 at the Auditorium Theatre, 50 E. Ida B. Wells Drive; "
    "tickets from $35. The ballet's score is played live by a 60-piece orchestra and the sets "
    "were rebuilt this year after a fire destroyed the old ones in the company's warehouse.\n\n"
    "A Christmas Carol plays at the Goodman Theatre, 170 N. Dearborn St., through Dec. 31; tickets "
    "from $25. The production, now in its 46th year, returns with a new Scrooge and a revised "
    "second act that the director says brings the ghosts closer to the audience than ever.\n\n"
    "Holiday lights cover Lincoln Park Zoo every night until Jan. 7; admission is free, but parking "
    "costs $20 and the lots fill up early on weekends, so the zoo suggests taking the bus.\n\n"
)
CAR_PASSAGE = (
    "Also this week: Tesla delivered 484,507 vehicles in the fourth quarter, the electric-car maker "
    "said, and its Model Y was again the best-selling car in the world.\n\n"
)


def test_topic_general_page_keeps_only_its_car_passage(ex, nlp):
    text = THEATRE * 3 + CAR_PASSAGE + THEATRE * 3
    claims = ex.extract(text, PUB)
    assert {(c["subject"], c["metric"], c["value_low"]) for c in claims} == {
        ("tesla", "deliveries", 484507.0)
    }
    gate = nlp(text)._.topic
    start = text.index("Also this week")
    assert not gate.whole and gate.covers(start) and not gate.covers(text.index("The Nutcracker"))


WHISKEY = (
    "The Best Double-Barrel American Whiskeys Of 2023\n\n"
    "WhistlePig's collaboration with the Alfa Romeo F1 Team was a project we could not ignore: "
    "the rye was finished in barrels that rode out a wind tunnel session, and it is bottled at "
    "96.77 proof as a nod to the team's driver.\n\n"
    "Great Jones started with their signature mash bill of locally-grown New York rye, malted "
    "barley and corn, aged no less than seven years, then finished the juice in Pineau de "
    "Charentes casks, a rare fortified wine that blends fresh-pressed grape juice with Cognac. "
    "With a price point of only $45, these bourbons might also be the most affordable thing "
    "you will ever find featuring Basquiat's artwork.\n\n"
    "Garrison and Todd think of Guadalupe as a dessert bourbon, its notes of strawberry preserve, "
    "ripe plums, honey and blueberry complementing your favorite post-dinner indulgence. Only a "
    "little over 15,000 bottles were released, with a suggested retail price of $150.\n\n"
)


def test_topic_a_maker_named_in_passing_does_not_make_a_long_page_about_vehicles(ex, nlp):
    text = WHISKEY + THEATRE * 2
    assert ex.extract(text, PUB) == []
    assert not nlp(text)._.topic.whole


def test_topic_off_topic_text_runs_no_claim_rules(nlp):
    doc = nlp(THEATRE * 3)
    assert doc._.topic.spans == () and doc._.claims == []


def test_topic_ambiguous_alias_needs_vehicle_context(nlp):
    def kept(text: str) -> list[str]:
        doc = nlp(text)
        return [s.kb_id_ for s in doc.spans[SPAN_KEY]]

    assert kept("Lincoln sold 8,000 SUVs in May.") == ["lincoln"]
    assert kept("Rallying a crowd before the Lincoln Memorial, he spoke for an hour.") == []
    assert kept("The Ford Foundation gave $5 million to the museum.") == []
    assert kept("Ford cut the price of its F-150 Lightning pickup.") == ["ford", "ford-f150-lightning"]
    # an unambiguous alias never needs context
    assert kept("BYD rose 3% in Hong Kong.") == ["byd", "hk"]


def test_topic_ambiguous_alias_one_sense_per_text(nlp):
    """A maker confirmed once in a text (vehicle talk near one mention, or an unambiguous alias)
    keeps every mention, however far from the vehicle talk; an unconfirmed one keeps none."""

    def kept(text: str) -> list[str]:
        doc = nlp(text)
        return [s.kb_id_ for s in doc.spans[SPAN_KEY]]

    filler = " The board met on Tuesday to discuss the dividend and the buyback." * 8
    assert kept("Ford Motor reported results." + filler + " Ford's revenue rose 5% to $48 billion.") == [
        "ford",
        "ford",
    ]
    assert kept("Ford cut prices on its cars." + filler + " Ford's revenue rose 5%.") == ["ford", "ford"]
    assert kept("Harrison Ford starred in the film." + filler + " Ford earned $5 million.") == []


def test_topic_decide_whole_paragraphs_and_nothing():
    text = "Tesla cut prices.\nThe weather was fine.\n"
    assert decide(text, 4, [Evidence(0, 1.0)]).whole  # short: scored as MIN_WORDS long
    long_text = "\n".join(["word " * 60] * 10 + ["Tesla delivered cars here."] + ["word " * 60] * 10)
    start = long_text.index("Tesla")
    gate = decide(long_text, 1201, [Evidence(start, 1.0), Evidence(long_text.index("cars"), 1.0)])
    assert not gate.whole and gate.score < DENSITY
    assert gate.covers(start) and not gate.covers(0) and len(gate.spans) == 1
    assert decide(long_text, 1201, []).spans == ()
    # weak words alone never make a text on topic ("battery life", "charging" in a phone review)
    assert not decide("Its battery lasts.", 3, [Evidence(4, 0.25)] * 8).whole


def test_topic_gate_covers_only_its_spans():
    gate = Gate(1.0, False, ((10, 20), (40, 50)))
    assert [gate.covers(i) for i in (0, 10, 19, 20, 45, 50)] == [False, True, True, False, True, False]


def test_topic_paragraphs_are_non_blank_lines():
    assert paragraphs("Title\n\n  \nFirst para.\nSecond.") == [(0, 5), (10, 21), (22, 29)]


def test_topic_context_sums_evidence_near_a_position():
    ctx = Context([Evidence(900, 0.25), Evidence(100, 1.0), Evidence(300, 0.25)])
    assert ctx.near(150, chars=200) == 1.25
    assert ctx.near(1500, chars=200) == 0.0


def test_topic_words_of_other_trades_count_against(ex, nlp):
    assert topic_terms()["smartphone"] < 0
    phone = "Xiaomi holds 14% of the smartphone market in Europe, and its new phone costs $799."
    assert not nlp(phone)._.topic.spans
    car = "Xiaomi, the smartphone maker, delivered 20,000 SU7 sedans in May."
    assert nlp(car)._.topic.whole
    assert ("xiaomi-su7", "deliveries", 20000.0) in subjects(ex, car)


def test_topic_terms_file_is_checked(tmp_path):
    terms = topic_terms()
    assert terms["automaker"] == 1.0 and 0 < terms["battery"] < 1.0
    bad = tmp_path / "topic.jsonl"
    bad.write_text('{"weight": 1.0, "phrases": ["car"]}\n{"weight": 2, "phrases": ["EV"]}\n')
    with pytest.raises(PatternError, match=r"topic.jsonl:2: weight"):
        load_terms(bad)
    bad.write_text('{"weight": 0, "phrases": ["car"]}\n')
    with pytest.raises(PatternError, match=r"topic.jsonl:1: weight must be a non-zero number"):
        load_terms(bad)
    bad.write_text('{"weight": 1.0, "phrases": ["car"]}\n{"weight": 0.5, "phrases": ["Car"]}\n')
    with pytest.raises(PatternError, match=r"topic.jsonl:2: phrase 'Car' is listed twice"):
        load_terms(bad)
    bad.write_text('{"weight": 1.0, "phrases": []}\n')
    with pytest.raises(PatternError, match=r"topic.jsonl:1: phrases"):
        load_terms(bad)


def test_topic_registry_ambiguous_aliases_are_checked(tmp_path):
    reg = load_registry()
    assert "Lincoln" in reg.get("lincoln").ambiguous and "Tata Motors" not in reg.get("tata-motors").ambiguous
    bad = tmp_path / "entities.jsonl"
    row = {"id": "x", "name": "X", "kind": "company", "aliases": ["X Motors"], "ambiguous": ["X"]}
    bad.write_text(json.dumps(row) + "\n")
    with pytest.raises(
        PatternError, match=r"entities.jsonl:1: ambiguous must list some of the entity's aliases"
    ):
        read_entities(bad)


# NAEB articles about cars or the car industry, picked out by reading them (shared/tools/offtopic_check.py).
NAEB_CAR_ARTICLES = {9, 10, 95, 105, 106, 157, 158, 234, 370, 387, 408, 409, 410}


def test_topic_naeb_general_news_yields_almost_no_claims(ex, nlp, shared_data):
    """424 real pages of every topic: at most 2 claims from articles not about cars; the car articles
    pass the gate whole and keep every registry mention."""
    arts = json.loads(shared_data("naeb", "news_articles.json").read_text(encoding="utf-8"))
    items = [(a["id"], a["title"] + "\n\n" + a["text"], a["date"]) for a in arts]
    off = [c for doc_id, claims in ex.extract_many(items) if doc_id not in NAEB_CAR_ARTICLES for c in claims]
    assert len(off) <= 2, [(c["subject"], c["metric"], c["sentence"][:80]) for c in off]
    cars = [text for doc_id, text, _ in items if doc_id in NAEB_CAR_ARTICLES]
    assert len(cars) == 13
    plain = load_nlp()
    plain.remove_pipe("evclaims_topic")
    plain.remove_pipe("evclaims_claims")
    for text, doc, bare in zip(cars, nlp.pipe(cars), plain.pipe(cars), strict=True):
        assert doc._.topic.whole, text[:60]
        assert len(doc.spans[SPAN_KEY]) == len(bare.spans[SPAN_KEY]), text[:60]


def test_topic_naeb_car_paragraph_inside_a_general_page(ex, shared_data):
    """A real paragraph of a car review (NAEB 106, Lexus RZ prices) put in the middle of a real
    what's-on page (NAEB 186, Chicago theatre listings): the figures of the paragraph, none of the
    ticket prices around it."""
    arts = {a["id"]: a for a in json.loads(shared_data("naeb", "news_articles.json").read_text("utf-8"))}
    car = [p for p in arts[106]["text"].split("\n\n") if "$55,150" in p]
    host = (arts[186]["title"] + "\n\n" + arts[186]["text"]).split("\n\n")
    text = "\n\n".join(host[: len(host) // 2] + car + host[len(host) // 2 :])
    claims = ex.extract(text, dt.date(2023, 12, 20))
    assert {c["value_low"] for c in claims} == {55150.0, 56390.0, 60880.0}
    assert {c["sentence"] for c in claims} <= set(re.split(r"(?<=\.) ", car[0]))
