"""The Extractor API: claim shape, batching, versioning, the spaCy packaging and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from contract.errors import ExtractionError, PatternError
from contract.spec import BASES, CLAIM_FIELDS, METRICS, MODALITIES, QUALIFIERS, SEGMENTS, UNITS
from extractors import MAX_CHARS, Extractor, load_nlp
from extractors.lexicon import load_lexicon

TEXT = (
    "BYD sold 4.27 million vehicles in 2024, up 41% from a year earlier. "
    "The company's revenue reached 777 billion yuan in fiscal 2024."
)


def test_extract_claims_have_exactly_the_spec_fields(ex):
    claims = ex.extract(TEXT, published=dt.date(2025, 3, 25))
    assert claims
    for c in claims:
        assert tuple(c) == CLAIM_FIELDS
        assert c["metric"] in METRICS and c["modality"] in MODALITIES
        assert c["unit"] is None or c["unit"] in UNITS
        assert c["qualifier"] is None or c["qualifier"] in QUALIFIERS
        assert c["segment"] is None or c["segment"] in SEGMENTS
        assert c["basis"] is None or c["basis"] in BASES
        assert TEXT[c["start_char"] : c["end_char"]] == c["sentence"]
        assert 0 <= c["confidence"] <= 1


def test_extract_reads_values_metrics_and_periods(ex):
    got = {
        (c["subject"], c["metric"], c["value_low"], c["period_start"], c["period_end"], c["basis"])
        for c in ex.extract(TEXT, published=dt.date(2025, 3, 25))
    }
    assert ("byd", "sales_volume", 4270000.0, "2024-01-01", "2024-12-31", None) in got
    assert ("byd", "sales_volume_growth", 41.0, "2024-01-01", "2024-12-31", "yoy") in got
    assert ("byd", "revenue", 777e9, "2024-01-01", "2024-12-31", None) in got


def test_extract_many_keeps_order_and_ids(ex):
    items = [
        ("a", TEXT, None),
        ("b", "", None),
        ("c", "No numbers here.", "2025-01-02"),
        ("d", TEXT, dt.date(2025, 1, 2)),
    ]
    out = list(ex.extract_many(items, batch_size=2))
    assert [doc_id for doc_id, _ in out] == ["a", "b", "c", "d"]
    assert out[1][1] == [] and out[2][1] == [] and out[0][1] and out[3][1]


def test_extract_version_changes_with_content_and_is_stable(ex):
    assert ex.version.startswith("0.1.0+") and len(ex.version) > 8
    assert Extractor().version == ex.version


def test_extract_components_are_registered_and_fill_doc_claims():
    nlp = load_nlp()
    assert nlp.pipe_names[-4:] == [
        "evclaims_sentences",
        "evclaims_entities",
        "evclaims_topic",
        "evclaims_claims",
    ]
    for name in ("evclaims_sentences_v1", "evclaims_entities_v1", "evclaims_topic_v1", "evclaims_claims_v1"):
        assert Language.has_factory(name)
    assert Language.get_factory_meta("evclaims_claims_v1").assigns == ["doc._.claims"]
    docs = list(nlp.pipe(["Tesla delivered 1.79 million vehicles in 2024.", "Nothing to see."]))
    assert [len(d._.claims) for d in docs] == [1, 0]
    assert {s.kb_id_ for s in docs[0].spans["evclaims_entities"]} == {"tesla"}


def test_extract_unknown_model_is_a_one_line_error():
    with pytest.raises(ExtractionError, match="not installed") as info:
        Extractor(model="en_no_such_pipeline")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Der Absatz stieg im Mai um 12 Prozent auf 30.000 Fahrzeuge.",
        "比亚迪5月销量38万辆。",
        "\x00\x01\x02\x03binary\x04\x05" * 50,
        "Tesla sold \ud800 1,000 cars \udfff in May.",
        "9" * 5000,
        "%%%%$$$$€€€€ 1-2-3-4-5 ((((( 2024 2025 )))))",
    ],
)
def test_extract_bad_input_never_crashes(ex, text):
    claims = ex.extract(text)
    assert isinstance(claims, list)
    assert all(tuple(c) == CLAIM_FIELDS for c in claims)


def test_extract_huge_input_is_capped(ex):
    para = "Tesla delivered 1,000 vehicles in May. " * 20 + "\n"
    text = para * (10_000_000 // len(para) + 1)
    claims = ex.extract(text, published=dt.date(2025, 6, 1))
    assert claims and max(c["end_char"] for c in claims) <= MAX_CHARS


def test_extract_non_text_input_is_a_one_line_error(ex):
    with pytest.raises(ExtractionError, match="text must be str"):
        list(ex.extract_many([("doc-1", b"bytes", None)]))
    with pytest.raises(ExtractionError, match="doc-2: published"):
        list(ex.extract_many([("doc-2", "text", "not a date")]))


def test_extract_lexicon_loads_every_data_file():
    lex = load_lexicon()
    assert {t.metric for t in lex.metrics} >= {"sales_volume", "deliveries", "revenue", "market_share"}
    assert lex.metric_of["sold"] == "sales_volume" and lex.metric_of["selling"] == "sales_volume"
    assert lex.metric_of["delivered"] == "deliveries"
    assert lex.currencies_before["RMB"] == "CNY" and lex.currencies_before["US$"] == "USD"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"metric": "salez", "unit_kind": "vehicles", "lemmas": [], "phrases": ["x"]}',
            "unknown metric 'salez'",
        ),
        ('{"metric": "sales_volume"}', "missing unit_kind, lemmas, phrases"),
        ("not json", "not JSON"),
    ],
)
def test_extract_lexicon_errors_name_file_and_line(tmp_path, line, message):
    good = '{"metric": "sales_volume", "unit_kind": "vehicles", "lemmas": [], "phrases": ["sold"]}'
    (tmp_path / "metrics.jsonl").write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(PatternError, match=rf"metrics.jsonl:2: {message}"):
        load_lexicon(str(tmp_path))


WORDS = [
    "BYD",
    "Tesla",
    "sold",
    "delivered",
    "1,000",
    "4.27 million",
    "15-20%",
    "in",
    "Q1",
    "2024",
    "last",
    "year",
    "up",
    "revenue",
    "RMB",
    "€5bn",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "the company",
    "it",
    "more than",
    "between",
    "and",
    "units",
    "outsold",
    "Mercedes",
    "market share",
    "of",
    "sales",
    "%",
    "May",
    "first half",
    "year-on-year",
    "doubled",
    "one-third",
    "9 out of 10",
    "kWh",
    "km",
    "basis points",
    "as of the end of",
    "March",
    "the model",
    "the company",
    "it",
    "Aito, the brand of Seres,",
    "the second half of",
    "which",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=30),
    st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))),
)
def test_extract_random_news_like_text_gives_well_formed_claims(ex, parts, published):
    text = " ".join(parts)
    for c in ex.extract(text, published):
        assert c["value_low"] is None or c["value_low"] <= c["value_high"]
        assert text[c["start_char"] : c["end_char"]] == c["sentence"]


def test_extract_other_languages_yield_no_claims(ex):
    german = (
        "Der chinesische Hersteller BYD hat im Mai rund 380.000 Fahrzeuge verkauft, ein Plus von 37 Prozent "
        "gegenüber dem Vorjahr. Tesla lieferte im zweiten Quartal 384.122 Autos aus, die Reichweite des Model Y "
        "liegt bei bis zu 600 km. Die Aktie von Nio stieg um 10 Prozent, nachdem das Unternehmen neue Zahlen "
        "vorgelegt hatte und die Prognose für das Gesamtjahr bestätigte."
    )
    assert ex.extract(german) == []
